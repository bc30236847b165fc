/**
 * Conv1D/Conv2D, MaxPooling/AveragePooling 1D/2D, GlobalAveragePooling/GlobalMaxPooling 1D/2D (channels_last)
 * and Lambda. Convolutions and pooling are compositions of engine ops: the input is padded as TensorFlow pads
 * ('same': the extra row/column at the end), each kernel offset's strided window is gathered, and a convolution is
 * one matmul of the stacked windows with the kernel — so gradients come from the ops' own rules.
 */

import { concat, ones, pad, reshape } from '../../../ops/array';
import { gather } from '../../../ops/gather';
import { matmul } from '../../../ops/linalg';
import { add, realdiv } from '../../../ops/math';
import { reduceMax, reduceMean, reduceSum } from '../../../ops/reduce';
import { stack } from '../../../ops/shape';
import { pyError, ValueError } from '../../../python/exceptions';
import { type PyClass, PyInstance, PyList, PyTuple, type PyValue } from '../../../python/values';
import { Tensor } from '../../../tensor/tensor';
import { wrapTensor } from '../../boxes';
import { toTensor } from '../../convert';
import { applyActivation, getActivation } from '../activations';
import { getInitializer } from '../initializers';
import { createWeight } from '../layer';
import { buildDims, defineLayer, positiveInt } from './define';

const M = 'keras.src.layers';
const T = (v: PyValue): Tensor => toTensor(v);

/** An int or a tuple of `n` ints. */
function tupleArg(v: PyValue, n: number, what: string): number[] {
  if (typeof v === 'bigint') return Array(n).fill(Number(v));
  if (v instanceof PyTuple || v instanceof PyList) {
    if (v.items.length !== n) {
      throw pyError(
        ValueError,
        `The \`${what}\` argument must be a tuple of ${n} integers. Received: ${what}=${String(v)}`,
      );
    }
    return v.items.map(Number);
  }
  throw pyError(
    ValueError,
    `The \`${what}\` argument must be a tuple of ${n} integers. Received: ${what}=${String(v)}`,
  );
}

function paddingArg(v: PyValue): 'valid' | 'same' {
  const p = String(v).toLowerCase();
  if (p !== 'valid' && p !== 'same') {
    throw pyError(
      ValueError,
      `The \`padding\` argument must be a list/tuple or one of "valid", "same" (or "causal", only for \`Conv1D\`). Received: padding=${String(v)}`,
    );
  }
  return p;
}

/** Output size and (before, after) padding of one spatial axis, TensorFlow's rule. */
function axisGeometry(size: number, k: number, stride: number, padding: 'valid' | 'same'): [number, number, number] {
  if (padding === 'valid') return [Math.floor((size - k) / stride) + 1, 0, 0];
  const out = Math.ceil(size / stride);
  const total = Math.max((out - 1) * stride + k - size, 0);
  return [out, Math.floor(total / 2), total - Math.floor(total / 2)];
}

/**
 * The windows of `x` (batch, *spatial, channels) for a kernel of `k` with `strides`: one tensor per kernel offset
 * (in row-major offset order), each (batch, *out, channels).
 */
function windows(x: Tensor, k: number[], strides: number[], padding: 'valid' | 'same', padValue = 0): Tensor[] {
  const nd = k.length;
  const geo = k.map((kk, i) => axisGeometry(x.shape[1 + i], kk, strides[i], padding));
  for (const [out] of geo) {
    if (out <= 0)
      throw pyError(
        ValueError,
        `Negative dimension size caused by subtracting kernel size from input size. Input shape: (${x.shape.join(', ')})`,
      );
  }
  const padded =
    padding === 'same' && geo.some(([, b, a]) => b || a)
      ? pad(x, [[0, 0], ...geo.map(([, b, a]) => [b, a]), [0, 0]], 'CONSTANT', padValue)
      : x;
  const out: Tensor[] = [];
  const offsets = (d: number): number[][] =>
    d === nd ? [[]] : Array.from({ length: k[d] }, (_, i) => offsets(d + 1).map((rest) => [i, ...rest])).flat();
  for (const off of offsets(0)) {
    let w = padded;
    for (let d = 0; d < nd; d++) {
      const idx = Array.from({ length: geo[d][0] }, (_, i) => off[d] + i * strides[d]);
      w = gather(w, new Tensor('int32', [idx.length], Int32Array.from(idx)), 1 + d);
    }
    out.push(w);
  }
  return out;
}

