import { EngineError, opError } from '../errors';
import { broadcastIndex } from '../kernels/elementwise';
import { l2LossKernel, sparseXentKernel, xentKernel } from '../kernels/nn';
import { allocate, isFloat, isInt, type NumericData } from '../tensor/dtype';
import { broadcastShapes, type Shape, shapesEqual, shapeText, shapeTuple, sizeOf } from '../tensor/shape';
import type { Tensor } from '../tensor/tensor';
import { reshape, zeros, zerosLike } from './array';
import { greaterEqual, where } from './compare';
import { type TensorLike, toTensor } from './convert';
import { unsupported } from './define';
import { add, cast, mul, neg, sub } from './math';
import { logSoftmax, softmax } from './nn';
import { reduceSum } from './reduce';
import { apply, defineOp, NO_ATTRS, sameDType } from './registry';
import { transpose } from './shape';
import { exp, log1p } from './unary';

// ---- SoftmaxCrossEntropyWithLogits ----------------------------------------------------------------------------------

/** The fused kernel's broadcast [batch, classes] shape, with TF's error texts. */
function xentShape(op: string, logits: Tensor, labels: Tensor): number[] {
  const d = sameDType(op, [logits, labels]);
  if (!isFloat(d)) throw unsupported(op, d);
  let shape = [...logits.shape];
  if (!shapesEqual(logits.shape, labels.shape)) {
    try {
      shape = broadcastShapes(logits.shape, labels.shape, op);
    } catch {
      throw opError(
        op,
        `logits and labels must be broadcastable: logits_size=${shapeText(logits.shape)} labels_size=${shapeText(labels.shape)}`,
      );
    }
  }
  if (shape.length !== 2) {
    throw opError(op, 'logits and labels must be either 2-dimensional, or broadcasted to be 2-dimensional');
  }
  return shape;
}

/** `t`'s data broadcast to `shape` (a view when no broadcasting is needed). */
function expanded(t: Tensor, shape: Shape): NumericData {
  const src = t.data as NumericData;
  if (shapesEqual(t.shape, shape)) return src;
  const idx = broadcastIndex(t.shape, shape);
  const out = allocate(t.dtype, idx.length) as NumericData;
  for (let i = 0; i < idx.length; i++) out[i] = src[idx[i]];
  return out;
}

function xentRun(logits: Tensor, labels: Tensor, shape: Shape, backprop?: NumericData) {
  const [batch, n] = shape;
  const y = expanded(labels, shape);
  return xentKernel(expanded(logits, shape), (b, j) => y[b * n + j], batch, n, logits.dtype, backprop);
}

/** `(g - sum(g * softmax, -1, keepdims)) * softmax`: the softmax Jacobian applied to `g` (NG's grad-of-grad term). */
function softmaxJvp(g: Tensor, logits: Tensor): Tensor {
  const sm = softmax(logits);
  return mul(sub(g, reduceSum(mul(g, sm), -1, true)), sm);
}

/**
 * TF's second output of the fused op, `softmax(logits) - labels`, as its own primitive so the outer tape of a
 * second derivative sees it. Its gradient is NG `_SoftmaxCrossEntropyWithLogitsGrad`'s `grad_grad` branch: the softmax
 * Jacobian for the logits; the labels get `grad_loss * -log_softmax` with a zero `grad_loss`, i.e. zeros.
 */
const XentBackprop = defineOp({
  name: 'SoftmaxCrossEntropyWithLogitsBackprop',
  display: { api: 'tf.raw_ops.SoftmaxCrossEntropyWithLogitsBackprop' },
  infer: ([logits, labels]) => ({
    shape: xentShape('SoftmaxCrossEntropyWithLogits', logits, labels),
    dtype: logits.dtype,
  }),
  kernel: ([logits, labels], _a, shape, dtype) => {
    const bp = allocate(dtype, sizeOf(shape)) as NumericData;
    xentRun(logits, labels, shape, bp);
    return bp;
  },
  vjp: (gg, { inputs: [logits] }) => [softmaxJvp(gg, logits), zeros(gg.shape, gg.dtype)],
});

/**
 * The fused `SoftmaxCrossEntropyWithLogits(features, labels)` on [batch, classes] (broadcastable) matrices.
 * Gradient NG `_SoftmaxCrossEntropyWithLogitsGrad`: logits get `g[:, None] * (softmax - labels)`, labels get
 * `g[:, None] * -log_softmax(logits)`.
 */
export const SoftmaxCrossEntropyWithLogits = defineOp({
  name: 'SoftmaxCrossEntropyWithLogits',
  display: { api: 'tf.nn.softmax_cross_entropy_with_logits' },
  infer: ([logits, labels]) => ({
    shape: [xentShape('SoftmaxCrossEntropyWithLogits', logits, labels)[0]],
    dtype: logits.dtype,
  }),
  kernel: ([logits, labels]) => xentRun(logits, labels, xentShape('SoftmaxCrossEntropyWithLogits', logits, labels)),
  vjp: (g, { inputs: [logits, labels] }) => {
    const col = reshape(g, [-1, 1]);
    return [mul(col, apply(XentBackprop, [logits, labels], NO_ATTRS)), mul(col, neg(logSoftmax(logits)))];
  },
});

