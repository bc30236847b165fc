/**
 * The integration suite's test files, in order; imported once Mocha has installed its `suite`/`test` globals. `host`
 * is the extension host the entry runs in (checked by host.test.ts).
 */
export async function loadSuites(host: 'node' | 'web'): Promise<void> {
  (globalThis as { __gradientLensSuiteHost?: string }).__gradientLensSuiteHost = host;
  await import('./host.test');
  await import('./python.test');
  await import('./diagnostics.test');
  await import('./live.test');
  await import('./notebook.test');
  await import('./commands.test');
  await import('./inspector.test');
  await import('./robustness.test');
  await import('./liveExperience.test');
  await import('./loopHistory.test');
  await import('./kernel.test');
  await import('./onDemand.test');
}
