/**
 * LayerNormalization and BatchNormalization as Keras 3 computes them: `tf.nn.moments` over the normalized axes,
 * `inv = rsqrt(variance + epsilon) * gamma`, `x * inv + (beta - mean * inv)`; BatchNormalization in training mode
 * (and only while trainable) uses the batch's moments and moves its statistics by `momentum`.
 */

import { withoutRecording } from '../../../autodiff/recorder';
import { reshape } from '../../../ops/array';
import { add, mul, neg, sub } from '../../../ops/math';
import { moments } from '../../../ops/nn';
import { rsqrt } from '../../../ops/unary';
import { type PyClass, type PyInstance, PyList, PyTuple, type PyValue } from '../../../python/values';
import type { Tensor, Variable } from '../../../tensor/tensor';
import { wrapTensor } from '../../boxes';
import { toTensor } from '../../convert';
import { getInitializer } from '../initializers';
import { createWeight } from '../layer';
import { buildDims, defineLayer } from './define';

const M = 'keras.src.layers.normalization';
const T = (v: PyValue): Tensor => toTensor(v);
const weight = (self: PyInstance, name: string): Tensor | null => {
  const w = self.attrs().get(name);
  return w ? T(w) : null;
};

function axesOf(v: PyValue): number[] {
  if (v instanceof PyList || v instanceof PyTuple) return v.items.map(Number);
  return [Number(v)];
}

const normalize = (
  x: Tensor,
  mean: Tensor,
  variance: Tensor,
  eps: number,
  gamma: Tensor | null,
  beta: Tensor | null,
): Tensor => {
  let inv = rsqrt(add(variance, eps));
  if (gamma) inv = mul(inv, gamma);
  const res = beta ? sub(beta, mul(mean, inv)) : mul(neg(mean), inv);
  return add(mul(x, inv), res);
};

export function normalizationLayers(): Record<string, PyClass> {
  const LayerNormalization = defineLayer({
    name: 'LayerNormalization',
    module: `${M}.layer_normalization`,
    init: 'axis=-1, epsilon=0.001, center=True, scale=True, beta_initializer="zeros", gamma_initializer="ones", beta_regularizer=None, gamma_regularizer=None, beta_constraint=None, gamma_constraint=None',
    setup: (st, a, ctx) => {
      st.cfg = {
        axis: axesOf(a.axis),
        epsilon: Number(a.epsilon),
        center: a.center !== false,
        scale: a.scale !== false,
        beta: getInitializer(a.beta_initializer, ctx),
        gamma: getInitializer(a.gamma_initializer, ctx),
      };
      return { axis: a.axis, epsilon: a.epsilon };
    },
    build: (self, st, shape, ctx) => {
      const dims = buildDims(shape);
      const axes = (st.cfg.axis as number[]).map((d) => (d < 0 ? dims.length + d : d)).sort((p, q) => p - q);
      st.cfg.resolved = axes;
      const wshape = axes.map((d) => dims[d] as number);
      self
        .attrs()
        .set('gamma', st.cfg.scale ? createWeight(self, 'gamma', wshape, st.cfg.gamma as PyValue, ctx) : null);
      self.attrs().set('beta', st.cfg.center ? createWeight(self, 'beta', wshape, st.cfg.beta as PyValue, ctx) : null);
    },
    call: (self, st, inputs) => {
      const x = T(inputs);
      const axes = st.cfg.resolved as number[];
      const [mean, variance] = moments(x, axes, true);
      const bshape = x.shape.map((d, i) => (axes.includes(i) ? d : 1));
      const b = (t: Tensor | null): Tensor | null =>
        t && !(axes.length === 1 && axes[0] === x.rank - 1) ? reshape(t, bshape) : t;
      let inv = rsqrt(add(variance, st.cfg.epsilon as number));
      const gamma = b(weight(self, 'gamma'));
      if (gamma) inv = mul(inv, gamma);
      let res = mul(neg(mean), inv);
      const beta = b(weight(self, 'beta'));
      if (beta) res = add(res, beta);
      return wrapTensor(add(mul(x, inv), res));
    },
  });

  const BatchNormalization = defineLayer({
    name: 'BatchNormalization',
    module: `${M}.batch_normalization`,
    init: 'axis=-1, momentum=0.99, epsilon=0.001, center=True, scale=True, beta_initializer="zeros", gamma_initializer="ones", moving_mean_initializer="zeros", moving_variance_initializer="ones", beta_regularizer=None, gamma_regularizer=None, beta_constraint=None, gamma_constraint=None, renorm=False, renorm_clipping=None, renorm_momentum=0.99, synchronized=False',
    setup: (st, a, ctx) => {
      st.cfg = {
        axis: Number(a.axis),
        momentum: Number(a.momentum),
        epsilon: Number(a.epsilon),
        center: a.center !== false,
        scale: a.scale !== false,
        beta: getInitializer(a.beta_initializer, ctx),
        gamma: getInitializer(a.gamma_initializer, ctx),
        mean: getInitializer(a.moving_mean_initializer, ctx),
        variance: getInitializer(a.moving_variance_initializer, ctx),
      };
      return { axis: a.axis, momentum: a.momentum, epsilon: a.epsilon };
    },
    build: (self, st, shape, ctx) => {
      const dims = buildDims(shape);
      const axis = (st.cfg.axis as number) < 0 ? dims.length + (st.cfg.axis as number) : (st.cfg.axis as number);
      st.cfg.resolved = axis;
      const wshape = [dims[axis] as number];
      const c = st.cfg;
      if (c.scale) self.attrs().set('gamma', createWeight(self, 'gamma', wshape, c.gamma as PyValue, ctx));
      if (c.center) self.attrs().set('beta', createWeight(self, 'beta', wshape, c.beta as PyValue, ctx));
      self
        .attrs()
        .set('moving_mean', createWeight(self, 'moving_mean', wshape, c.mean as PyValue, ctx, { trainable: false }));
      self
        .attrs()
        .set(
          'moving_variance',
          createWeight(self, 'moving_variance', wshape, c.variance as PyValue, ctx, { trainable: false }),
        );
      st.inputSpec = { axes: { [axis]: wshape[0] }, ndim: dims.length };
    },
    call: (self, st, inputs, training) => {
      const x = T(inputs);
      const axis = st.cfg.resolved as number;
      const movingMean = weight(self, 'moving_mean') as Tensor;
      const movingVar = weight(self, 'moving_variance') as Tensor;
      let mean = movingMean;
      let variance = movingVar;
      if (training && st.trainable) {
        const axes = x.shape.map((_, i) => i).filter((i) => i !== axis);
        [mean, variance] = moments(x, axes);
        const m = st.cfg.momentum as number;
        const bm = mean;
        const bv = variance;
        withoutRecording(() => {
          varOf(self, 'moving_mean').value = add(mul(movingMean, m), mul(bm, 1 - m));
          varOf(self, 'moving_variance').value = add(mul(movingVar, m), mul(bv, 1 - m));
        });
      }
      const shape = x.shape.map((d, i) => (i === axis ? d : 1));
      const r = (t: Tensor | null): Tensor | null => (t && axis !== x.rank - 1 ? reshape(t, shape) : t);
      return wrapTensor(
        normalize(
          x,
          r(mean) as Tensor,
          r(variance) as Tensor,
          st.cfg.epsilon as number,
          r(weight(self, 'gamma')),
          r(weight(self, 'beta')),
        ),
      );
    },
  });
  return { LayerNormalization, BatchNormalization };
}

const varOf = (self: PyInstance, name: string): Variable => (self.attrs().get(name) as PyInstance).payload as Variable;
