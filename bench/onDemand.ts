/**
 * The editor's side of a run: the size of the report it receives for W2 (the bounded report) against the full
 * report (`gradient-lens run --json`), with the time of each and of the details asked for later; and keystroke to
 * lens on the seed: a scheduler with the default debounce and the production worker, from the edit to the report
 * (the lenses wait for that report, the inlay hints follow it by VS Code's 25 ms debounce).
 */

import { evaluate } from '../src/engine/run';
import { readConfig, runOptions } from '../src/extension/core/config';
import { type Outcome, Scheduler } from '../src/extension/core/scheduler';
import type { RunInput } from '../src/protocol/report';
import { nodeTransport } from '../src/worker/transport.node';
import { editorOptions, programOf } from './peers/python';
import { median } from './timing';
import type { WorkloadId } from './workloads';

export interface ReportSizes {
  boundedBytes: number;
  fullBytes: number;
  boundedMs: number;
  fullMs: number;
  graphsMs: number;
  explanationMs: number;
}

/** W2 with the editor's options (bounded) and in full, five runs each after a warm-up: sizes and median times. */
export function w2ReportSizes(): ReportSizes {
  const input: RunInput = { kind: 'python', cells: [{ source: programOf('W2').source }] };
  const bounded = editorOptions();
  const full = { ...bounded, bounded: false };
  const time = (options: typeof bounded) => {
    const ms: number[] = [];
    let last = evaluate(input, options);
    for (let i = 0; i < 5; i++) {
      const t0 = performance.now();
      last = evaluate(input, options);
      ms.push(performance.now() - t0);
    }
    return { ms: median(ms), last };
  };
  const b = time(bounded);
  const f = time(full);
  let t0 = performance.now();
  b.last.answer({ kind: 'tapes' });
  const graphsMs = performance.now() - t0;
  t0 = performance.now();
  b.last.answer({ kind: 'explanation', span: b.last.report.gradients[0].span });
  const explanationMs = performance.now() - t0;
  return {
    boundedBytes: Buffer.byteLength(JSON.stringify(b.last.report)),
    fullBytes: Buffer.byteLength(JSON.stringify(f.last.report)),
    boundedMs: b.ms,
    fullMs: f.ms,
    graphsMs,
    explanationMs,
  };
}

/** Median times of the editor's evaluation (bounded report) and of the full report (`run --json`), per workload. */
export function reportTimes(ids: readonly WorkloadId[]): { id: WorkloadId; boundedMs: number; fullMs: number }[] {
  return ids.map((id) => {
    const input: RunInput = { kind: 'python', cells: [{ source: programOf(id).source }] };
    const bounded = editorOptions();
    const time = (options: typeof bounded) => {
      evaluate(input, options);
      const ms: number[] = [];
      for (let i = 0; i < 5; i++) {
        const t0 = performance.now();
        evaluate(input, options);
        ms.push(performance.now() - t0);
      }
      return median(ms);
    };
    return { id, boundedMs: time(bounded), fullMs: time({ ...bounded, bounded: false }) };
  });
}

/**
 * Keystroke to report on the seed, `times` edits one second apart (each changes a constant, so each run is new):
 * milliseconds from the edit to the report, through the scheduler (default debounce) and a production worker.
 */
export async function keystrokeToReport(workerPath: string, seed: string, times: number): Promise<number[]> {
  const config = readConfig({ get: (_key, d) => d });
  const quiet = { trace() {}, debug() {}, info() {}, warn() {}, error() {} };
  const scheduler = new Scheduler<null>({
    transport: nodeTransport({ workerPath }),
    debounceMs: () => config.debounceMs,
    graceMs: 2000,
    staleKillMs: 750,
    log: quiet,
    onOutcome: () => {},
  });
  const uri = 'file:///bench/autodiff_tutorial.py';
  const job = (version: number) => ({
    uri,
    version: String(version),
    input: {
      kind: 'python' as const,
      document: uri,
      cells: [{ source: seed.replace('x = tf.constant(3.0)', `x = tf.constant(${3 + (version % 5)}.0)`) }],
    },
    options: runOptions(config),
    data: null,
  });
  const out: number[] = [];
  try {
    // The first evaluation starts the worker (measured elsewhere: a fresh worker's first result).
    await scheduler.schedule(job(0), { immediate: true });
    for (let i = 1; i <= times; i++) {
      await new Promise((r) => setTimeout(r, 1000));
      const t0 = performance.now();
      const outcome: Outcome = await scheduler.schedule(job(i));
      if (outcome.kind === 'report') out.push(performance.now() - t0);
    }
  } finally {
    scheduler.dispose();
  }
  return out;
}