/**
 * `tf.nn.softmax_cross_entropy_with_logits(labels, logits, axis=-1)` as TF composes it: labels cast to the logits'
 * dtype, the class axis moved last (a transpose), both flattened to matrices, the fused op, and the loss reshaped back.
 */
export function softmaxCrossEntropyWithLogits(labels: TensorLike, logits: TensorLike, axis = -1): Tensor {
  let lg = toTensor(logits);
  let lb = cast(toTensor(labels), lg.dtype);
  const rank = lg.rank;
  if (axis !== -1) {
    // TF's `_move_dim_to_end` builds `concat([range(axis), range(axis + 1, rank), [axis]])` without normalising the
    // axis, so a negative axis other than -1 (or one >= rank) yields a permutation of the wrong length.
    const permSize = Math.max(axis, 0) + Math.max(rank - axis - 1, 0) + 1;
    if (permSize !== rank) {
      throw opError(
        'Transpose',
        `transpose expects a vector of size ${rank}. But input(1) is a vector of size ${permSize}`,
      );
    }
    const perm = [...Array(rank).keys()].filter((d) => d !== axis).concat(axis);
    lg = transpose(lg, perm);
    lb = transpose(lb, perm);
  }
  if (lg.rank === 0 || lb.rank === 0) {
    throw opError('Slice', 'Expected begin[0] in [0, 0], but got -1');
  }
  const outer = lg.shape.slice(0, -1);
  const cost = apply(SoftmaxCrossEntropyWithLogits, [flatten(lg), flatten(lb)], NO_ATTRS);
  return reshape(cost, outer);
}

/** TF `_flatten_outer_dims`: `[..., n]` → `[-1, n]`. */
const flatten = (t: Tensor): Tensor => reshape(t, [-1, t.shape[t.rank - 1]]);

// ---- SparseSoftmaxCrossEntropyWithLogits ----------------------------------------------------------------------------

function sparseShape([logits, labels]: readonly Tensor[]): number[] {
  const op = 'SparseSoftmaxCrossEntropyWithLogits';
  if (!isInt(labels.dtype)) {
    throw opError(
      op,
      `Value for attr 'Tlabels' of ${labels.dtype === 'float32' ? 'float' : labels.dtype === 'float64' ? 'double' : labels.dtype} is not in the list of allowed values: int32, int64`,
      'TypeError',
    );
  }
  if (!isFloat(logits.dtype)) throw unsupported(op, logits.dtype);
  if (logits.rank !== 2) throw opError(op, `logits must be 2-D, but got shape ${shapeText(logits.shape)}`);
  if (labels.rank !== 1) throw opError(op, `labels must be 1-D, but got shape ${shapeText(labels.shape)}`);
  if (logits.shape[0] !== labels.shape[0]) {
    throw opError(
      op,
      `logits and labels must have the same first dimension, got logits shape ${shapeText(logits.shape)} and labels shape ${shapeText(labels.shape)}`,
    );
  }
  if (logits.shape[1] <= 0) {
    throw opError(op, `Must have at least one class, but got logits shape ${shapeText(logits.shape)}`);
  }
  // CPU's CheckInvalidLabelIndex: the smallest label if negative, else the largest, with every label listed.
  const n = logits.shape[1];
  const ls = labels.data as NumericData;
  if (ls.length > 0) {
    let lo = ls[0];
    let hi = ls[0];
    for (let i = 1; i < ls.length; i++) {
      if (ls[i] < lo) lo = ls[i];
      if (ls[i] > hi) hi = ls[i];
    }
    if (lo < 0 || hi >= n) {
      throw opError(
        op,
        `Received a label value of ${lo < 0 ? lo : hi} which is outside the valid range of [0, ${n}).  Label values: ${Array.from(ls).join(' ')}`,
      );
    }
  }
  return [...logits.shape];
}

/** The sparse op's second output, `softmax - onehot(labels)`; its gradient is the softmax Jacobian (labels: None). */
const SparseXentBackprop = defineOp({
  name: 'SparseSoftmaxCrossEntropyWithLogitsBackprop',
  display: { api: 'tf.raw_ops.SparseSoftmaxCrossEntropyWithLogitsBackprop' },
  infer: (xs) => ({ shape: sparseShape(xs), dtype: xs[0].dtype }),
  kernel: ([logits, labels], _a, shape, dtype) => {
    const bp = allocate(dtype, sizeOf(shape)) as NumericData;
    sparseXentKernel(logits.data as NumericData, labels.data as NumericData, shape[0], shape[1], dtype, bp);
    return bp;
  },
  vjp: (gg, { inputs: [logits] }) => [softmaxJvp(gg, logits), null],
});

