/** What user code can import: `tensorflow` (with its submodules, `tf.keras` among them), `keras`, `numpy` and `random`. */

import { nativeModule } from '../python/native';
import type { PyClass, PyModule, PyValue } from '../python/values';
import { KERAS_SUBMODULES, type KerasModules, kerasModule, resetKeras } from './keras/index';
import { createNdarrayClass, numpyModule } from './numpy';
import { Pristine } from './pristine';
import { pyRandomModule } from './pyRandom';
import { tensorflowModule, tfExceptions } from './tensorflow';
import { tnpModule } from './tnp';
import { resetNumpyBehavior } from './tnpBehavior';

export interface HostModules {
  modules: Record<string, () => PyValue>;
  exceptionClasses: Record<string, PyClass>;
}

/**
 * The module objects, built once per worker (building them is most of a small program's run) and put back as they
 * were built before every run, so each run still sees a fresh Python process: user code may rebind or delete module
 * attributes (`tf.constant = None`) or set attributes on host instances (`tf.float32.x = 1`); classes are immutable.
 */
interface World {
  exceptionClasses: Record<string, PyClass>;
  tf?: PyModule;
  tnp?: PyModule;
  np?: PyModule;
  keras?: KerasModules;
  kerasLazy?: PyModule;
  pristine: Pristine;
}
let world: World | undefined;

/** The module objects for one run, as built. */
export function hostModules(): HostModules {
  if (world === undefined) {
    const exceptionClasses = tfExceptions();
    createNdarrayClass();
    world = { exceptionClasses, pristine: new Pristine() };
  } else {
    world.pristine.restore();
  }
  resetKeras();
  resetNumpyBehavior();
  const w = world;
  const tensorflow = () => {
    if (w.tf === undefined) {
      w.tf = tensorflowModule(w.exceptionClasses);
      // `tf.keras` is a module whose attributes build Keras on first use: importing it costs nothing.
      w.kerasLazy = nativeModule('keras', new Map(), { fallback: (name) => keras().keras.dict.get(name) });
      w.tf.dict.set('keras', w.kerasLazy);
      // `tf.experimental.numpy` is built with NumPy's dtype objects, on first use.
      w.tf.dict.set(
        'experimental',
        nativeModule('tensorflow.experimental', new Map(), {
          fallback: (name) => (name === 'numpy' ? tnp() : undefined),
        }),
      );
      w.pristine.record(w.tf);
    }
    return w.tf;
  };
  const keras = () => {
    tensorflow();
    if (w.keras === undefined) {
      w.keras = kerasModule();
      w.pristine.record(w.keras.keras);
    }
    return w.keras;
  };
  const kerasSub = (name: string) => () => keras().submodules[name] as PyValue;
  const kerasTop = (): PyValue => {
    tensorflow();
    return w.kerasLazy as PyModule;
  };
  const kerasModules: Record<string, () => PyValue> = { keras: kerasTop, 'tensorflow.keras': kerasTop };
  for (const name of Object.keys(KERAS_SUBMODULES)) {
    kerasModules[`keras.${name}`] = kerasSub(name);
    kerasModules[`tensorflow.keras.${name}`] = kerasSub(name);
  }
  const numpy = () => {
    tensorflow(); // NumPy arrays convert to and from tensors: the tensor classes must exist
    if (w.np === undefined) {
      w.np = numpyModule();
      w.pristine.record(w.np);
    }
    return w.np;
  };
  const tnp = () => {
    const np = numpy();
    if (w.tnp === undefined) {
      w.tnp = tnpModule(np);
      w.pristine.record(w.tnp);
    }
    return w.tnp;
  };
  const sub = (name: string) => () => tensorflow().dict.get(name) as PyValue;
  return {
    modules: {
      tensorflow,
      numpy,
      random: pyRandomModule,
      'tensorflow.math': sub('math'),
      'tensorflow.nn': sub('nn'),
      'tensorflow.linalg': sub('linalg'),
      'tensorflow.random': sub('random'),
      'tensorflow.autodiff': sub('autodiff'),
      'tensorflow.dtypes': sub('dtypes'),
      'tensorflow.debugging': sub('debugging'),
      'tensorflow.errors': sub('errors'),
      'tensorflow.data': sub('data'),
      'tensorflow.experimental': sub('experimental'),
      'tensorflow.experimental.numpy': tnp,
      ...kerasModules,
      'numpy.testing': () => numpy().dict.get('testing') as PyValue,
      'numpy.linalg': () => numpy().dict.get('linalg') as PyValue,
      'numpy.random': () => numpy().dict.get('random') as PyValue,
    },
    exceptionClasses: w.exceptionClasses,
  };
}
