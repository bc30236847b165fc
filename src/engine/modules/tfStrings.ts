/** `tf.strings`: `length` (in UTF-8 bytes, or in code points with `unit='UTF8_CHAR'`), `upper`, `lower`. */
import { EngineError } from '../errors';
import { def, nativeModule } from '../python/native';
import type { PyModule, PyValue } from '../python/values';
import { elementBytes } from '../tensor/stringBytes';
import { Tensor } from '../tensor/tensor';
import { wrapTensor } from './boxes';
import { toTensor } from './convert';

function strings(v: PyValue, op: string): Tensor {
  const t = toTensor(v);
  if (t.dtype !== 'string') {
    throw new EngineError('InvalidArgumentError', `Expected string tensor for ${op}, got ${t.dtype}`);
  }
  return t;
}

const mapped = (t: Tensor, f: (s: string) => string) =>
  new Tensor('string', t.shape, Array.from(t.data as ArrayLike<string>, f));

export function stringsModule(): PyModule {
  return nativeModule('tensorflow.strings', {
    length: def("length(input, unit='BYTE', name=None)", (a) => {
      const t = strings(a.input, 'StringLength');
      const unit = String(a.unit);
      if (unit !== 'BYTE' && unit !== 'UTF8_CHAR') {
        throw new EngineError('ValueError', `unit must be one of ['BYTE', 'UTF8_CHAR'], got '${unit}'`);
      }
      const out = new Int32Array(t.size);
      for (let i = 0; i < t.size; i++) {
        const s = t.data[i] as string;
        out[i] = unit === 'BYTE' ? elementBytes(s).length : [...s].length;
      }
      return wrapTensor(new Tensor('int32', t.shape, out));
    }),
    upper: def("upper(input, encoding='', name=None)", (a) =>
      wrapTensor(mapped(strings(a.input, 'StringUpper'), (s) => s.replace(/[a-z]+/g, (m) => m.toUpperCase()))),
    ),
    lower: def("lower(input, encoding='', name=None)", (a) =>
      wrapTensor(mapped(strings(a.input, 'StringLower'), (s) => s.replace(/[A-Z]+/g, (m) => m.toLowerCase()))),
    ),
  });
}
