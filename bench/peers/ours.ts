/** Our engine through its TypeScript API: the same ops the Python programs call, without the interpreter. */
import { gradient, jacobian } from '../../src/engine/autodiff/gradient';
import { GradientTape } from '../../src/engine/autodiff/tape';
import { resetAllocations } from '../../src/engine/limits';
import { relu } from '../../src/engine/ops/activations';
import { ones } from '../../src/engine/ops/array';
import { matmul, matvec } from '../../src/engine/ops/linalg';
import { softmaxCrossEntropyWithLogits } from '../../src/engine/ops/losses';
import { add, mul, neg, pow } from '../../src/engine/ops/math';
import { reduceMean, reduceSum } from '../../src/engine/ops/reduce';
import { exp, sin, square, tanh } from '../../src/engine/ops/unary';
import { constant } from '../../src/engine/tensor/convert';
import { Tensor, Variable } from '../../src/engine/tensor/tensor';
import { type Inputs, W2_STEPS, W2_X, W3, W4, W5, W6 } from '../data';
import { direct, type Peer, type Prepared, type WorkloadId } from '../workloads';

const f32 = (shape: number[], data: Float32Array) => new Tensor('float32', shape, data);
const read = (gs: readonly unknown[]) => gs.map((g) => (g as Tensor).data as Float32Array);

/** One tape: enter, watch, body, exit. */
function taped<T>(watch: readonly Tensor[], body: () => T, persistent = false): { tape: GradientTape; out: T } {
  const tape = new GradientTape(persistent).enter();
  for (const w of watch) tape.watch(w);
  try {
    return { tape, out: body() };
  } finally {
    tape.exit();
  }
}

function w1(): () => ArrayLike<number>[] {
  return () => {
    // ones(2,2): z = (sum x)^2, dz/dx
    const x1 = ones([2, 2]);
    const a = taped([x1], () => {
      const y = reduceSum(x1);
      return mul(y, y);
    });
    const [dzdx] = gradient(a.tape, [a.out], [x1]);
    // persistent tape at 3: dz/dx and dy/dx
    const x2 = constant(3.0);
    const b = taped(
      [x2],
      () => {
        const y = mul(x2, x2);
        return { y, z: mul(y, y) };
      },
      true,
    );
    const [dz] = gradient(b.tape, [b.out.z], [x2]);
    const [dy] = gradient(b.tape, [b.out.y], [x2]);
    // control flow at y = 6
    const x3 = constant(2.0);
    const c = taped([x3], () => {
      let out: Tensor | number = 1.0;
      for (let i = 0; i < 6; i++) if (i > 1 && i < 5) out = mul(out, x3);
      return out as Tensor;
    });
    const [cf] = gradient(c.tape, [c.out], [x3]);
    // second derivative of x^3 at 1 by nested tapes (a variable, as in the tutorial)
    const v = new Variable(constant(1.0), true, 'Variable:0');
    const outer = new GradientTape().enter();
    const inner = new GradientTape().enter();
    const y = mul(mul(v, v), v);
    inner.exit();
    const [d1] = gradient(inner, [y], [v]);
    outer.exit();
    const [d2] = gradient(outer, [d1 as Tensor], [v]);
    return read([dzdx, dz, dy, cf, d1, d2]);
  };
}

function w2(): () => ArrayLike<number>[] {
  return () => {
    const x = constant(W2_X);
    const { tape, out } = taped([x], () => {
      let y = x;
      for (let i = 0; i < W2_STEPS; i++) y = add(mul(y, x), 0.001);
      return y;
    });
    return read(gradient(tape, [out], [x]));
  };
}

function w3(inp: Inputs['w3']): () => ArrayLike<number>[] {
  const { batch, inputs, hidden, classes } = W3;
  const X = f32([batch, inputs], inp.X);
  const Y = f32([batch, classes], inp.Y);
  const W1 = new Variable(f32([inputs, hidden], inp.W1), true, 'W1:0');
  const b1 = new Variable(f32([hidden], inp.b1), true, 'b1:0');
  const W2 = new Variable(f32([hidden, classes], inp.W2), true, 'W2:0');
  const b2 = new Variable(f32([classes], inp.b2), true, 'b2:0');
  return () => {
    const { tape, out } = taped([], () => {
      const h = relu(add(matmul(X, W1), b1));
      const logits = add(matmul(h, W2), b2);
      return reduceMean(softmaxCrossEntropyWithLogits(Y, logits));
    });
    return read(gradient(tape, [out], [W1, b1, W2, b2]));
  };
}

function w4(inp: Inputs['w4']): () => ArrayLike<number>[] {
  const A = f32([W4.n, W4.n], inp.A);
  const B = f32([W4.n, W4.n], inp.B);
  return () => {
    const { tape, out } = taped([A, B], () => reduceSum(matmul(A, B)));
    return read(gradient(tape, [out], [A, B]));
  };
}

function w5(inp: Inputs['w5']): () => ArrayLike<number>[] {
  const x = f32([W5.n], inp.x);
  return () => {
    const { tape, out } = taped([x], () => reduceSum(add(mul(sin(x), exp(neg(square(x)))), tanh(x))));
    return read(gradient(tape, [out], [x]));
  };
}

function w6(inp: Inputs['w6']): () => ArrayLike<number>[] {
  const x = f32([W6.n], inp.x);
  const A = f32([W6.n, W6.n], inp.A);
  return () => {
    const outer = new GradientTape().enter();
    outer.watch(x);
    const inner = new GradientTape().enter();
    inner.watch(x);
    const f = add(reduceSum(pow(x, 3)), reduceSum(mul(x, matvec(A, x))));
    inner.exit();
    const [g] = gradient(inner, [f], [x]);
    outer.exit();
    return read(jacobian(outer, g as Tensor, [x]));
  };
}

export function oursApi(inputs: Inputs): Peer {
  return {
    name: 'ours API',
    prepare(id: WorkloadId): Prepared {
      const run = pick(id);
      // Each run is one evaluation: a fresh allocation budget, as `run()` gives the interpreter.
      return direct(() => {
        resetAllocations();
        return run();
      });
    },
  };
  function pick(id: WorkloadId): () => ArrayLike<number>[] {
    switch (id) {
      case 'W1':
        return w1();
      case 'W2':
        return w2();
      case 'W3':
        return w3(inputs.w3);
      case 'W4':
        return w4(inputs.w4);
      case 'W5':
        return w5(inputs.w5);
      case 'W6':
        return w6(inputs.w6);
    }
  }
}
