/** The kernel session's own rules: interrupts, what the engine cannot run, budgets, magics, streaming, restart. */
import { describe, expect, it } from 'vitest';
import { KernelSession } from '../../src/engine/kernel/kernelSession';
import type { KernelExecution, KernelOutput } from '../../src/protocol/kernel';

const errorOf = (x: KernelExecution) => {
  const e = x.outputs.find((o) => o.type === 'error');
  if (e?.type !== 'error') throw new Error(`no error output in ${JSON.stringify(x.outputs)}`);
  return e;
};
const resultOf = (x: KernelExecution) => {
  const r = x.outputs.find((o) => o.type === 'execute_result');
  return r?.type === 'execute_result' ? r.text : undefined;
};

/** An interrupt flag that turns true at the `n`th poll (and is consumed, like one SIGINT). */
function interruptAt(n: number) {
  let polls = 0;
  return { interrupted: () => ++polls === n, polls: () => polls };
}

describe('kernel session', () => {
  it('an interrupt raises KeyboardInterrupt in the running cell and keeps the namespace', () => {
    const flag = interruptAt(5);
    const k = new KernelSession({}, flag.interrupted);
    k.execute('i = 0');
    const x = k.execute('while True:\n    i += 1');
    expect(x.status).toBe('error');
    const e = errorOf(x);
    expect(e.ename).toBe('KeyboardInterrupt');
    expect(e.evalue).toBe('');
    expect(e.traceback[1]).toBe('KeyboardInterrupt                         Traceback (most recent call last)');
    expect(e.traceback[2]).toMatch(/^Cell In\[2\], line [12]\n/);
    expect(e.traceback[e.traceback.length - 1]).toBe('KeyboardInterrupt: ');
    // 5 polls of 1,024 steps each ran: the loop went round thousands of times before it stopped.
    expect(resultOf(k.execute('i > 1000'))).toBe('True');
  });

  it('an interrupt runs `finally` blocks and can be caught by a bare except, as in Python', () => {
    const k = new KernelSession({}, interruptAt(2).interrupted);
    const x = k.execute('try:\n    while True:\n        pass\nfinally:\n    cleaned = True');
    expect(errorOf(x).ename).toBe('KeyboardInterrupt');
    expect(resultOf(k.execute('cleaned'))).toBe('True');
    const k2 = new KernelSession({}, interruptAt(2).interrupted);
    const y = k2.execute("try:\n    while True:\n        pass\nexcept KeyboardInterrupt:\n    print('stopped')");
    expect(y.status).toBe('ok');
    expect(y.outputs).toEqual([{ type: 'stream', name: 'stdout', text: 'stopped\n' }]);
  });

  it('what the engine cannot evaluate is an error in its cell, never a made-up value', () => {
    const k = new KernelSession();
    k.execute('import tensorflow as tf\nx = 1');
    const x = k.execute('y = tf.not_an_api(3)\ny');
    const e = errorOf(x);
    expect(e.ename).toBe('NotImplementedError');
    expect(e.evalue).toBe('`tf.not_an_api` is not supported by Gradient Lens (no Python)');
    expect(resultOf(x)).toBeUndefined();
    // Nothing was bound: the next cell sees a NameError, not an unknown.
    expect(errorOf(k.execute('y')).ename).toBe('NameError');
    const m = errorOf(k.execute('import matplotlib.pyplot as plt'));
    expect(m.ename).toBe('ModuleNotFoundError');
    expect(m.evalue).toBe("No module named 'matplotlib' (not provided by Gradient Lens (no Python))");
    // `except ImportError` fallbacks work as with a missing module.
    const f = k.execute("try:\n    import seaborn\nexcept ImportError:\n    print('no seaborn')");
    expect(f.outputs).toEqual([{ type: 'stream', name: 'stdout', text: 'no seaborn\n' }]);
    // A result the engine cannot compute (a download) raises too.
    const d = errorOf(k.execute('tf.keras.datasets.mnist.load_data()'));
    expect(d.ename).toBe('NotImplementedError');
    expect(d.evalue).toContain('keras.datasets.mnist.load_data()');
  });

  it('a syntax error runs nothing of its cell', () => {
    const k = new KernelSession();
    const x = k.execute("print('never')\nx = (");
    expect(x.outputs.filter((o) => o.type === 'stream')).toEqual([]);
    const e = errorOf(x);
    expect(e.ename).toBe('SyntaxError');
    expect(e.traceback).toHaveLength(1);
    expect(e.traceback[0]).toMatch(/^ {2}Cell In\[1\], line 2\n {4}x = \(\n {4}\s*\^\nSyntaxError: /);
    expect(k.execute('1 + 1').executionCount).toBe(2);
  });

  it('a cell that runs out of its step budget ends with the reason; the next cell runs', () => {
    const k = new KernelSession({ maxSteps: 10_000 });
    const x = k.execute('n = 0\nwhile True:\n    n += 1');
    const e = errorOf(x);
    expect(e.evalue).toMatch(/step budget of 10,000 steps \(setting gradientLens\.maxSteps\)/);
    expect(resultOf(k.execute('n > 100'))).toBe('True');
  });

  it('skips IPython magics with a note on stderr and runs the rest', () => {
    const k = new KernelSession();
    const x = k.execute('%matplotlib inline\n!pip install tensorflow\n1 + 1');
    expect(x.outputs).toEqual([
      {
        type: 'stream',
        name: 'stderr',
        text: 'IPython magic `%matplotlib inline` is skipped: Gradient Lens does not run magics or shell commands\nShell command `!pip install tensorflow` is skipped: Gradient Lens does not run magics or shell commands\n',
      },
      { type: 'execute_result', executionCount: 1, text: '2' },
    ]);
  });

  it('tf.print writes to stderr (the process stream Jupyter shows), print to stdout', () => {
    const k = new KernelSession();
    const x = k.execute("import tensorflow as tf\nprint('a')\ntf.print(tf.constant([1, 2]))\nprint('b')");
    expect(x.outputs).toEqual([
      { type: 'stream', name: 'stdout', text: 'a\n' },
      { type: 'stream', name: 'stderr', text: '[1 2]\n' },
      { type: 'stream', name: 'stdout', text: 'b\n' },
    ]);
  });

  it('tells each output as it happens, in order', () => {
    const seen: KernelOutput[] = [];
    const k = new KernelSession({}, undefined, (o) => seen.push(o));
    const x = k.execute("for i in range(3):\n    print(i)\n'done'");
    expect(seen).toEqual([
      { type: 'stream', name: 'stdout', text: '0\n' },
      { type: 'stream', name: 'stdout', text: '1\n' },
      { type: 'stream', name: 'stdout', text: '2\n' },
      { type: 'execute_result', executionCount: 1, text: "'done'" },
    ]);
    expect(x.outputs[0]).toEqual({ type: 'stream', name: 'stdout', text: '0\n1\n2\n' });
  });

  it('a __repr__ that raises ends the cell with its error (the display hook runs in the cell)', () => {
    const k = new KernelSession();
    const x = k.execute("class A:\n    def __repr__(self):\n        raise ValueError('no repr')\nA()");
    expect(errorOf(x).ename).toBe('ValueError');
    expect(resultOf(x)).toBeUndefined();
  });

  it('a new session is a fresh namespace with fresh random streams (restart)', () => {
    const a = new KernelSession({ document: 'nb.ipynb' });
    a.execute('import tensorflow as tf\nx = 41');
    const first = resultOf(a.execute('tf.random.uniform((2,)).numpy().tolist()'));
    const b = new KernelSession({ document: 'nb.ipynb' });
    expect(errorOf(b.execute('x')).ename).toBe('NameError');
    b.execute('import tensorflow as tf');
    expect(resultOf(b.execute('tf.random.uniform((2,)).numpy().tolist()'))).toBe(first);
  });
});
