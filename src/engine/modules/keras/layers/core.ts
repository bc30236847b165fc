/** Dense, Activation, Flatten, Reshape, Dropout, Embedding and InputLayer, with Keras 3's formulas. */

import { reshape } from '../../../ops/array';
import { greaterEqual, where } from '../../../ops/compare';
import { gather } from '../../../ops/gather';
import { matmul } from '../../../ops/linalg';
import { add, cast, mul } from '../../../ops/math';
import { pyError, ValueError } from '../../../python/exceptions';
import { type PyClass, type PyInstance, PyTuple, type PyValue } from '../../../python/values';
import { isInt } from '../../../tensor/dtype';
import { Tensor } from '../../../tensor/tensor';
import { wrapTensor } from '../../boxes';
import { toTensor } from '../../convert';
import { applyActivation, getActivation } from '../activations';
import { getInitializer } from '../initializers';
import { createWeight, type Dims, dimsOf, dimsTuple, type LayerState } from '../layer';
import { uniqueName } from '../naming';
import { drawSeed, SeedGenerator, statelessUniform } from '../random';
import { newKerasVariable } from '../variable';
import { buildDims, defineLayer, positiveInt } from './define';

const M = 'keras.src.layers';
const T = (v: PyValue): Tensor => toTensor(v);
const cfg = <X>(st: LayerState, k: string): X => st.cfg[k] as X;

/** `x @ kernel` over the last axis of an input of any rank ≥ 2. */
function denseMatmul(x: Tensor, kernel: Tensor): Tensor {
  if (x.rank === 2) return matmul(x, kernel);
  const lead = x.shape.slice(0, -1);
  const flat = reshape(x, [-1, x.shape[x.rank - 1]]);
  return reshape(matmul(flat, kernel), [...lead, kernel.shape[1]]);
}

