/** What user code can import: `tensorflow` (with its submodules) and `numpy`; everything else is Unknown. */
import type { PyClass, PyModule, PyValue } from '../python/values';
import { createNdarrayClass, numpyModule } from './numpy';
import { tensorflowModule, tfExceptions } from './tensorflow';

export interface HostModules {
  modules: Record<string, () => PyValue>;
  exceptionClasses: Record<string, PyClass>;
}

/** Fresh module objects for one run (classes and state are per run, like a fresh Python process). */
export function hostModules(): HostModules {
  const exceptionClasses = tfExceptions();
  createNdarrayClass();
  let tf: PyModule | undefined;
  let np: PyModule | undefined;
  const tensorflow = () => {
    tf ??= tensorflowModule(exceptionClasses);
    return tf;
  };
  const numpy = () => {
    tensorflow(); // NumPy arrays convert to and from tensors: the tensor classes must exist
    np ??= numpyModule();
    return np;
  };
  const sub = (name: string) => () => tensorflow().dict.get(name) as PyValue;
  return {
    modules: {
      tensorflow,
      numpy,
      'tensorflow.math': sub('math'),
      'tensorflow.nn': sub('nn'),
      'tensorflow.linalg': sub('linalg'),
      'tensorflow.random': sub('random'),
      'tensorflow.autodiff': sub('autodiff'),
      'tensorflow.dtypes': sub('dtypes'),
      'tensorflow.debugging': sub('debugging'),
      'tensorflow.errors': sub('errors'),
      'numpy.testing': () => numpy().dict.get('testing') as PyValue,
      'numpy.linalg': () => numpy().dict.get('linalg') as PyValue,
    },
    exceptionClasses,
  };
}
