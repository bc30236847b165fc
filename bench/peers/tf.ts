/**
 * Real TensorFlow eager as a peer (optional): a long-lived Python process per thread setting (`tf_server.py`),
 * driven over stdin/stdout, timing the same Python programs our interpreter runs. Used when a Python with
 * `tensorflow` is found: `GRADIENT_LENS_TF_PYTHON`, else `.venv-tf/bin/python` in the repository.
 *
 * Two modes per process: "eager" builds the inputs once and times the tape part (TF's own API, the counterpart of
 * ours API); "program" times the whole program text in a fresh namespace (the counterpart of ours interp).
 */
import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import type { Measurement, TimingOptions } from '../timing';
import type { WorkloadId } from '../workloads';
import { programOf } from './python';

/** The Python to use, or undefined when none is configured or found. */
export function tfPython(root: string): string | undefined {
  const env = process.env.GRADIENT_LENS_TF_PYTHON;
  if (env) return env;
  const venv = path.join(root, '.venv-tf', 'bin', 'python');
  return existsSync(venv) ? venv : undefined;
}

/** A workload's program split into its inputs (`setup`, run once in eager mode) and the tape part (`body`). */
export function splitProgram(id: WorkloadId): { setup: string; body: string; grads: string[]; thin?: number } {
  const { source, grads, thin } = programOf(id);
  // IPython magics (the seed's `%tensorflow_version`) are not Python: TF's process runs the rest.
  const lines = source.split('\n').map((l) => (/^\s*%/.test(l) ? l.replace(/%.*/, 'pass') : l));
  const cut = id === 'W1' ? -1 : lines.findIndex((l) => l.startsWith('with tf.GradientTape'));
  const at = Math.max(cut, 0);
  // Everything before the first tape builds the inputs (the seed, W1, is timed whole in both modes).
  return { setup: `${lines.slice(0, at).join('\n')}\n`, body: lines.slice(at).join('\n'), grads, thin };
}

interface Answer extends Partial<Measurement> {
  first?: number;
  grads?: number[][];
  error?: string;
}

/** One TF process (one thread setting), answering one request at a time. */
export class TfProcess {
  private readonly p: ChildProcessWithoutNullStreams;
  private buf = '';
  private waiting: ((line: string) => void) | undefined;
  private stderr = '';
  readonly ready: Promise<string>;
  constructor(python: string, script: string, threads: number) {
    this.p = spawn(python, [script, String(threads)], {
      env: { ...process.env, TF_CPP_MIN_LOG_LEVEL: '2', PYTHONUNBUFFERED: '1' },
    });
    this.p.stdout.setEncoding('utf8');
    this.p.stdout.on('data', (d: string) => {
      this.buf += d;
      for (let nl = this.buf.indexOf('\n'); nl >= 0; nl = this.buf.indexOf('\n')) {
        const line = this.buf.slice(0, nl);
        this.buf = this.buf.slice(nl + 1);
        this.waiting?.(line);
      }
    });
    this.p.stderr.on('data', (d) => {
      this.stderr = (this.stderr + String(d)).slice(-2000);
    });
    this.ready = new Promise((resolve, reject) => {
      this.waiting = (line) => resolve((JSON.parse(line) as { ready: string }).ready);
      this.p.on('error', reject);
      this.p.on('exit', (code) => reject(new Error(`TF process exited (${code}): ${this.stderr.trim()}`)));
    });
  }
  request(id: WorkloadId, mode: 'eager' | 'program', timing: TimingOptions): Promise<Answer> {
    return new Promise((resolve) => {
      this.waiting = (line) => resolve(JSON.parse(line) as Answer);
      this.p.stdin.write(`${JSON.stringify({ ...splitProgram(id), id, mode, timing })}\n`);
    });
  }
  close(): void {
    this.p.stdin.end();
    this.p.kill();
  }
}