function convLayer(nd: 1 | 2): PyClass {
  return defineLayer({
    name: `Conv${nd}D`,
    module: `${M}.convolutional.conv${nd}d`,
    init: 'filters, kernel_size, strides=1, padding="valid", data_format=None, dilation_rate=1, groups=1, activation=None, use_bias=True, kernel_initializer="glorot_uniform", bias_initializer="zeros", kernel_regularizer=None, bias_regularizer=None, activity_regularizer=None, kernel_constraint=None, bias_constraint=None',
    validate: (a) => {
      positiveInt(a.filters, 'filters');
    },
    setup: (st, a, ctx) => {
      st.cfg = {
        filters: Number(a.filters),
        k: tupleArg(a.kernel_size, nd, 'kernel_size'),
        strides: tupleArg(a.strides, nd, 'strides'),
        padding: paddingArg(a.padding),
        activation: getActivation(a.activation, ctx),
        useBias: a.use_bias !== false,
        kernelInit: getInitializer(a.kernel_initializer, ctx),
        biasInit: getInitializer(a.bias_initializer, ctx),
      };
      st.inputSpec = { ndim: nd + 2 };
      return { filters: a.filters, kernel_size: new PyTuple((st.cfg.k as number[]).map((d) => BigInt(d))) };
    },
    build: (self, st, shape, ctx) => {
      const dims = buildDims(shape);
      const c = dims[dims.length - 1] as number;
      const kshape = [...(st.cfg.k as number[]), c, st.cfg.filters as number];
      self.attrs().set('kernel', createWeight(self, 'kernel', kshape, st.cfg.kernelInit as PyValue, ctx));
      self
        .attrs()
        .set(
          'bias',
          st.cfg.useBias
            ? createWeight(self, 'bias', [st.cfg.filters as number], st.cfg.biasInit as PyValue, ctx)
            : null,
        );
      st.inputSpec = { ndim: nd + 2, axes: { [-1]: c } };
    },
    call: (self, st, inputs, _t, ctx) => {
      const x = T(inputs);
      const kernel = T(self.attrs().get('kernel') as PyValue);
      const ws = windows(x, st.cfg.k as number[], st.cfg.strides as number[], st.cfg.padding as 'valid' | 'same');
      const patches = concat(ws, -1);
      const outShape = patches.shape.slice(0, -1);
      const flat = reshape(patches, [-1, patches.shape[patches.rank - 1]]);
      let y = reshape(matmul(flat, reshape(kernel, [-1, kernel.shape[kernel.rank - 1]])), [
        ...outShape,
        kernel.shape[kernel.rank - 1],
      ]);
      const bias = self.attrs().get('bias');
      if (bias) y = add(y, T(bias));
      return applyActivation(st.cfg.activation as PyValue, wrapTensor(y), ctx);
    },
  });
}

function poolLayer(kind: 'Max' | 'Average', nd: 1 | 2): PyClass {
  return defineLayer({
    name: `${kind}Pooling${nd}D`,
    module: `${M}.pooling.${kind.toLowerCase()}_pooling${nd}d`,
    init: `pool_size${kind === 'Max' ? '=2' : ''}, strides=None, padding="valid", data_format=None`,
    setup: (st, a) => {
      const size = tupleArg(a.pool_size, nd, 'pool_size');
      st.cfg = {
        size,
        strides: a.strides === null ? size : tupleArg(a.strides, nd, 'strides'),
        padding: paddingArg(a.padding),
      };
      st.inputSpec = { ndim: nd + 2 };
      return {};
    },
    call: (_self, st, inputs) => {
      const x = T(inputs);
      const cfg = st.cfg as { size: number[]; strides: number[]; padding: 'valid' | 'same' };
      if (kind === 'Max') {
        return wrapTensor(reduceMax(stack(windows(x, cfg.size, cfg.strides, cfg.padding, -Infinity), -1), -1));
      }
      const sum = reduceSum(stack(windows(x, cfg.size, cfg.strides, cfg.padding), -1), -1);
      if (cfg.padding === 'valid')
        return wrapTensor(
          realdiv(
            sum,
            cfg.size.reduce((p, q) => p * q, 1),
          ),
        );
      const counts = reduceSum(
        stack(windows(ones([1, ...x.shape.slice(1)], x.dtype), cfg.size, cfg.strides, 'same'), -1),
        -1,
      );
      return wrapTensor(realdiv(sum, counts));
    },
  });
}

function globalPool(kind: 'Max' | 'Average', nd: 1 | 2): PyClass {
  return defineLayer({
    name: `Global${kind}Pooling${nd}D`,
    module: `${M}.pooling.global_${kind.toLowerCase()}_pooling${nd}d`,
    init: 'data_format=None, keepdims=False',
    setup: (st, a) => {
      st.cfg = { keepdims: a.keepdims === true };
      st.inputSpec = { ndim: nd + 2 };
      return {};
    },
    call: (_self, st, inputs) => {
      const axes = nd === 1 ? [1] : [1, 2];
      const f = kind === 'Max' ? reduceMax : reduceMean;
      return wrapTensor(f(T(inputs), axes, st.cfg.keepdims as boolean));
    },
  });
}

export function convLayers(): Record<string, PyClass> {
  const Lambda = defineLayer({
    name: 'Lambda',
    module: `${M}.core.lambda_layer`,
    init: 'function, output_shape=None, mask=None, arguments=None',
    setup: (st, a) => {
      st.cfg = { fn: a.function, arguments: a.arguments };
      return { function: a.function };
    },
    call: (_self, st, inputs, _t, ctx) => {
      const extra = st.cfg.arguments;
      const kw = new Map<string, PyValue>();
      if (extra instanceof PyInstance === false && extra !== null && typeof extra === 'object' && 'map' in extra) {
        for (const e of (extra as { map: Map<unknown, { key: PyValue; value: PyValue }> }).map.values()) {
          kw.set(String(e.key), e.value);
        }
      }
      return ctx.call(st.cfg.fn as PyValue, [inputs], kw);
    },
  });
  const out: Record<string, PyClass> = { Lambda, Conv1D: convLayer(1), Conv2D: convLayer(2) };
  for (const nd of [1, 2] as const) {
    for (const kind of ['Max', 'Average'] as const) {
      out[`${kind}Pooling${nd}D`] = poolLayer(kind, nd);
      out[`Global${kind}Pooling${nd}D`] = globalPool(kind, nd);
    }
  }
  out.MaxPool2D = out.MaxPooling2D;
  out.AvgPool2D = out.AveragePooling2D;
  return out;
}
