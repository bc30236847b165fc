/**
 * The `keras` module (also `tf.keras`): Keras 3 on the TensorFlow backend, written with the engine's ops so every
 * layer call is recorded on active tapes and differentiated like any other op.
 */
import { setAllSeeds } from '../../ops/random';
import { pyError, ValueError } from '../../python/exceptions';
import { def, nativeModule } from '../../python/native';
import { type PyClass, type PyModule, type PyValue, typeName } from '../../python/values';
import { activationsModule } from './activations';
import { datasetsModule } from './datasets';
import { initializersModule } from './initializers';
import { createLayerClass } from './layer';
import { convLayers } from './layers/conv';
import { coreLayers } from './layers/core';
import { mergeLayers } from './layers/merge';
import { normalizationLayers } from './layers/normalization';
import { lossesModule } from './losses';
import { metricsModule } from './metrics';
import { createModelClasses, kerasInput } from './models';
import { resetNaming } from './naming';
import { optimizersModule } from './optimizers';
import { resetKerasRandom } from './random';
import { createKerasTensorClass } from './symbolic';
import { callbacksModule } from './training';
import { createKerasVariableClass, kerasClasses } from './variable';

/** A fresh Python process for Keras: no names used, Python's `random` unseeded. */
export function resetKeras(): void {
  resetNaming();
  resetKerasRandom();
}

/** The submodules importable as `keras.<name>` and `tensorflow.keras.<name>`. */
export const KERAS_SUBMODULES = {
  layers: 1,
  models: 1,
  activations: 1,
  initializers: 1,
  losses: 1,
  optimizers: 1,
  metrics: 1,
  callbacks: 1,
  utils: 1,
  datasets: 1,
  backend: 1,
} as const;

export interface KerasModules {
  keras: PyModule;
  submodules: Record<string, PyModule>;
}

export function kerasModule(): KerasModules {
  createKerasVariableClass();
  createKerasTensorClass();
  const activations = activationsModule();
  const initializers = initializersModule();
  const Layer = createLayerClass();
  const core = coreLayers();
  const models = createModelClasses(core.InputLayer);
  const Input = def(
    'Input(shape=None, batch_size=None, dtype=None, sparse=None, ragged=None, batch_shape=None, name=None, tensor=None, optional=False)',
    kerasInput,
  );
  const layerClasses: Record<string, PyValue> = {
    Layer,
    Input,
    ...core,
    ...mergeLayers(),
    ...normalizationLayers(),
    ...convLayers(),
  };
  const layers = nativeModule('keras.layers', layerClasses);
  const modelsModule = nativeModule('keras.models', {
    Model: models.Model,
    Sequential: models.Sequential,
  });
  const utils = nativeModule('keras.utils', {
    set_random_seed: def('set_random_seed(seed)', ({ seed }, ctx) => {
      if (typeof seed !== 'bigint' && typeof seed !== 'boolean') {
        throw pyError(
          ValueError,
          `Expected \`seed\` argument to be an integer. Received: seed=${ctx.str(seed)} (of type <class '${typeName(seed)}'>)`,
        );
      }
      setAllSeeds(BigInt(seed));
      return null;
    }),
  });
  const losses = lossesModule();
  const optimizers = optimizersModule();
  const metrics = metricsModule();
  const callbacks = callbacksModule();
  const datasets = datasetsModule();
  const backend = nativeModule('keras.backend', {
    floatx: def('floatx()', () => 'float32'),
    epsilon: def('epsilon()', () => 1e-7),
    clear_session: def('clear_session(free_memory=True)', () => {
      resetNaming();
      return null;
    }),
  });
  const submodules: Record<string, PyModule> = {
    layers,
    models: modelsModule,
    activations,
    initializers,
    losses,
    optimizers,
    metrics,
    callbacks,
    utils,
    datasets,
    backend,
  };
  const keras = nativeModule('keras', {
    ...submodules,
    Variable: kerasClasses.Variable,
    Layer,
    Model: models.Model,
    Sequential: models.Sequential,
    Input,
    InputLayer: core.InputLayer,
    __version__: '3.15.1',
  } as Record<string, PyValue | PyClass>);
  return { keras, submodules };
}
