/**
 * Our engine through the interpreter: each workload as a Python program, evaluated as the editor evaluates it on
 * every pause in typing — parse, run, and the bounded report the editor receives (`evaluate` with the editor's
 * options; the tape graphs, explanations and full values are computed when asked for, and the benchmark times the
 * full report, `run --json`, separately). Inputs are built inside the program with the same deterministic fill
 * (tf ops), so that cost is included.
 */
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { Evaluation } from '../../src/engine/evaluation';
import { evaluate, run } from '../../src/engine/run';
import { readConfig, runOptions } from '../../src/extension/core/config';
import type { GlobalValue, NestedValue, RunReport } from '../../src/protocol/report';
import { pyFill, W2_STEPS, W2_X, W3, W4, W5, W6 } from '../data';
import type { Peer, Prepared, WorkloadId } from '../workloads';

/** The seed program: the tutorial the product ships as its example. */
export function seedSource(): string {
  const rel = path.join('examples', 'autodiff_tutorial.py');
  const beside = path.join(__dirname, '..', rel);
  return readFileSync(existsSync(beside) ? beside : rel, 'utf8');
}

const f = W3.fills;

/** A workload as a Python program, and how the bench reads its gradients back for the correctness check. */
export interface Program {
  source: string;
  /** The globals holding the gradients. */
  grads: string[];
  /** Large inputs the check deletes before the report is built (so the gradients fit in the globals). */
  big?: string[];
  /**
   * The check keeps every `thin`-th element of each gradient (flattened), and so does the reference: a report's
   * globals carry at most 100,000 elements in all.
   */
  thin?: number;
}

export const PROGRAMS: Record<Exclude<WorkloadId, 'W1'>, Program> = {
  W2: {
    source: `import tensorflow as tf

x = tf.constant(${W2_X})
with tf.GradientTape() as t:
    t.watch(x)
    y = x
    for i in range(${W2_STEPS}):
        y = y * x + 0.001
dy_dx = t.gradient(y, x)
`,
    grads: ['dy_dx'],
  },
  W3: {
    source: `import tensorflow as tf

X = ${pyFill(W3.batch * W3.inputs, f.X.a, f.X.scale, [W3.batch, W3.inputs])}
Y = tf.one_hot(tf.range(${W3.batch}) % ${W3.classes}, ${W3.classes})
W1 = tf.Variable(${pyFill(W3.inputs * W3.hidden, f.W1.a, f.W1.scale, [W3.inputs, W3.hidden])})
b1 = tf.Variable(${pyFill(W3.hidden, f.b1.a, f.b1.scale, [W3.hidden])})
W2 = tf.Variable(${pyFill(W3.hidden * W3.classes, f.W2.a, f.W2.scale, [W3.hidden, W3.classes])})
b2 = tf.Variable(${pyFill(W3.classes, f.b2.a, f.b2.scale, [W3.classes])})

with tf.GradientTape() as t:
    h = tf.nn.relu(X @ W1 + b1)
    logits = h @ W2 + b2
    loss = tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits(labels=Y, logits=logits))
dW1, db1, dW2, db2 = t.gradient(loss, [W1, b1, W2, b2])
`,
    grads: ['dW1', 'db1', 'dW2', 'db2'],
    big: ['X', 'W1', 'h', 'logits'],
    thin: 4,
  },
  W4: {
    source: `import tensorflow as tf

A = ${pyFill(W4.n * W4.n, W4.A.a, W4.A.scale, [W4.n, W4.n])}
B = ${pyFill(W4.n * W4.n, W4.B.a, W4.B.scale, [W4.n, W4.n])}
with tf.GradientTape() as t:
    t.watch([A, B])
    s = tf.reduce_sum(A @ B)
dA, dB = t.gradient(s, [A, B])
`,
    grads: ['dA', 'dB'],
    big: ['A', 'B'],
    thin: 8,
  },
  W5: {
    source: `import tensorflow as tf

x = ${pyFill(W5.n, W5.x.a, W5.x.scale, [W5.n])}
with tf.GradientTape() as t:
    t.watch(x)
    s = tf.reduce_sum(tf.sin(x) * tf.exp(-tf.square(x)) + tf.tanh(x))
dx = t.gradient(s, x)
`,
    grads: ['dx'],
    big: ['x'],
    thin: 20,
  },
  W6: {
    source: `import tensorflow as tf

x = ${pyFill(W6.n, W6.x.a, W6.x.scale, [W6.n])}
A = ${pyFill(W6.n * W6.n, W6.A.a, W6.A.scale, [W6.n, W6.n])}
with tf.GradientTape() as outer:
    outer.watch(x)
    with tf.GradientTape() as inner:
        inner.watch(x)
        f = tf.reduce_sum(x ** 3) + tf.reduce_sum(x * tf.linalg.matvec(A, x))
    g = inner.gradient(f, x)
H = outer.jacobian(g, x)
`,
    grads: ['H'],
  },
};

