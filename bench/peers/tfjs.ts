/**
 * tfjs-core peers: the CPU backend and the wasm backend (its .wasm files loaded from node_modules). The same math
 * as our engine, written the way tfjs is used: `tf.grad`/`tf.grads` (no persistent tape, so the seed's two
 * gradients of one tape run the forward twice), `tf.tidy` around each run, `dataSync()` to read gradients back.
 */
import * as path from 'node:path';
import type * as TF from '@tensorflow/tfjs-core';
import { type Inputs, W2_STEPS, W2_X, W3, W4, W6 } from '../data';
import { direct, type Peer, type Prepared, type WorkloadId } from '../workloads';

type Tf = typeof TF;
type T = TF.Tensor;

let tfModule: Tf | undefined;

/** Load tfjs-core and register both backends (once). Returns why wasm is unavailable, if it is. */
export async function loadTfjs(): Promise<{ tf: Tf; wasmError?: string }> {
  const tf: Tf = require('@tensorflow/tfjs-core');
  // tfjs-core alone has no gradients registered (the @tensorflow/tfjs union package does this import; the build
  // bundles it from tfjs-core's ES modules, which share the one global tfjs engine and registries).
  require('@tensorflow/tfjs-core/dist/register_all_gradients');
  require('@tensorflow/tfjs-backend-cpu');
  // Production mode, as a user tuning for speed would run it (also silences the "install tfjs-node" banner).
  tf.enableProdMode();
  tfModule = tf;
  let wasmError: string | undefined;
  try {
    const wasm = require('@tensorflow/tfjs-backend-wasm');
    const dir = path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json'));
    wasm.setWasmPaths(`${path.join(dir, 'dist')}${path.sep}`);
    if (!(await tf.setBackend('wasm'))) wasmError = 'setBackend("wasm") returned false';
  } catch (e) {
    wasmError = e instanceof Error ? e.message : String(e);
  }
  await tf.setBackend('cpu');
  return { tf, wasmError };
}

/** Switch backend before a peer's workloads run (the bench runs peers one after the other). */
export async function useBackend(name: 'cpu' | 'wasm'): Promise<void> {
  if (!tfModule) throw new Error('loadTfjs first');
  await tfModule.setBackend(name);
}

const readAll = (gs: readonly T[]): Float32Array[] => gs.map((g) => g.dataSync() as Float32Array);

function w1(tf: Tf): () => ArrayLike<number>[] {
  return () =>
    tf.tidy(() => {
      const x1 = tf.ones([2, 2]);
      const dzdx = tf.grad((x: T) => {
        const y = tf.sum(x);
        return tf.mul(y, y);
      })(x1);
      const x2 = tf.scalar(3.0);
      const dz = tf.grad((x: T) => {
        const y = tf.mul(x, x);
        return tf.mul(y, y);
      })(x2);
      const dy = tf.grad((x: T) => tf.mul(x, x))(x2);
      const x3 = tf.scalar(2.0);
      const cf = tf.grad((x: T) => {
        let out: T | number = 1.0;
        for (let i = 0; i < 6; i++) if (i > 1 && i < 5) out = tf.mul(out, x);
        return out as T;
      })(x3);
      const v = tf.scalar(1.0);
      const cube = (x: T) => tf.mul(tf.mul(x, x), x);
      const { value: d1, grad: d2 } = tf.valueAndGrad((x: T) => tf.grad(cube)(x))(v);
      return readAll([dzdx, dz, dy, cf, d1, d2]);
    });
}

function w2(tf: Tf): () => ArrayLike<number>[] {
  return () =>
    tf.tidy(() => {
      const x = tf.scalar(W2_X);
      const g = tf.grad((x: T) => {
        let y = x;
        for (let i = 0; i < W2_STEPS; i++) y = tf.add(tf.mul(y, x), 0.001);
        return y;
      })(x);
      return readAll([g]);
    });
}

function w3(tf: Tf, inp: Inputs['w3']): () => ArrayLike<number>[] {
  const { batch, inputs, hidden, classes } = W3;
  const X = tf.tensor2d(inp.X, [batch, inputs]);
  const Y = tf.tensor2d(inp.Y, [batch, classes]);
  const params = [
    tf.tensor2d(inp.W1, [inputs, hidden]),
    tf.tensor1d(inp.b1),
    tf.tensor2d(inp.W2, [hidden, classes]),
    tf.tensor1d(inp.b2),
  ];
  const loss = (W1: T, b1: T, W2: T, b2: T) => {
    const h = tf.relu(tf.add(tf.matMul(X, W1), b1));
    const logits = tf.add(tf.matMul(h, W2), b2);
    return tf.losses.softmaxCrossEntropy(Y, logits);
  };
  return () => tf.tidy(() => readAll(tf.grads(loss as (...a: T[]) => T)(params)));
}

function w4(tf: Tf, inp: Inputs['w4']): () => ArrayLike<number>[] {
  const A = tf.tensor2d(inp.A, [W4.n, W4.n]);
  const B = tf.tensor2d(inp.B, [W4.n, W4.n]);
  return () => tf.tidy(() => readAll(tf.grads((a: T, b: T) => tf.sum(tf.matMul(a, b)))([A, B])));
}

function w5(tf: Tf, inp: Inputs['w5']): () => ArrayLike<number>[] {
  const x = tf.tensor1d(inp.x);
  const f = (x: T) => tf.sum(tf.add(tf.mul(tf.sin(x), tf.exp(tf.neg(tf.square(x)))), tf.tanh(x)));
  return () => tf.tidy(() => readAll([tf.grad(f)(x)]));
}

function w6(tf: Tf, inp: Inputs['w6']): () => ArrayLike<number>[] {
  const n = W6.n;
  const x = tf.tensor1d(inp.x);
  const A = tf.tensor2d(inp.A, [n, n]);
  const f = (x: T) =>
    tf.add(tf.sum(tf.pow(x, 3)), tf.sum(tf.mul(x, tf.reshape(tf.matMul(A, tf.reshape(x, [n, 1])), [n]))));
  const gradF = (x: T) => tf.grad(f)(x);
  // The jacobian of the gradient: one backward pass (of the backward pass) per row, seeded with a one-hot row.
  return () =>
    tf.tidy(() => {
      const eye = tf.eye(n);
      const rows: T[] = [];
      for (let i = 0; i < n; i++) rows.push(tf.grad(gradF)(x, tf.reshape(tf.slice(eye, [i, 0], [1, n]), [n])));
      return readAll([tf.stack(rows)]);
    });
}

export function tfjsPeer(tf: Tf, backend: 'cpu' | 'wasm', inputs: Inputs, unavailable?: string): Peer {
  return {
    name: backend === 'cpu' ? 'tfjs CPU' : 'tfjs wasm',
    unavailable,
    prepare(id: WorkloadId): Prepared {
      return direct(pick(id));
    },
  };
  function pick(id: WorkloadId): () => ArrayLike<number>[] {
    switch (id) {
      case 'W1':
        return w1(tf);
      case 'W2':
        return w2(tf);
      case 'W3':
        return w3(tf, inputs.w3);
      case 'W4':
        return w4(tf, inputs.w4);
      case 'W5':
        return w5(tf, inputs.w5);
      case 'W6':
        return w6(tf, inputs.w6);
    }
  }
}