/**
 * The fused `SparseSoftmaxCrossEntropyWithLogits(features [batch, classes], labels [batch] int)`.
 * Gradient NG `_SparseSoftmaxCrossEntropyWithLogitsGrad`: logits get `g[:, None] * (softmax - onehot)`; labels None.
 */
export const SparseSoftmaxCrossEntropyWithLogits = defineOp({
  name: 'SparseSoftmaxCrossEntropyWithLogits',
  display: { api: 'tf.nn.sparse_softmax_cross_entropy_with_logits' },
  infer: (xs) => ({ shape: [sparseShape(xs)[0]], dtype: xs[0].dtype }),
  kernel: ([logits, labels], _a, _s, dtype) =>
    sparseXentKernel(logits.data as NumericData, labels.data as NumericData, logits.shape[0], logits.shape[1], dtype),
  vjp: (g, { inputs: [logits, labels] }) => [
    mul(reshape(g, [-1, 1]), apply(SparseXentBackprop, [logits, labels], NO_ATTRS)),
    null,
  ],
});

/**
 * `tf.nn.sparse_softmax_cross_entropy_with_logits(labels, logits)`: the Python-side rank/shape checks (ValueError),
 * then the fused op directly for matrices, else on `[-1, classes]` / `[-1]` reshapes with the loss reshaped back.
 */
export function sparseSoftmaxCrossEntropyWithLogits(labels: TensorLike, logits: TensorLike): Tensor {
  const lb = toTensor(labels);
  const lg = toTensor(logits);
  if (lg.rank === 0) {
    throw new EngineError('ValueError', `Logits cannot be scalars - received shape ${shapeTuple(lg.shape)}.`);
  }
  if (lb.rank !== lg.rank - 1) {
    throw new EngineError(
      'ValueError',
      `Rank mismatch: Rank of labels (received ${lb.rank}) should equal rank of logits minus 1 (received ${lg.rank}).`,
    );
  }
  if (!shapesEqual(lb.shape, lg.shape.slice(0, -1))) {
    throw new EngineError(
      'ValueError',
      `Shape mismatch: The shape of labels (received ${shapeTuple(lb.shape)}) should equal the shape of logits except for the last dimension (received ${shapeTuple(lg.shape)}).`,
    );
  }
  if (lg.rank === 2) return apply(SparseSoftmaxCrossEntropyWithLogits, [lg, lb], NO_ATTRS);
  const classes = lg.shape[lg.rank - 1];
  const cost = apply(SparseSoftmaxCrossEntropyWithLogits, [reshape(lg, [-1, classes]), reshape(lb, [-1])], NO_ATTRS);
  return reshape(cost, lb.shape);
}

// ---- sigmoid cross-entropy ------------------------------------------------------------------------------------------

/**
 * `tf.nn.sigmoid_cross_entropy_with_logits(labels, logits)` as NI composes it:
 * `relu_logits - logits * labels + log1p(exp(neg_abs_logits))` with `relu_logits = where(logits >= 0, logits, 0)` and
 * `neg_abs_logits = where(logits >= 0, -logits, logits)` ("to allow computing gradients at zero": the gradient at
 * logits 0 is `0.5 - labels`).
 */
export function sigmoidCrossEntropyWithLogits(labels: TensorLike, logits: TensorLike): Tensor {
  const x = toTensor(logits);
  const z = toTensor(labels);
  const compatible = x.rank === z.rank && x.shape.every((d, i) => d === z.shape[i]);
  if (!compatible) {
    throw new EngineError(
      'ValueError',
      `\`logits\` and \`labels\` must have the same shape, received (${shapeTuple(x.shape)} vs ${shapeTuple(z.shape)}).`,
    );
  }
  const zero = zerosLike(x);
  const cond = greaterEqual(x, zero);
  const reluLogits = where(cond, x, zero);
  const negAbsLogits = where(cond, neg(x), x);
  return add(sub(reluLogits, mul(x, z)), log1p(exp(negAbsLogits)));
}

// ---- L2Loss ---------------------------------------------------------------------------------------------------------

/** `L2Loss(t) = sum(t ** 2) / 2`. Gradient NG `_L2LossGrad`: `t * g`. */
export const L2Loss = defineOp({
  name: 'L2Loss',
  display: { api: 'tf.nn.l2_loss' },
  infer: ([x]) => {
    if (!isFloat(x.dtype)) throw unsupported('L2Loss', x.dtype);
    return { shape: [], dtype: x.dtype };
  },
  kernel: ([x], _a, _s, dtype) => l2LossKernel(x.data as NumericData, dtype),
  vjp: (g, { inputs: [x] }) => [mul(x, g)],
});

/** `tf.nn.l2_loss(t)`. */
export const l2Loss = (t: TensorLike): Tensor => apply(L2Loss, [toTensor(t)], NO_ATTRS);
