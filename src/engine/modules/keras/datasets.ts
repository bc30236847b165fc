/**
 * `keras.datasets.*.load_data()`: the engine reads no files and no network, so the arrays are unknown; the
 * information diagnostic names the reason and the documented shapes and dtypes of what TensorFlow would return.
 */
import { def, nativeModule } from '../../python/native';
import { type PyModule, PyUnknown, type PyValue } from '../../python/values';

/** Documented `((x_train, y_train), (x_test, y_test))` shapes and dtypes. */
const DATASETS: Record<string, string> = {
  mnist: 'x_train uint8 (60000, 28, 28), y_train uint8 (60000,), x_test uint8 (10000, 28, 28), y_test uint8 (10000,)',
  fashion_mnist:
    'x_train uint8 (60000, 28, 28), y_train uint8 (60000,), x_test uint8 (10000, 28, 28), y_test uint8 (10000,)',
  cifar10:
    'x_train uint8 (50000, 32, 32, 3), y_train uint8 (50000, 1), x_test uint8 (10000, 32, 32, 3), y_test uint8 (10000, 1)',
  cifar100:
    'x_train uint8 (50000, 32, 32, 3), y_train int64 (50000, 1), x_test uint8 (10000, 32, 32, 3), y_test int64 (10000, 1)',
  imdb: 'x_train object (25000,) of int lists, y_train int64 (25000,), x_test object (25000,), y_test int64 (25000,)',
  boston_housing: 'x_train float64 (404, 13), y_train float64 (404,), x_test float64 (102, 13), y_test float64 (102,)',
  reuters: 'x_train object (8982,) of int lists, y_train int64 (8982,), x_test object (2246,), y_test int64 (2246,)',
};

export function datasetsModule(): PyModule {
  const attrs: Record<string, PyValue> = {};
  for (const [name, shapes] of Object.entries(DATASETS)) {
    attrs[name] = nativeModule(`keras.datasets.${name}`, {
      load_data: def('load_data(*args, **kwargs)', (_a, ctx) => {
        const what = `keras.datasets.${name}.load_data()`;
        ctx.report(
          'information',
          'unsupported',
          `\`${what}\` downloads files, which Gradient Lens does not do; the arrays are unknown (TensorFlow returns ${shapes})`,
        );
        return new PyUnknown(what);
      }),
    });
  }
  return nativeModule('keras.datasets', attrs);
}
