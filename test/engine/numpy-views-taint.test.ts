/**
 * NumPy arrays are mutable: an unsupported call that receives one may change it, so afterwards the array and every
 * view sharing its data (slices, reshapes, transposes) are unknown, never shown with numbers from before the call.
 * NumPy scalars are immutable and stay known.
 */
import { describe, expect, it } from 'vitest';
import { inputFor } from '../../src/engine/input';
import { run } from '../../src/engine/run';

const PROGRAM = `import numpy as np
a = np.arange(6.0)
b = a[2:]
c = a.reshape(2, 3)
t = c.T
other = np.ones(3)
s = np.float64(2.0)
np.fill_diagonal(c, 0)
np.not_a_real_function(s, other[:0])
`;

describe('unsupported calls on NumPy arrays', () => {
  const r = run(inputFor('views.py', PROGRAM));
  const value = (label: string) => r.values.find((v) => v.label === label)?.value;

  it('make the array given and every array sharing its data unknown', () => {
    for (const name of ['a', 'b', 'c', 't']) {
      expect(value(name)?.kind, name).toBe('unknown');
      expect(value(name)?.unknown, name).toBe('`np.fill_diagonal` (line 8) is not supported');
    }
  });

  it('leave scalars known; an empty view given to the call taints the array it views', () => {
    expect(value('s')?.value).toBe(2);
    expect(value('other')?.kind).toBe('unknown');
  });
});
