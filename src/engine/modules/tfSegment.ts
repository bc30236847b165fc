/** `tf.math.segment_*` and `tf.math.unsorted_segment_*`. */
import { segmentOp, unsortedSegmentOp } from '../ops/segment';
import { def } from '../python/native';
import type { PyValue } from '../python/values';
import { wrapTensor } from './boxes';
import { intArg, toTensor } from './convert';

export function segmentFunctions(): Record<string, PyValue> {
  const out: Record<string, PyValue> = {};
  for (const kind of ['sum', 'mean', 'max', 'min', 'prod'] as const) {
    out[`segment_${kind}`] = def(`segment_${kind}(data, segment_ids, name=None)`, (a) =>
      wrapTensor(segmentOp(kind, toTensor(a.data), toTensor(a.segment_ids))),
    );
    out[`unsorted_segment_${kind}`] = def(`unsorted_segment_${kind}(data, segment_ids, num_segments, name=None)`, (a) =>
      wrapTensor(unsortedSegmentOp(kind, toTensor(a.data), toTensor(a.segment_ids), intArg(a.num_segments))),
    );
  }
  return out;
}
