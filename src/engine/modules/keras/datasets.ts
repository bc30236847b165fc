/**
 * `keras.datasets.*.load_data()`: the engine reads no files and no network, so the arrays are unknown; each one
 * carries its documented shape and NumPy dtype (`ShapedUnknown`), so lenses still show them and what is computed
 * from them keeps its shape where it can. The information diagnostic names the reason.
 */
import { def, nativeModule } from '../../python/native';
import { type PyModule, PyTuple, type PyValue, ShapedUnknown } from '../../python/values';

type Arr = [shape: number[], dtype: string];

/** Documented `(x_train, y_train), (x_test, y_test)` shapes and dtypes (the default arguments). */
const DATASETS: Record<string, [Arr, Arr, Arr, Arr]> = {
  mnist: [
    [[60000, 28, 28], 'uint8'],
    [[60000], 'uint8'],
    [[10000, 28, 28], 'uint8'],
    [[10000], 'uint8'],
  ],
  fashion_mnist: [
    [[60000, 28, 28], 'uint8'],
    [[60000], 'uint8'],
    [[10000, 28, 28], 'uint8'],
    [[10000], 'uint8'],
  ],
  cifar10: [
    [[50000, 32, 32, 3], 'uint8'],
    [[50000, 1], 'uint8'],
    [[10000, 32, 32, 3], 'uint8'],
    [[10000, 1], 'uint8'],
  ],
  cifar100: [
    [[50000, 32, 32, 3], 'uint8'],
    [[50000, 1], 'int64'],
    [[10000, 32, 32, 3], 'uint8'],
    [[10000, 1], 'int64'],
  ],
  imdb: [
    [[25000], 'object'],
    [[25000], 'int64'],
    [[25000], 'object'],
    [[25000], 'int64'],
  ],
  boston_housing: [
    [[404, 13], 'float64'],
    [[404], 'float64'],
    [[102, 13], 'float64'],
    [[102], 'float64'],
  ],
  reuters: [
    [[8982], 'object'],
    [[8982], 'int64'],
    [[2246], 'object'],
    [[2246], 'int64'],
  ],
};

const NAMES = ['x_train', 'y_train', 'x_test', 'y_test'];

export function datasetsModule(): PyModule {
  const attrs: Record<string, PyValue> = {};
  for (const [name, arrays] of Object.entries(DATASETS)) {
    attrs[name] = nativeModule(`keras.datasets.${name}`, {
      load_data: def('load_data(*args, **kwargs)', (_a, ctx) => {
        const what = `keras.datasets.${name}.load_data()`;
        const text = arrays.map(([s, d], i) => `${NAMES[i]} ${d} (${s.join(', ')}${s.length === 1 ? ',' : ''})`);
        ctx.report(
          'information',
          'unsupported',
          `\`${what}\` downloads files, which Gradient Lens does not do; the arrays are unknown (TensorFlow returns ${text.join(', ')})`,
        );
        const [xa, ya, xb, yb] = arrays.map(([s, d]) => new ShapedUnknown(what, ctx.span, s, d));
        return new PyTuple([new PyTuple([xa, ya]), new PyTuple([xb, yb])]);
      }),
    });
  }
  return nativeModule('keras.datasets', attrs);
}
