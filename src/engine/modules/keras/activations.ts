/**
 * `keras.activations`: each is a Python function over engine ops. `sigmoid` and `softmax` remember their input
 * (Keras's `_keras_logits`), so a cross-entropy loss on their output computes from the logits, as Keras 3 does.
 */

import { elu, gelu, leakyRelu, relu, selu, sigmoid, softplus, softsign } from '../../ops/activations';
import { reshape } from '../../ops/array';
import { greater, where } from '../../ops/compare';
import { add, maximum, minimum, mul, realdiv } from '../../ops/math';
import { logSoftmax, softmax } from '../../ops/nn';
import { exp, tanh } from '../../ops/unary';
import { pyError, ValueError } from '../../python/exceptions';
import { def, nativeModule } from '../../python/native';
import { type CallContext, PyInstance, type PyModule, PyNativeFunction, type PyValue } from '../../python/values';
import type { Tensor } from '../../tensor/tensor';
import { wrapTensor } from '../boxes';
import { toTensor } from '../convert';

/** Outputs of Keras's sigmoid/softmax and the logits they came from. */
export const kerasLogits = new WeakMap<Tensor, { logits: Tensor; kind: 'Sigmoid' | 'Softmax' }>();

const relu6 = (x: Tensor): Tensor => minimum(maximum(x, 0), 6);
const hardSigmoid = (x: Tensor): Tensor => realdiv(relu6(add(x, 3)), 6);

type Act = (x: Tensor, a: Record<string, PyValue>) => Tensor;

const ACTIVATIONS: Record<string, [string, Act]> = {
  relu: [
    'x, negative_slope=0.0, max_value=None, threshold=0.0',
    (x, a) => {
      const slope = Number(a.negative_slope ?? 0);
      const threshold = Number(a.threshold ?? 0);
      let y: Tensor;
      if (slope === 0 && threshold === 0) y = relu(x);
      else {
        const pos = threshold === 0 ? relu(x) : where(greater(x, threshold), x, mul(x, 0));
        y = slope === 0 ? pos : add(pos, mul(minimum(x, 0), slope));
      }
      return a.max_value === null || a.max_value === undefined ? y : minimum(y, Number(a.max_value));
    },
  ],
  sigmoid: [
    'x',
    (x) => {
      const y = sigmoid(x);
      kerasLogits.set(y, { logits: x, kind: 'Sigmoid' });
      return y;
    },
  ],
  softmax: [
    'x, axis=-1',
    (x, a) => {
      const y =
        a.axis === null ? reshape(softmax(reshape(x, [-1]), -1), [...x.shape]) : softmax(x, Number(a.axis ?? -1));
      kerasLogits.set(y, { logits: x, kind: 'Softmax' });
      return y;
    },
  ],
  log_softmax: [
    'x, axis=-1',
    (x, a) =>
      a.axis === null ? reshape(logSoftmax(reshape(x, [-1]), -1), [...x.shape]) : logSoftmax(x, Number(a.axis)),
  ],
  tanh: ['x', (x) => tanh(x)],
  linear: ['x', (x) => x],
  exponential: ['x', (x) => exp(x)],
  elu: [
    'x, alpha=1.0',
    (x, a) => (Number(a.alpha) === 1 ? elu(x) : where(greater(x, 0), elu(x), mul(elu(x), Number(a.alpha)))),
  ],
  selu: ['x', (x) => selu(x)],
  softplus: ['x', (x) => softplus(x)],
  softsign: ['x', (x) => softsign(x)],
  gelu: ['x, approximate=False', (x, a) => gelu(x, Boolean(a.approximate))],
  silu: ['x', (x) => mul(x, sigmoid(x))],
  swish: ['x', (x) => mul(x, sigmoid(x))],
  leaky_relu: ['x, negative_slope=0.2', (x, a) => leakyRelu(x, Number(a.negative_slope))],
  relu6: ['x', relu6],
  hard_sigmoid: ['x', hardSigmoid],
  mish: ['x', (x) => mul(x, tanh(softplus(x)))],
};

const functions = new Map<string, PyNativeFunction>();

function activationFunction(name: string): PyNativeFunction {
  let f = functions.get(name);
  if (!f) {
    const [sig, impl] = ACTIVATIONS[name];
    f = def(`${name}(${sig})`, (a) => wrapTensor(impl(toTensor(a.x), a)));
    functions.set(name, f);
  }
  return f;
}

/** `activations.get(identifier)`: None → linear, a name, or any callable. */
export function getActivation(id: PyValue, ctx: CallContext): PyValue {
  if (id === null) return activationFunction('linear');
  if (typeof id === 'string') {
    const key = id === 'swish' ? 'silu' : id;
    if (!(key in ACTIVATIONS)) throw pyError(ValueError, `Could not interpret activation function identifier: ${id}`);
    return activationFunction(key);
  }
  if (id instanceof PyInstance || typeof id === 'object') return id;
  throw pyError(ValueError, `Could not interpret activation function identifier: ${ctx.repr(id)}`);
}

/** Applies an activation; the linear one is the identity without an op. */
export function applyActivation(act: PyValue, x: PyValue, ctx: CallContext): PyValue {
  if (act === functions.get('linear')) return x;
  return ctx.call(act, [x]);
}

export function activationsModule(): PyModule {
  const attrs: Record<string, PyValue> = {};
  for (const name of Object.keys(ACTIVATIONS)) attrs[name] = activationFunction(name);
  attrs.get = def('get(identifier)', ({ identifier }, ctx) => getActivation(identifier, ctx));
  attrs.serialize = def('serialize(activation)', ({ activation }) =>
    activation instanceof PyNativeFunction ? activation.name : null,
  );
  return nativeModule('keras.activations', attrs);
}
