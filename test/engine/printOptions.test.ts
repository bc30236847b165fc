import { describe, expect, it } from 'vitest';
import { run } from '../../src/engine/run';

const stdout = (source: string) =>
  run({ kind: 'python', cells: [{ source }] })
    .prints.map((p) => p.text)
    .join('');

describe('NumPy print options', () => {
  it('last for the run that set them; the next run starts from NumPy defaults, as a new process does', () => {
    const set = 'import numpy as np\nnp.set_printoptions(precision=2)\nprint(np.array([1 / 3]))\n';
    expect(stdout(set)).toBe('[0.33]\n');
    expect(stdout('import numpy as np\nprint(np.array([1 / 3]))\n')).toBe('[0.33333333]\n');
  });

  it('apply to a repeated small tensor print, which is otherwise remembered by value', () => {
    const src = (p: number) =>
      `import numpy as np\nimport tensorflow as tf\nnp.set_printoptions(precision=${p})\nprint(tf.constant([0.125]))\n`;
    expect(stdout(src(8))).toBe('tf.Tensor([0.125], shape=(1,), dtype=float32)\n');
    expect(stdout(src(1))).toBe('tf.Tensor([0.1], shape=(1,), dtype=float32)\n');
  });

  it('a formatter the engine does not implement is unknown, not ignored', () => {
    const r = run({
      kind: 'python',
      cells: [{ source: 'import numpy as np\nnp.set_printoptions(formatter={"float": str})\n' }],
    });
    expect(r.diagnostics.map((d) => d.message).join('\n')).toMatch(/np\.set_printoptions\(formatter=\.\.\.\)/);
  });
});
