/**
 * Warming the engine's hot paths when a worker starts, before its first request: a fresh worker runs the seed
 * tutorial in V8's interpreter and baseline code at first (several ms per run for its first hundred runs, about
 * 1.5 ms once optimised), and that lukewarm phase is what a user sees right after opening a file. The built-in
 * program below exercises what such notebooks use (tapes, persistent and nested tapes, control flow in a Python
 * function, variables, asserts, indexing, `numpy()`, printing values into the report, and the syntax around them:
 * cell markers, long comments, a magic in a `try`, `__future__` and `from` imports, bare expressions, a `1.`
 * float and an `8.` in a comment, which take the lowering's second walk over the tree) and is run repeatedly for a
 * bounded time. Each run's text differs (a numbered comment at its end), so every run parses and lowers afresh: a
 * user's first run parses a text no cache holds, and the parser is most of that run. It leaves nothing a user's
 * run can see: each run starts from the pristine modules, tapes and random state, the warm-up's own report is
 * dropped, and its lowered cells are removed from the lowering cache afterwards.
 */
import { limits } from '../engine/limits';
import { forgetLoweredCell } from '../engine/python/lower';
import type { RunFn } from './serve';

export const WARMUP_PROGRAM = `# %%
from __future__ import absolute_import, division, print_function
# A comment line long enough to be like the prose of a tutorial's markdown cells, with "quotes", \`code\` and (brackets).
try:
  # %magic only in Colab
  %tensorflow_version 2.x
except Exception:
  pass
import tensorflow as tf
from tensorflow import keras
import numpy as np
# %% [markdown]
# #A heading
#
# More prose: the \`tf.GradientTape\` API records operations executed inside its context onto a "tape".

a = tf.ones((2, 2))
with tf.GradientTape() as tape:
    tape.watch(a)
    s = tf.reduce_sum(a)
    p = tf.multiply(s, s)
g = tape.gradient(p, a) # a trailing comment, as tutorials have them: full of 8.
half = 1. / 2.
assert half == 0.5
g
for r in [0, 1]:
    for c in [0, 1]:
        assert g[r][c].numpy() == 8.0

b = tf.constant(2.0)
with tf.GradientTape(persistent=True) as tape:
    tape.watch(b)
    u = b * b
    v = u * u
dv = tape.gradient(v, b)
du = tape.gradient(u, b)
del tape

def body(x, n):
    out = 1.0
    for i in range(n):
        if i > 1 and i < 5:
            out = tf.multiply(out, x)
    return out

def slope(x, n):
    with tf.GradientTape() as t:
        t.watch(x)
        y = body(x, n)
    return t.gradient(y, x)

k = tf.convert_to_tensor(3.0)
assert slope(k, 6).numpy() == 27.0
assert slope(k, 4).numpy() == 6.0

w = tf.Variable(2.0)
with tf.GradientTape() as t1:
    with tf.GradientTape() as t2:
        y3 = w * w * w
    d1 = t2.gradient(y3, w)
d2 = t1.gradient(d1, w)
assert d1.numpy() == 12.0
assert d2.numpy() == 12.0

m = tf.constant([[1.0, 2.0], [3.0, 4.0]])
with tf.GradientTape() as t3:
    t3.watch(m)
    loss = tf.reduce_mean(tf.nn.relu(tf.matmul(m, m) - 5.0))
dm = t3.gradient(loss, m)
print(dm.numpy(), np.float32(1.5))
`;

/** Stop warming after this long (the first request waits for it) or this many runs, whichever comes first. */
export const WARMUP_BUDGET_MS = 300;
export const WARMUP_MAX_RUNS = 120;
/**
 * Warm-up runs in all, those before the first request included: the rest run while the worker is idle, which
 * brings the seed's evaluation near its best time (about 1 ms) before a user's first edit is evaluated.
 */
export const WARMUP_TOTAL_RUNS = 400;
/** The worker counts as idle this long after its last message. */
export const WARMUP_IDLE_MS = 100;

/** The warm-up program's text for run `n`: the same program, a text of its own (no lowering cache hit). */
export const warmUpSource = (n: number): string => `${WARMUP_PROGRAM}# warm-up run ${n}\n`;

/**
 * One warm-up run. It leaves no trace a request could see: its lowered cell is not kept (a user's cells stay in
 * the lowering cache), and the tensor data the last run allocated — which the worker reports to the host, to
 * replace a worker after a run that allocated much — is still the last request's.
 */
function warmUpRun(run: RunFn, n: number): void {
  const source = warmUpSource(n);
  const allocated = limits.allocatedBytes;
  try {
    run({ kind: 'python', cells: [{ source }] });
  } finally {
    forgetLoweredCell(source);
    limits.allocatedBytes = allocated;
  }
}

/** Run the warm-up program until the budget is spent; returns how many runs it made. */
export function warmUp(run: RunFn, budgetMs = WARMUP_BUDGET_MS, maxRuns = WARMUP_MAX_RUNS): number {
  const t0 = performance.now();
  let runs = 0;
  while (runs < maxRuns && performance.now() - t0 < budgetMs) warmUpRun(run, runs++);
  return runs;
}

/** The rest of the warm-up, run while the worker is idle. */
export interface IdleWarmUp {
  /** A message came: the next run waits until the worker has been idle for `WARMUP_IDLE_MS` again. */
  busy(): void;
  /** No more runs (a notebook kernel owns the engine's state from now on). */
  stop(): void;
  /** Warm-up runs made so far, the first ones included. */
  readonly runs: number;
}

/**
 * `warmUp` for `budgetMs` now (the first request waits for it), then, once the worker has had no message for `idleMs`, one run
 * after another (each its own timer task, so messages are handled in between) until `total` runs are made. `later` is the worker's timer (`setTimeout`): a request that arrives while
 * a run is under way waits for that one run only.
 */
export function warmUpThenIdle(
  run: RunFn,
  later: (f: () => void, ms: number) => void,
  { total = WARMUP_TOTAL_RUNS, idleMs = WARMUP_IDLE_MS, budgetMs = WARMUP_BUDGET_MS } = {},
): IdleWarmUp {
  let runs = warmUp(run, budgetMs, Math.min(WARMUP_MAX_RUNS, total));
  let generation = 0;
  let stopped = false;
  const schedule = (ms: number) => {
    if (stopped || runs >= total) return;
    const g = ++generation;
    later(() => {
      if (g !== generation || stopped || runs >= total) return;
      warmUpRun(run, runs++);
      schedule(0);
    }, ms);
  };
  schedule(idleMs);
  return {
    busy: () => schedule(idleMs),
    stop() {
      stopped = true;
    },
    get runs() {
      return runs;
    },
  };
}
