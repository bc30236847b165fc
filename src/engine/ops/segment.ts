/**
 * Segment reductions: `tf.math.segment_{sum,mean,max,min,prod}` (sorted ids, as many segments as the largest id
 * plus one) and `tf.math.unsorted_segment_{sum,mean,max,min,prod}` (any order, `num_segments` given, negative ids
 * dropped), with TF's gradients. Each segment is accumulated in input order in the data's own dtype, as TF's CPU
 * kernels do for unsorted segments.
 */
import { opError } from '../errors';
import { runtime } from '../python/runtime';
import { allocate, castScalar, type DType, isFloat, kernelTypeName, type NumericData } from '../tensor/dtype';
import { Tensor } from '../tensor/tensor';
import { onesLike, reshape, zerosLike } from './array';
import { equal, greater, where } from './compare';
import { type TensorLike, toTensor } from './convert';
import { gather, scatterRows } from './gather';
import { cast, divide, mul } from './math';
import { apply, defineOp, type OpDef } from './registry';

type Kind = 'sum' | 'mean' | 'max' | 'min' | 'prod';

interface SegmentAttrs {
  kind: Kind;
  sorted: boolean;
  segments: number;
}

/** The value of an empty segment: the reduction's identity (TF's sorted max and min give 0). */
function initial(kind: Kind, sorted: boolean, dtype: DType): number {
  if (kind === 'prod') return 1;
  if (kind === 'sum' || kind === 'mean' || sorted) return 0;
  const highest =
    dtype === 'float32'
      ? 3.4028234663852886e38
      : dtype === 'float64'
        ? Number.MAX_VALUE
        : dtype === 'int32'
          ? 2147483647
          : 2 ** 63;
  // int64's lowest, -2^63, is exact in a double; its highest is never used (an empty int64 min is unknown).
  return kind === 'max' ? (dtype === 'int32' ? -2147483648 : -highest) : highest;
}

function segmentKernel(data: Tensor, ids: Tensor, a: SegmentAttrs, dtype: DType): NumericData {
  const m = ids.size;
  const inner = m === 0 ? 0 : data.size / m;
  const out = allocate(dtype, a.segments * inner) as NumericData;
  const counts = new Float64Array(a.segments);
  const acc = new Float64Array(a.segments * inner).fill(initial(a.kind, a.sorted, dtype));
  const seen = new Uint8Array(a.segments);
  const src = data.data as NumericData;
  for (let i = 0; i < m; i++) {
    const s = ids.num(i);
    if (s < 0) continue;
    counts[s]++;
    const o = s * inner;
    for (let j = 0; j < inner; j++) {
      const v = src[i * inner + j];
      const k = o + j;
      const first = !seen[s] && a.sorted;
      switch (a.kind) {
        case 'sum':
        case 'mean':
          acc[k] = castScalar(acc[k] + v, dtype);
          break;
        case 'prod':
          acc[k] = castScalar(acc[k] * v, dtype);
          break;
        case 'max':
          acc[k] = first || v > acc[k] || Number.isNaN(v) ? v : acc[k];
          break;
        case 'min':
          acc[k] = first || v < acc[k] || Number.isNaN(v) ? v : acc[k];
          break;
      }
    }
    seen[s] = 1;
  }
  for (let s = 0; s < a.segments; s++) {
    for (let j = 0; j < inner; j++) {
      const k = s * inner + j;
      out[k] = a.kind === 'mean' && counts[s] > 0 ? castScalar(acc[k] / counts[s], dtype) : acc[k];
    }
  }
  return out;
}

/** `gather(g, ids)` with the rows of negative ids zero (TF's `_GatherDropNegatives`). */
function gatherDropNegatives(g: Tensor, ids: Tensor): Tensor {
  const clipped = new Int32Array(ids.size);
  let negative = false;
  for (let i = 0; i < ids.size; i++) {
    clipped[i] = Math.max(ids.num(i), 0);
    if (ids.num(i) < 0) negative = true;
  }
  const rows = gather(g, new Tensor('int32', ids.shape, clipped));
  if (!negative) return rows;
  const keep = allocate(g.dtype, ids.size) as NumericData;
  for (let i = 0; i < ids.size; i++) keep[i] = ids.num(i) < 0 ? 0 : 1;
  const mask = new Tensor(g.dtype, [...ids.shape, ...g.shape.slice(1).map(() => 1)], keep);
  return mul(rows, mask);
}

/** How many entries each segment holds, shaped `[segments, 1, ...]` to divide rows of the output. */
function segmentCounts(ids: Tensor, segments: number, out: Tensor): Tensor {
  const c = allocate(out.dtype, segments) as NumericData;
  for (let i = 0; i < ids.size; i++) if (ids.num(i) >= 0) c[ids.num(i)]++;
  for (let s = 0; s < segments; s++) c[s] = Math.max(c[s], 1);
  return new Tensor(out.dtype, [segments, ...out.shape.slice(1).map(() => 1)], c);
}

