/**
 * `tf.config` as a CPU-only machine answers it (the engine computes on the CPU and has no accelerators): one
 * physical and one logical CPU device, no GPU or TPU. `run_functions_eagerly` switches `tf.function` tracing off.
 */
import { IndexError, pyError, TypeError } from '../python/exceptions';
import { pyRepr } from '../python/format';
import { def, nativeClass, nativeModule } from '../python/native';
import {
  NotImplemented,
  type PyClass,
  PyInstance,
  PyIterator,
  PyList,
  type PyModule,
  type PyValue,
} from '../python/values';
import { functionsRunEagerly, setRunFunctionsEagerly } from './tfFunction';

interface Device {
  name: string;
  type: string;
}

function deviceClass(name: string): PyClass {
  const dev = (s: PyValue) => (s as PyInstance).payload as Device;
  return nativeClass({
    name,
    module: 'tensorflow.python.eager.context',
    methods: {
      __repr__: def(
        '__repr__(self)',
        ({ self: s }) => `${name}(name=${pyRepr(dev(s).name)}, device_type=${pyRepr(dev(s).type)})`,
      ),
      __eq__: def('__eq__(self, value, /)', ({ self: s, value: o }) => {
        if (!(o instanceof PyInstance) || o.cls !== (s as PyInstance).cls) return NotImplemented;
        return dev(s).name === dev(o).name && dev(s).type === dev(o).type;
      }),
      __hash__: def('__hash__(self)', ({ self: s }) => BigInt(dev(s).name.length)),
      __len__: def('__len__(self)', () => 2n),
      __getitem__: def('__getitem__(self, key, /)', ({ self: s, key: i }) => {
        const k = Number(i);
        if (k === 0 || k === -2) return dev(s).name;
        if (k === 1 || k === -1) return dev(s).type;
        throw pyError(IndexError, 'tuple index out of range');
      }),
      __iter__: def('__iter__(self)', ({ self: s }) => {
        const items = [dev(s).name, dev(s).type];
        let i = 0;
        return new PyIterator(() => items[i++], 'tuple_iterator');
      }),
    },
    getters: {
      name: (s) => dev(s).name,
      device_type: (s) => dev(s).type,
    },
  });
}

export function configModule(): PyModule {
  const Physical = deviceClass('PhysicalDevice');
  const Logical = deviceClass('LogicalDevice');
  const list = (cls: PyClass, name: string, deviceType: PyValue): PyList => {
    if (deviceType !== null && typeof deviceType !== 'string') {
      throw pyError(TypeError, `device_type must be a string, not ${typeof deviceType}`);
    }
    const cpu = deviceType === null || deviceType.toUpperCase() === 'CPU';
    return new PyList(cpu ? [new PyInstance(cls, { name, type: 'CPU' } satisfies Device)] : []);
  };
  const physical = (t: PyValue) => list(Physical, '/physical_device:CPU:0', t);
  return nativeModule('tensorflow.config', {
    list_physical_devices: def('list_physical_devices(device_type=None)', (a) => physical(a.device_type)),
    list_logical_devices: def('list_logical_devices(device_type=None)', (a) =>
      list(Logical, '/device:CPU:0', a.device_type),
    ),
    get_visible_devices: def('get_visible_devices(device_type=None)', (a) => physical(a.device_type)),
    run_functions_eagerly: def('run_functions_eagerly(run_eagerly)', (a, ctx) => {
      setRunFunctionsEagerly(ctx.truthy(a.run_eagerly));
      return null;
    }),
    functions_run_eagerly: def('functions_run_eagerly()', () => functionsRunEagerly()),
  });
}
