/**
 * Robustness in the real extension host: worker recovery (a worker that hangs or dies), memory after a
 * large run, the extension host's responsiveness while a 2,000-line file is edited for 30 s, and activation in an
 * untrusted workspace (`sh scripts/e2e/run-integration.sh --untrusted` runs that suite in a restricted window).
 */
import * as assert from 'node:assert';
import * as vscode from 'vscode';
import { api, lenses, log, onTheWeb, sleep, waitFor } from './helpers';

async function untitled(content: string): Promise<vscode.TextEditor> {
  const doc = await vscode.workspace.openTextDocument({ language: 'python', content });
  return vscode.window.showTextDocument(doc);
}

const titles = async (uri: vscode.Uri) => (await lenses(uri)).map((l) => `${l.line}: ${l.title}`);

const SMALL = [
  'import tensorflow as tf',
  '',
  'x = tf.constant(3.0)',
  'with tf.GradientTape() as t:',
  '  t.watch(x)',
  '  y = x * x',
  'dy_dx = t.gradient(y, x)',
  '',
].join('\n');
const LENS = '6: dy/dx = 6.0 · () float32';

suite('robustness: worker recovery', () => {
  const trusted = () => vscode.workspace.isTrusted;

  test('a worker that hangs is terminated and replaced; the last good lens stays; the next edit evaluates', async function () {
    if (!trusted()) this.skip();
    const a = await api();
    const config = vscode.workspace.getConfiguration('gradientLens');
    await config.update('timeBudgetMs', 500, vscode.ConfigurationTarget.Global);
    try {
      const editor = await untitled(SMALL);
      const { document: doc } = editor;
      await a.settled(doc.uri);
      await waitFor('the first lens', async () => (await titles(doc.uri)).includes(LENS));
      const workers = a.workersStarted();
      const timeouts = a.runCounts().timeouts;
      a.testWorker('hang');
      await editor.edit((b) => b.insert(new vscode.Position(7, 0), '# an edit while the worker hangs\n'));
      await waitFor('the run to time out', () => a.status(doc.uri)?.kind === 'timeout', 30_000);
      log('after the hang', { status: a.status(doc.uri), counts: a.runCounts(), workers: a.workersStarted() });
      assert.strictEqual(a.runCounts().timeouts, timeouts + 1, 'one run timed out');
      assert.ok(
        (await titles(doc.uri)).includes(`${LENS} · $(history) stale: evaluation timed out`),
        'the last good lens is still shown, saying the evaluation of the edit timed out',
      );
      await editor.edit((b) => b.replace(new vscode.Range(5, 6, 5, 11), 'x * x * x'));
      await waitFor('the next edit evaluated normally', async () =>
        (await titles(doc.uri)).includes('6: dy/dx = 27.0 · () float32'),
      );
      assert.strictEqual(a.status(doc.uri)?.kind, 'idle');
      assert.strictEqual(a.workersStarted(), workers + 1, 'one new worker');
    } finally {
      await config.update('timeBudgetMs', undefined, vscode.ConfigurationTarget.Global);
    }
  });

  test('a worker that dies is replaced; the last good lens stays; the next edit evaluates', async function () {
    if (!trusted()) this.skip();
    const a = await api();
    const editor = await untitled(SMALL);
    const { document: doc } = editor;
    await a.settled(doc.uri);
    await waitFor('the first lens', async () => (await titles(doc.uri)).includes(LENS));
    const workers = a.workersStarted();
    a.testWorker('exit');
    await sleep(300);
    assert.ok((await titles(doc.uri)).includes(LENS), 'the lens is still shown');
    await editor.edit((b) => b.replace(new vscode.Range(5, 6, 5, 11), 'x * x * x'));
    await waitFor('the next edit evaluated normally', async () =>
      (await titles(doc.uri)).includes('6: dy/dx = 27.0 · () float32'),
    );
    assert.strictEqual(a.workersStarted(), workers + 1, 'one new worker');
  });

  test('a large run gets the worker replaced; the worker memory is back at the baseline (Node: measured)', async function () {
    if (!trusted()) this.skip();
    this.timeout(300_000);
    const a = await api();
    // A budget of minutes: the large run ends on its own however busy the machine is (a run stopped at its deadline
    // before it allocated 512 MB would not need a new worker).
    const config = vscode.workspace.getConfiguration('gradientLens');
    await config.update('timeBudgetMs', 120_000, vscode.ConfigurationTarget.Global);
    try {
      const small = await untitled(SMALL);
      await a.settled(small.document.uri, 120_000);
      const baseline = await a.workerMemory();
      const recycled = a.runCounts().recycled;
      const big = await untitled('import tensorflow as tf\nxs = [tf.ones((1000, 1000)) for _ in range(150)]\n');
      const report = await a.settled(big.document.uri, 240_000);
      log('the large run', { stopped: report?.stopped, counts: a.runCounts() });
      assert.ok(report && !report.stopped, 'the large run ended on its own');
      // The worker is replaced when the result arrives, before the report is published.
      assert.strictEqual(a.runCounts().recycled, recycled + 1, 'the worker was replaced after the large run');
      // Evaluate the small file again in the new worker, then measure.
      const again = await vscode.window.showTextDocument(small.document);
      await again.edit((b) => b.insert(new vscode.Position(7, 0), '# again\n'));
      await a.settled(small.document.uri, 120_000);
      const after = await a.workerMemory();
      log('worker memory (MB)', { baseline, after });
      assert.ok(baseline && after);
      // The same small program in the fresh worker allocated the same tensor data.
      assert.strictEqual(after.allocatedMb, baseline.allocatedMb);
      if (a.host === 'web') {
        // A browser gives a Web Worker no reading of its heap or of the ArrayBuffers it holds.
        assert.strictEqual(after.heapUsedMb, undefined);
        return;
      }
      assert.ok(
        after.heapUsedMb !== undefined && after.externalMb !== undefined,
        'a Node worker reads its heap and outside memory',
      );
      assert.ok(
        after.heapUsedMb + after.externalMb < (baseline.heapUsedMb ?? 0) + (baseline.externalMb ?? 0) + 64,
        'memory returned to the baseline',
      );
    } finally {
      await config.update('timeBudgetMs', undefined, vscode.ConfigurationTarget.Global);
    }
  });

  test("the first worker wrote V8's code cache for the engine into global storage; replaced workers start from it", async function () {
    if (!trusted()) this.skip();
    // Node only: a browser's Web Worker has no V8 code cache to hand over (the browser caches compiled scripts).
    if (await onTheWeb()) this.skip();
    const a = await api();
    await waitFor('the code cache', () => a.codeCacheFile() !== undefined, 10_000);
    const file = vscode.Uri.file(a.codeCacheFile() as string);
    const { size } = await vscode.workspace.fs.stat(file);
    log('code cache', { file: file.fsPath, bytes: size, workers: a.workersStarted() });
    assert.match(file.fsPath, /code-cache[\\/]worker-[0-9a-f]{16}-[0-9a-f]{8}\.v8cache$/);
    assert.ok(size > 100_000, 'the cache covers the functions of a run, not only the top level');
    // The workers replaced above (hang, exit, large run) started with it and evaluated normally.
    assert.ok(a.workersStarted() >= 3);
    const dir = await vscode.workspace.fs.readDirectory(vscode.Uri.joinPath(file, '..'));
    assert.deepStrictEqual(
      dir.map(([name]) => name).filter((f) => f.includes('.loading-')),
      [],
      'no start with the cache is left unfinished',
    );
  });
});