function segmentVjp(g: Tensor, data: Tensor, ids: Tensor, out: Tensor, a: SegmentAttrs): Tensor {
  switch (a.kind) {
    case 'sum':
      return gatherDropNegatives(g, ids);
    case 'mean':
      return gatherDropNegatives(divide(g, segmentCounts(ids, a.segments, out)), ids);
    case 'max':
    case 'min': {
      // MG `_SegmentMinOrMaxGrad` / `_UnsortedSegmentMinOrMaxGrad`: the upstream goes to the entries equal to their
      // segment's result, shared equally among ties.
      const selected = equal(data, gatherDropNegatives(out, ids));
      const counted = segmentReduce('sum', cast(selected, g.dtype), ids, a.segments, false);
      const share = divide(g, counted);
      return where(selected, gatherDropNegatives(share, ids), zerosLike(data));
    }
    case 'prod': {
      // MG `_UnsortedSegmentProdGrad`: the product of the other entries, with zeros handled apart (a segment with
      // two zeros has no gradient, one zero gives its entry the product of the rest).
      const isZero = equal(data, zerosLike(data));
      const zerosPer = segmentReduce('sum', cast(isZero, 'int32'), ids, a.segments, false);
      const upstream = where(greater(zerosPer, 1), zerosLike(g), g);
      const nonZero = where(isZero, onesLike(data), data);
      const nonZeroProd = segmentReduce('prod', nonZero, ids, a.segments, false);
      const partial = where(
        isZero,
        gatherDropNegatives(nonZeroProd, ids),
        divide(gatherDropNegatives(out, ids), nonZero),
      );
      return mul(gatherDropNegatives(upstream, ids), partial);
    }
  }
}

const NAMES: Record<Kind, string> = { sum: 'Sum', mean: 'Mean', max: 'Max', min: 'Min', prod: 'Prod' };
const OPS = new Map<string, OpDef<SegmentAttrs>>();
for (const sorted of [true, false]) {
  for (const kind of ['sum', 'mean', 'max', 'min', 'prod'] as Kind[]) {
    // TF has no UnsortedSegmentMean op (`unsorted_segment_mean` divides a sum in Python), and UnsortedSegmentSum
    // is `gather.ts`'s ScatterRows.
    if (!sorted && (kind === 'mean' || kind === 'sum')) continue;
    const name = `${sorted ? '' : 'Unsorted'}Segment${NAMES[kind]}`;
    const api = `tf.math.${sorted ? '' : 'unsorted_'}segment_${kind}`;
    OPS.set(
      name,
      defineOp<SegmentAttrs>({
        name,
        display: { api },
        infer: ([data, ids], { segments }) => ({ shape: [segments, ...data.shape.slice(ids.rank)], dtype: data.dtype }),
        kernel: ([data, ids], attrs, _shape, dtype) => segmentKernel(data, ids, attrs, dtype),
        vjp: (g, { inputs: [data, ids], output, attrs }) => [segmentVjp(g, data, ids, output, attrs), null],
      }),
    );
  }
}

const NUMBER_TYPES =
  'float, double, int32, uint8, int16, int8, complex64, int64, qint8, quint8, qint32, bfloat16, qint16, quint16, uint16, complex128, half, uint32, uint64';
const REAL_TYPES = 'float, double, int32, uint8, int16, int8, int64, bfloat16, uint16, half, uint32, uint64';
const dtList = (names: string) =>
  `[${names
    .split(', ')
    .map((n) => `DT_${n.toUpperCase()}`)
    .join(', ')}]`;

/** TF's text for a data or id dtype the op is not registered for (the op's NodeDef and signature). */
function attrError(op: string, kind: Kind, sorted: boolean, attr: 'T' | 'Tindices', d: DType, name?: string) {
  const types = kind === 'max' || kind === 'min' ? REAL_TYPES : NUMBER_TYPES;
  const indices = !sorted && kind === 'sum' ? 'int16, int32, int64' : 'int32, int64';
  const signature = sorted
    ? 'data:T, segment_ids:Tindices -> output:T'
    : 'data:T, segment_ids:Tindices, num_segments:Tnumsegments -> output:T';
  const numSegments = sorted ? '' : '; attr=Tnumsegments:type,default=DT_INT32,allowed=[DT_INT32, DT_INT64]';
  return opError(
    op,
    `Value for attr '${attr}' of ${kernelTypeName(d)} is not in the list of allowed values: ${attr === 'T' ? types : indices}\n\t; NodeDef: {{node ${op}}}; Op<name=${op}; signature=${signature}; attr=T:type,allowed=${dtList(types)}; attr=Tindices:type,allowed=${dtList(indices)}${numSegments}>`,
    'InvalidArgumentError',
    name,
  );
}

