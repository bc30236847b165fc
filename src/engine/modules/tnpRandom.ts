/**
 * `tf.experimental.numpy.random`: `seed` is `tf.random.set_seed`; `randn`, `standard_normal`, `uniform`, `rand`,
 * `random` and `randint` are `tf.random.normal` / `tf.random.uniform` drawn with the global seed's op seeds, in
 * tnp's default float dtype (float64 unless `prefer_float32`), so their numbers are TensorFlow's.
 */
import { EngineError } from '../errors';

import { randomNormal, randomUniform, setSeed } from '../ops/random';
import { pyError, ValueError } from '../python/exceptions';
import { def, nativeModule } from '../python/native';
import type { PyModule, PyTuple, PyValue } from '../python/values';
import { broadcastShapes } from '../tensor/shape';
import { wrapTensor } from './boxes';
import { dtypeArg, intArg, shapeArg } from './convert';
import { defaultFloat, tnpArray } from './tnpBehavior';

/** `size=`: None is (), an int n is (n,) where `isscalar` allows it. */
const sizeOf = (v: PyValue, scalarOk: boolean): number[] | null => {
  if (v === null) return [];
  if (typeof v === 'bigint') return scalarOk ? [Number(v)] : null;
  return shapeArg(v);
};

/** TF's error for a 0-d shape given to RandomUniform. */
const scalarShapeError = () =>
  new EngineError(
    'InvalidArgumentError',
    '{{function_node __wrapped__RandomUniform_device_/job:localhost/replica:0/task:0/device:CPU:0}} shape must be a vector of {int32,int64}, got shape [] [Op:RandomUniform] name: ',
    'RandomUniform',
  );

function uniform(low: PyValue, high: PyValue, size: PyValue): PyValue {
  const d = defaultFloat();
  const lo = tnpArray(low, d);
  const hi = tnpArray(high, d);
  const shape = size === null ? broadcastShapes(lo.shape, hi.shape, 'BroadcastArgs') : sizeOf(size, false);
  if (shape === null) throw scalarShapeError();
  return wrapTensor(randomUniform(shape, lo, hi, d));
}

const normal = (shape: number[]) => wrapTensor(randomNormal(shape, 0.0, 1.0, defaultFloat()));

export function tnpRandomModule(): PyModule {
  return nativeModule('tensorflow.experimental.numpy.random', {
    seed: def('seed(s)', ({ s }) => {
      setSeed(BigInt(intArg(s, 's')));
      return null;
    }),
    randn: def('randn(*args)', ({ args }) => normal((args as PyTuple).items.map((x) => intArg(x, 'shape')))),
    standard_normal: def('standard_normal(size=None)', ({ size }) => normal(sizeOf(size, true) ?? [])),
    uniform: def('uniform(low=0.0, high=1.0, size=None)', ({ low, high, size }) => uniform(low, high, size)),
    random: def('random(size=None)', ({ size }) => uniform(0.0, 1.0, size)),
    rand: def('rand(*size)', ({ size }) => uniform(0.0, 1.0, size)),
    randint: def('randint(low, high=None, size=None, dtype=None)', ({ low, high, size, dtype }) => {
      let lo = intArg(low, 'low');
      let hi: number;
      if (high === null) {
        hi = lo;
        lo = 0;
      } else hi = intArg(high, 'high');
      const d = dtypeArg(dtype) ?? 'int64';
      if (d !== 'int32' && d !== 'int64') {
        throw pyError(
          ValueError,
          `Argument \`dtype\` got an invalid value ${d}. Only those convertible to (<class 'numpy.int32'>, <class 'numpy.int64'>) are supported.`,
        );
      }
      const shape = size === null ? [] : typeof size === 'bigint' ? [Number(size)] : shapeArg(size);
      return wrapTensor(randomUniform(shape, BigInt(lo), BigInt(hi), d));
    }),
  });
}