export function coreLayers(): Record<string, PyClass> {
  const Dense = defineLayer({
    name: 'Dense',
    module: `${M}.core.dense`,
    init: 'units, activation=None, use_bias=True, kernel_initializer="glorot_uniform", bias_initializer="zeros", kernel_regularizer=None, bias_regularizer=None, activity_regularizer=None, kernel_constraint=None, bias_constraint=None, lora_rank=None, lora_alpha=None, quantization_config=None',
    validate: (a) => {
      positiveInt(a.units, 'units');
    },
    setup: (st, a, ctx) => {
      const units = positiveInt(a.units, 'units');
      st.cfg = {
        units,
        activation: getActivation(a.activation, ctx),
        useBias: a.use_bias !== false,
        kernelInit: getInitializer(a.kernel_initializer, ctx),
        biasInit: getInitializer(a.bias_initializer, ctx),
      };
      st.inputSpec = { minNdim: 2 };
      return { units: a.units, activation: st.cfg.activation as PyValue, use_bias: st.cfg.useBias as boolean };
    },
    build: (self, st, shape, ctx) => {
      const dims = buildDims(shape);
      const inDim = dims[dims.length - 1] ?? null;
      const units = cfg<number>(st, 'units');
      self.attrs().set('kernel', createWeight(self, 'kernel', [inDim, units], cfg(st, 'kernelInit'), ctx));
      if (cfg(st, 'useBias')) self.attrs().set('bias', createWeight(self, 'bias', [units], cfg(st, 'biasInit'), ctx));
      else self.attrs().set('bias', null);
      st.inputSpec = { minNdim: 2, axes: { [-1]: inDim as number } };
    },
    call: (self, st, inputs, _training, ctx) => {
      let y = denseMatmul(T(inputs), T(self.attrs().get('kernel') as PyValue));
      const bias = self.attrs().get('bias');
      if (bias) y = add(y, T(bias));
      return applyActivation(cfg(st, 'activation'), wrapTensor(y), ctx);
    },
  });

  const Activation = defineLayer({
    name: 'Activation',
    module: `${M}.core.activation`,
    init: 'activation',
    setup: (st, a, ctx) => {
      st.cfg = { activation: getActivation(a.activation, ctx) };
      return { activation: st.cfg.activation as PyValue };
    },
    call: (_self, st, inputs, _t, ctx) => applyActivation(cfg(st, 'activation'), wrapTensor(T(inputs)), ctx),
  });

  const Flatten = defineLayer({
    name: 'Flatten',
    module: `${M}.reshaping.flatten`,
    init: 'data_format=None',
    call: (_self, _st, inputs) => {
      const x = T(inputs);
      const rest = x.shape.slice(1).reduce((p, d) => p * d, 1);
      return wrapTensor(reshape(x, [x.shape[0], rest]));
    },
  });

  const Reshape = defineLayer({
    name: 'Reshape',
    module: `${M}.reshaping.reshape`,
    init: 'target_shape',
    setup: (st, a) => {
      st.cfg = { target: dimsOf(a.target_shape).map((d) => d ?? -1) };
      return { target_shape: new PyTuple((st.cfg.target as number[]).map((d) => BigInt(d))) };
    },
    call: (_self, st, inputs) => {
      const x = T(inputs);
      const target = cfg<number[]>(st, 'target');
      const known = target.filter((d) => d !== -1).reduce((p, d) => p * d, 1);
      const inner = x.shape.slice(1).reduce((p, d) => p * d, 1);
      const resolved = target.map((d) => (d === -1 ? inner / known : d));
      if (resolved.reduce((p, d) => p * d, 1) !== inner || resolved.some((d) => !Number.isInteger(d))) {
        throw pyError(
          ValueError,
          `The total size of the tensor must be unchanged. Received: input_shape=(${x.shape.slice(1).join(', ')}${x.rank === 2 ? ',' : ''}), target_shape=(${target.map((d) => (d === -1 ? -1 : d)).join(', ')}${target.length === 1 ? ',' : ''})`,
        );
      }
      return wrapTensor(reshape(x, [x.shape[0], ...resolved]));
    },
  });

  const Dropout = defineLayer({
    name: 'Dropout',
    module: `${M}.regularization.dropout`,
    init: 'rate, noise_shape=None, seed=None',
    setup: (st, a) => {
      const rate = Number(a.rate);
      if (!(rate >= 0 && rate <= 1)) {
        throw pyError(
          ValueError,
          `Invalid value received for argument \`rate\`. Expected a float value between 0 and 1. Received: rate=${String(a.rate)}`,
        );
      }
      st.cfg = { rate, noiseShape: a.noise_shape === null ? null : dimsOf(a.noise_shape) };
      if (rate > 0) st.seedGenerators.push(seedGenerator(a.seed === null ? null : Number(a.seed)));
      return { rate: a.rate, seed: a.seed };
    },
    call: (_self, st, inputs, training) => {
      const rate = cfg<number>(st, 'rate');
      const x = T(inputs);
      if (!training || rate === 0) return inputs;
      const noise = cfg<Dims | null>(st, 'noiseShape');
      const shape = noise ? noise.map((d, i) => d ?? x.shape[i]) : [...x.shape];
      const scaled = mul(x, 1 / (1 - rate));
      const draw = statelessUniform(shape, 0, 1, x.dtype, drawSeed(st.seedGenerators[0]));
      return wrapTensor(where(greaterEqual(draw, rate), scaled, 0));
    },
  });

  const Embedding = defineLayer({
    name: 'Embedding',
    module: `${M}.core.embedding`,
    init: 'input_dim, output_dim, embeddings_initializer="uniform", embeddings_regularizer=None, embeddings_constraint=None, mask_zero=False, weights=None, lora_rank=None, lora_alpha=None, quantization_config=None',
    setup: (st, a, ctx) => {
      st.cfg = {
        inputDim: positiveInt(a.input_dim, 'input_dim'),
        outputDim: positiveInt(a.output_dim, 'output_dim'),
        init: getInitializer(a.embeddings_initializer, ctx),
      };
      return { input_dim: a.input_dim, output_dim: a.output_dim };
    },
    build: (self, st, _shape, ctx) => {
      const w = createWeight(
        self,
        'embeddings',
        [cfg<number>(st, 'inputDim'), cfg<number>(st, 'outputDim')],
        cfg(st, 'init'),
        ctx,
      );
      self.attrs().set('embeddings', w);
    },
    call: (self, _st, inputs) => {
      let ids = T(inputs);
      if (!isInt(ids.dtype)) ids = cast(ids, 'int32');
      return wrapTensor(gather(T(self.attrs().get('embeddings') as PyValue), ids, 0));
    },
  });

  const InputLayer = defineLayer({
    name: 'InputLayer',
    module: `${M}.core.input_layer`,
    init: 'shape=None, batch_size=None, dtype=None, sparse=None, batch_shape=None, input_tensor=None, optional=False',
    setup: (st, a) => {
      const shape =
        a.batch_shape !== null
          ? dimsOf(a.batch_shape)
          : [a.batch_size === null ? null : Number(a.batch_size), ...dimsOf(a.shape ?? new PyTuple([]))];
      st.cfg = { batchShape: shape };
      st.lastOutputShape = dimsTuple(shape);
      st.built = true;
      return {};
    },
    call: (_self, _st, inputs) => inputs,
    getters: { batch_shape: (st) => dimsTuple(cfg<Dims>(st, 'batchShape')) },
  });

  return { Dense, Activation, Flatten, Reshape, Dropout, Embedding, InputLayer };
}

/** A layer's SeedGenerator with its `seed_generator_state` variable. */
export function seedGenerator(seed: number | null): SeedGenerator {
  const g = new SeedGenerator(seed);
  const w = newKerasVariable(
    new Tensor('int64', [2], Float64Array.from(g.state)),
    false,
    'seed_generator_state',
    uniqueName('seed_generator'),
  );
  g.variable = (w as PyInstance).payload as never;
  g.pyVariable = w;
  return g;
}
