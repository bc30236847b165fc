/** `tf.Module` wraps list attributes in TF's `ListWrapper` (expected lines printed by TensorFlow 2.21). */
import { expect, test } from 'vitest';
import { run } from '../../src/engine/run';

test('a list attribute of a tf.Module is a ListWrapper sharing the list', () => {
  const r = run({
    kind: 'python',
    cells: [
      {
        source: `import tensorflow as tf
class M(tf.Module):
    def __init__(self):
        super().__init__()
        self.l = [1, 2, 3]
m = M()
print(repr(m.l), type(m.l).__name__, isinstance(m.l, list), m.l == [1, 2, 3])
m.l.append(4)
print(m.l, len(m.l), m.l[1:], type(m.l[1:]).__name__, m.l + [5])
x = [9]
m.x = x
x.append(1)
print(m.x, m.x is x)
`,
      },
    ],
  });
  expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  expect(r.prints.map((p) => p.text.trimEnd())).toEqual([
    'ListWrapper([1, 2, 3]) ListWrapper True True',
    'ListWrapper([1, 2, 3, 4]) 4 [2, 3, 4] list [1, 2, 3, 4, 5]',
    'ListWrapper([9, 1]) False',
  ]);
});