/** The data and ids as tensors, with TF's dtype checks; max and min of NaN are unknown (TF's kernels skip them). */
function operands(kind: Kind, sorted: boolean, input: TensorLike, segmentIds: TensorLike): [Tensor, Tensor] {
  const opKind = !sorted && kind === 'mean' ? 'sum' : kind;
  const op = `${sorted ? '' : 'Unsorted'}Segment${NAMES[opKind]}`;
  const name = !sorted && kind === 'mean' ? '' : undefined;
  const data = toTensor(input);
  const ids = toTensor(segmentIds);
  if (data.dtype === 'string' || data.dtype === 'bool') throw attrError(op, opKind, sorted, 'T', data.dtype, name);
  if (ids.dtype !== 'int32' && ids.dtype !== 'int64') throw attrError(op, opKind, sorted, 'Tindices', ids.dtype, name);
  if ((kind === 'max' || kind === 'min') && isFloat(data.dtype)) {
    for (let i = 0; i < data.size; i++) {
      if (Number.isNaN(data.num(i))) throw runtime().unsupported(`segment ${kind} of values holding NaN`);
    }
  }
  return [data, ids];
}

function segmentReduce(kind: Kind, data: Tensor, ids: Tensor, segments: number, sorted: boolean): Tensor {
  if (!sorted && kind === 'sum') return unsortedSum(data, ids, segments);
  const name = `${sorted ? '' : 'Unsorted'}Segment${NAMES[kind]}`;
  return apply(OPS.get(name) as OpDef<SegmentAttrs>, [data, ids], { kind, sorted, segments });
}

/** UnsortedSegmentSum: the rows of the data (ids flattened) scattered into the segments; negative ids dropped. */
function unsortedSum(data: Tensor, ids: Tensor, segments: number): Tensor {
  const inner = data.shape.slice(ids.rank);
  let rows = reshape(data, [ids.size, ...inner]);
  const kept: number[] = [];
  const keptIds: number[] = [];
  for (let i = 0; i < ids.size; i++) {
    if (ids.num(i) < 0) continue;
    kept.push(i);
    keptIds.push(ids.num(i));
  }
  if (kept.length < ids.size) rows = gather(rows, new Tensor('int32', [kept.length], Int32Array.from(kept)));
  return scatterRows(rows, new Tensor('int32', [keptIds.length], Int32Array.from(keptIds)), [segments, ...inner]);
}

/** `tf.math.segment_<kind>(data, segment_ids)`: ids a sorted vector as long as the data's first dimension. */
export function segmentOp(kind: Kind, input: TensorLike, segmentIds: TensorLike): Tensor {
  const op = `Segment${NAMES[kind]}`;
  const [data, ids] = operands(kind, true, input, segmentIds);
  if (ids.rank !== 1) throw opError(op, 'segment_ids should be a vector.');
  if (data.rank < 1 || data.shape[0] !== ids.size) {
    throw opError(op, 'segment_ids should be the same size as dimension 0 of input.');
  }
  const segments = ids.size === 0 ? 0 : ids.num(ids.size - 1) + 1;
  for (let i = 0; i < ids.size; i++) {
    const s = ids.num(i);
    if (s < 0 || s >= segments) {
      throw opError(
        op,
        `Segment id ${s} out of range [0, ${segments}), possibly because 'segment_ids' input is not sorted.`,
      );
    }
    if (i > 0 && s < ids.num(i - 1)) throw opError(op, 'segment ids are not increasing');
  }
  return segmentReduce(kind, data, ids, segments, true);
}

/** `tf.math.unsorted_segment_<kind>(data, segment_ids, num_segments)`: negative ids are dropped. */
export function unsortedSegmentOp(kind: Kind, input: TensorLike, segmentIds: TensorLike, numSegments: number): Tensor {
  const op = `UnsortedSegment${NAMES[kind === 'mean' ? 'sum' : kind]}`;
  const name = kind === 'mean' ? '' : undefined;
  const [data, ids] = operands(kind, false, input, segmentIds);
  if (ids.rank > data.rank || ids.shape.some((d, i) => d !== data.shape[i])) {
    throw opError(
      op,
      `data.shape = [${data.shape.join(',')}] does not start with segment_ids.shape = [${ids.shape.join(',')}]`,
      'InvalidArgumentError',
      name,
    );
  }
  for (let i = 0; i < ids.size; i++) {
    const s = ids.num(i);
    if (s >= numSegments) {
      throw opError(op, `segment_ids[${i}] = ${s} is out of range [0, ${numSegments})`, 'InvalidArgumentError', name);
    }
  }
  if (kind === 'min' && data.dtype === 'int64') {
    // An empty segment holds int64's largest value, 2^63 - 1, which the engine's int64 storage cannot hold.
    const present = new Set<number>();
    for (let i = 0; i < ids.size; i++) present.add(ids.num(i));
    for (let s = 0; s < numSegments; s++) {
      if (!present.has(s)) throw runtime().unsupported('unsorted_segment_min of int64 with an empty segment');
    }
  }
  if (kind !== 'mean') return segmentReduce(kind, data, ids, numSegments, false);
  // TF: `unsorted_segment_sum(data) / max(count, 1)`, the count broadcast over the data's inner dimensions.
  const total = segmentReduce('sum', data, ids, numSegments, false);
  return divide(total, segmentCounts(ids, numSegments, total));
}
