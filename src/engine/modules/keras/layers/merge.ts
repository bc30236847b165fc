/** Merging layers: Concatenate, Add, Subtract, Multiply, Average, Maximum, Minimum (a list of tensors in, one out). */

import { concat } from '../../../ops/array';
import { add, maximum, minimum, mul, realdiv, sub } from '../../../ops/math';
import { pyError, ValueError } from '../../../python/exceptions';
import { type PyClass, PyList, PyTuple, type PyValue } from '../../../python/values';
import type { Tensor } from '../../../tensor/tensor';
import { wrapTensor } from '../../boxes';
import { toTensor } from '../../convert';
import { dimsOf } from '../layer';
import { defineLayer } from './define';

const M = 'keras.src.layers.merging';

const shapeText = (dims: readonly (number | null)[]): string =>
  `(${dims.map((d) => (d === null ? 'None' : d)).join(', ')}${dims.length === 1 ? ',' : ''})`;

function tensorsOf(inputs: PyValue, layer: string): Tensor[] {
  if (!(inputs instanceof PyList || inputs instanceof PyTuple) || inputs.items.length < 1) {
    throw pyError(
      ValueError,
      `A merge layer should be called on a list of inputs. Received: inputs=${String(inputs)} (not a list of tensors)`,
    );
  }
  void layer;
  return inputs.items.map((x) => toTensor(x));
}

/** An elementwise merge: the non-batch shapes must be equal (or broadcast as Keras allows, size 1). */
function elementwise(
  name: string,
  module: string,
  fold: (a: Tensor, b: Tensor) => Tensor,
  finish?: (t: Tensor, n: number) => Tensor,
): PyClass {
  return defineLayer({
    name,
    module: `${M}.${module}`,
    init: '',
    build: (_self, _st, shape) => {
      if (!(shape instanceof PyList || shape instanceof PyTuple) || !(shape.items[0] instanceof PyTuple)) {
        throw pyError(
          ValueError,
          `A merge layer should be called on a list of inputs. Received: input_shape=${String(shape)} (not a list of shapes)`,
        );
      }
      const shapes = shape.items.map((s) => dimsOf(s).slice(1));
      for (let i = 1; i < shapes.length; i++) {
        const a = shapes[0];
        const b = shapes[i];
        const n = Math.max(a.length, b.length);
        for (let k = 1; k <= n; k++) {
          const x = a[a.length - k] ?? 1;
          const y = b[b.length - k] ?? 1;
          if (x !== null && y !== null && x !== y && x !== 1 && y !== 1) {
            throw pyError(
              ValueError,
              `Inputs have incompatible shapes. Received shapes ${shapeText(a)} and ${shapeText(b)}`,
            );
          }
        }
      }
    },
    call: (_self, _st, inputs) => {
      const xs = tensorsOf(inputs, name);
      let out = xs[0];
      for (let i = 1; i < xs.length; i++) out = fold(out, xs[i]);
      return wrapTensor(finish ? finish(out, xs.length) : out);
    },
  });
}

export function mergeLayers(): Record<string, PyClass> {
  const Concatenate = defineLayer({
    name: 'Concatenate',
    module: `${M}.concatenate`,
    init: 'axis=-1',
    setup: (st, a) => {
      st.cfg = { axis: Number(a.axis) };
      return { axis: a.axis };
    },
    build: (_self, st, shape) => {
      if (!(shape instanceof PyList || shape instanceof PyTuple) || !(shape.items[0] instanceof PyTuple)) {
        throw pyError(
          ValueError,
          `A \`Concatenate\` layer should be called on a list of at least 1 input. Received: input_shape=${String(shape)}`,
        );
      }
      const shapes = shape.items.map((s) => dimsOf(s));
      const axis = st.cfg.axis as number;
      const rank = shapes[0].length;
      const ax = axis < 0 ? rank + axis : axis;
      const bad = shapes.some(
        (s) =>
          s.length !== rank || s.some((d, i) => i !== ax && d !== null && shapes[0][i] !== null && d !== shapes[0][i]),
      );
      if (bad) {
        throw pyError(
          ValueError,
          `A \`Concatenate\` layer requires inputs with matching shapes except for the concatenation axis. Received: input_shape=[${shapes.map(shapeText).join(', ')}]`,
        );
      }
    },
    call: (_self, st, inputs) => wrapTensor(concat(tensorsOf(inputs, 'Concatenate'), st.cfg.axis as number)),
  });
  return {
    Concatenate,
    Add: elementwise('Add', 'add', add),
    Subtract: elementwise('Subtract', 'subtract', sub),
    Multiply: elementwise('Multiply', 'multiply', mul),
    Average: elementwise('Average', 'average', add, (t, n) => realdiv(t, n)),
    Maximum: elementwise('Maximum', 'maximum', maximum),
    Minimum: elementwise('Minimum', 'minimum', minimum),
  };
}
