/**
 * Entry of the integration suite, in @vscode/test-electron style: VS Code loads this module from
 * `extensionTestsPath` inside the extension host and awaits `run()`. The test files are bundled into this one file
 * (dist/test/integration.js) by scripts/build.mjs; they register their suites when imported below, after Mocha has
 * installed its `suite`/`test` globals.
 *
 * Runs here inside code-server (scripts/e2e/run-integration.sh) and, where VS Code can be downloaded, with
 * @vscode/test-electron (scripts/e2e/run-integration-electron.mjs). `GRADIENT_LENS_GREP` filters tests by name.
 */
import Mocha from 'mocha';

export async function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'tdd', color: false, timeout: 60_000, slow: 2_000 });
  const grep = process.env.GRADIENT_LENS_GREP;
  if (grep) mocha.grep(grep);
  mocha.suite.emit('pre-require', globalThis, 'integration', mocha);
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
  return new Promise((resolve, reject) => {
    mocha.run((failures) => (failures > 0 ? reject(new Error(`${failures} integration tests failed.`)) : resolve()));
  });
}
