/**
 * A `tf.function` call that reuses a trace runs only the graph in TF: Python changes to objects that existed before
 * the call (lists, dicts, attributes) do not happen again, while variable assignments (graph ops) do, and objects
 * the call makes are left as made.
 */
import { describe, expect, test } from 'vitest';
import { run } from '../../src/engine/run';

const printed = (source: string): string[] => {
  const r = run({ kind: 'python', cells: [{ source }] });
  expect(r.diagnostics.filter((d) => d.severity === 'error').map((d) => d.message)).toEqual([]);
  return r.prints.map((p) => p.text.trimEnd());
};

describe('Python side effects of tf.function calls', () => {
  test('run once per trace; variable updates run on every call', () => {
    const out = printed(`import tensorflow as tf
log = []
seen = {}
class Box:
    pass
box = Box()
box.n = 0
v = tf.Variable(0.0)

@tf.function
def step(x, k):
    log.append(1)
    seen["k"] = len(log)
    box.n = box.n + 1
    v.assign_add(x)
    fresh = [x, x]
    fresh.append(x)
    return len(fresh)

a = step(tf.constant(1.0), 1)
b = step(tf.constant(2.0), 1)
c = step(tf.constant(3.0), 1)
d = step(tf.constant(4.0), 2)
print(len(log), seen["k"], box.n, float(v.numpy()), step.experimental_get_tracing_count())
print(int(b), int(c))
`);
    expect(out).toEqual(['2 2 2 10.0 2', '3 3']);
  });
});