/** A 2,000-line file: 200 blocks of tapes and gradients, each of 10 lines. */
function bigProgram(): string {
  const lines = ['import tensorflow as tf', ''];
  for (let i = 0; lines.length < 2000; i++) {
    lines.push(
      `x${i} = tf.Variable(${(i % 7) + 1}.0)`,
      `with tf.GradientTape() as t${i}:`,
      `    y${i} = x${i} * x${i} + ${i}.0`,
      `    z${i} = tf.reduce_sum(tf.stack([y${i}, y${i} * 2.0]))`,
      `g${i} = t${i}.gradient(z${i}, x${i})`,
      `assert g${i}.numpy() == ${6 * ((i % 7) + 1)}.0`,
      `s${i} = [float(g${i}), ${i}]`,
      `# block ${i}`,
      '',
      '',
    );
  }
  return lines.slice(0, 2000).join('\n');
}

/** A deterministic pseudo-random sequence (the same typing every run). */
function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

suite('robustness: responsiveness under load', () => {
  test('a 2,000-line file edited for 30 s: the extension host stays responsive and stale runs are dropped', async function () {
    if (!vscode.workspace.isTrusted) this.skip();
    this.timeout(120_000);
    const a = await api();
    const editor = await untitled(bigProgram());
    const { document: doc } = editor;
    assert.strictEqual(doc.lineCount, 2000);
    const first = await a.settled(doc.uri, 60_000);
    assert.ok(first, 'the file is evaluated');
    log('one evaluation of the 2,000-line file', first.timing);
    const before = a.runCounts();
    const random = lcg(7);
    // Typing: bursts of keystrokes 30–80 ms apart, with pauses of 0.2–1.2 s (long enough for a run to start, which
    // the next burst then makes stale). Every edit goes through the extension host like a keystroke.
    a.eventLoopDelay.start();
    const t0 = Date.now();
    let edits = 0;
    const slowEdits: number[] = [];
    while (Date.now() - t0 < 30_000) {
      const burst = 3 + Math.floor(random() * 12);
      for (let k = 0; k < burst && Date.now() - t0 < 30_000; k++) {
        const block = Math.floor(random() * 199);
        const line = 2 + block * 10 + 7; // the `# block i` comment line
        const end = doc.lineAt(line).text.length;
        const e0 = Date.now();
        const ok = await editor.edit((b) =>
          random() < 0.7 || end <= `# block ${block}`.length
            ? b.insert(new vscode.Position(line, end), 'x')
            : b.delete(new vscode.Range(line, end - 1, line, end)),
        );
        const editMs = Date.now() - e0;
        if (editMs > 200) slowEdits.push(editMs);
        assert.ok(ok, 'the edit applied');
        edits++;
        await sleep(30 + Math.floor(random() * 50));
      }
      await sleep(200 + Math.floor(random() * 1000));
    }
    const delay = a.eventLoopDelay.stop();
    const typedFor = Date.now() - t0;
    const last = await a.settled(doc.uri, 60_000);
    const after = a.runCounts();
    const runs = {
      edits,
      requested: after.requested - before.requested,
      started: after.started - before.started,
      finished: after.finished - before.finished,
      superseded: after.superseded - before.superseded,
      timeouts: after.timeouts - before.timeouts,
      crashes: after.crashes - before.crashes,
    };
    const eventLoop = Object.fromEntries(Object.entries(delay).map(([k, v]) => [k, Math.round(v * 10) / 10]));
    log('responsiveness', { typedForMs: typedFor, eventLoopDelayMs: eventLoop, runs, slowEdits });
    assert.ok(delay.count > 1000, 'the monitor sampled the whole time');
    // Bounds of seconds, which hold however busy the machine is (with two busy loops on 2 cores the p99 reaches
    // ~250 ms from scheduling alone) and still fail if evaluations ran on the host thread: one evaluation of this
    // file takes ~2 s and about 25 start while typing. On a quiet machine the p99 is < 10 ms (logged above).
    assert.ok(delay.p99 < 1000, `p99 event-loop delay ${delay.p99.toFixed(1)} ms`);
    assert.ok(delay.max < 3000, `max event-loop delay ${delay.max.toFixed(1)} ms`);
    assert.ok(runs.requested >= edits, 'every edit requested a run');
    assert.ok(runs.started < runs.requested / 2, 'most requests were dropped before they ran (debounce)');
    assert.ok(runs.superseded > 0, 'stale requests and results were dropped');
    // Requests that never ran were superseded while waiting; the others ended as a result, a dropped (stale) result,
    // a timeout or a crash.
    const droppedAfterStart = runs.superseded - (runs.requested - runs.started);
    assert.strictEqual(runs.started, runs.finished + droppedAfterStart + runs.timeouts + runs.crashes);
    assert.strictEqual(runs.crashes, 0);
    // The last edit's version is the one shown.
    assert.ok(last);
    assert.strictEqual(a.status(doc.uri)?.kind, 'idle');
  });
});

suite('untrusted workspace', () => {
  test('the extension activates and evaluates in restricted mode', async function () {
    if (vscode.workspace.isTrusted) this.skip();
    const ext = vscode.extensions.getExtension('gradient-lens.gradient-lens');
    assert.ok(ext);
    const a = await api();
    assert.ok(ext.isActive, 'active in an untrusted workspace');
    const editor = await untitled(SMALL);
    await a.settled(editor.document.uri);
    await waitFor('the lens in restricted mode', async () => (await titles(editor.document.uri)).includes(LENS));
    log('untrusted workspace', { isTrusted: vscode.workspace.isTrusted, lenses: await titles(editor.document.uri) });
  });
});