function flatten(v: NestedValue | Record<string, unknown> | undefined, out: number[] = []): number[] {
  if (Array.isArray(v)) for (const e of v) flatten(e, out);
  else if (typeof v === 'number') out.push(v);
  else if (typeof v === 'boolean') out.push(v ? 1 : 0);
  return out;
}

/** Problems a report shows that mean the program did not run as intended (the bench prints them). */
export function reportProblems(r: RunReport): string[] {
  const bad = r.diagnostics.filter((d) => d.severity === 'error').map((d) => `${d.code}: ${d.message}`);
  for (const a of r.asserts) if (!a.passed) bad.push(`assert failed: ${a.message ?? ''}`);
  if (r.stopped) bad.push(`stopped: ${r.stopped.reason} ${r.stopped.message}`);
  return bad;
}

/** The gradients a program bound, read from the report's globals (which carry full values). */
export function globalsOf(r: RunReport, names: readonly string[]): number[][] {
  return names.map((n) => {
    const g: GlobalValue | undefined = r.globals[n];
    if (!g) throw new Error(`the program did not bind ${n}`);
    return flatten(g.value);
  });
}

export function programOf(id: WorkloadId): Program {
  // The seed program binds these last: dz_dx of the persistent tape (108), dy_dx (3) and d2y_dx2 (6) of the nested tapes.
  if (id === 'W1') return { source: seedSource(), grads: ['dz_dx', 'dy_dx', 'd2y_dx2'] };
  return PROGRAMS[id];
}

export function runProgramOnce(id: WorkloadId): RunReport {
  return run({ kind: 'python', cells: [{ source: programOf(id).source }] });
}

/** The editor's run options with every setting at its default. */
export const editorOptions = () => runOptions(readConfig({ get: (_key, d) => d }));

export function oursInterpreter(): Peer {
  return {
    name: 'ours interp',
    prepare(id: WorkloadId): Prepared {
      const { source, grads, big, thin } = programOf(id);
      const input = { kind: 'python' as const, cells: [{ source }] };
      const options = editorOptions();
      return {
        run: () => evaluate(input, options),
        grads: (r) => {
          let report = (r as Evaluation).report;
          const problems = reportProblems(report);
          if (problems.length) throw new Error(`${id}: ${problems.join('; ')}`);
          // For the check only: the same program with its big inputs deleted at the end, so the report's globals
          // have room for the full gradients.
          // The gradients from a full report of the same program (the bounded one carries no globals).
          report = run(input);
          if (big) {
            const thinned = thin ? grads.map((g) => `${g} = tf.reshape(${g}, [-1])[::${thin}]\n`).join('') : '';
            report = run({ kind: 'python', cells: [{ source: `${source}del ${big.join(', ')}\n${thinned}` }] });
          }
          return globalsOf(report, grads);
        },
      };
    },
  };
}
