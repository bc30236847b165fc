/**
 * NumPy's scalar types: `np.float32(1.5)` is an instance of `numpy.float32`, not of `ndarray`, under NumPy's
 * abstract classes (`generic` > `number` > `inexact` > `floating` > `float32`; `integer` > `signedinteger` >
 * `int64`; `generic` > `bool`). A scalar is held as a 0-d `NdArray` (flagged `scalar`) and answers the same methods
 * as an array, copied from `ndarray`'s. Calling a scalar type converts its argument as `np.asarray(x, dtype)` does.
 */
import { nativeClass } from '../python/native';
import { PyClass, type PyValue } from '../python/values';
import type { DType } from '../tensor/dtype';
import { classes, scalarClasses } from './boxes';

type Make = (value: PyValue, dtype: DType) => PyValue;

const abstract = (name: string, bases: PyClass[] = []) => nativeClass({ name, module: 'numpy', bases });

/** Creates the scalar classes (after `ndarray`'s) and returns the names `numpy` exports for them. */
export function createScalarClasses(make: Make): Record<string, PyClass> {
  const generic = abstract('generic');
  const number = abstract('number', [generic]);
  const integer = abstract('integer', [number]);
  const signedinteger = abstract('signedinteger', [integer]);
  const unsignedinteger = abstract('unsignedinteger', [integer]);
  const inexact = abstract('inexact', [number]);
  const floating = abstract('floating', [inexact]);
  const concrete = (name: string, dtype: DType, base: PyClass): PyClass => {
    const dict = new Map(classes.ndarray.dict);
    dict.delete('__init__');
    const cls = new PyClass(name, [base], dict, 'numpy');
    cls.native = { construct: (_cls, args) => make(args.length === 0 ? 0n : args[0], dtype) };
    scalarClasses[dtype] = cls;
    return cls;
  };
  const bool = concrete('bool', 'bool', generic);
  return {
    generic,
    number,
    integer,
    signedinteger,
    inexact,
    floating,
    float32: concrete('float32', 'float32', floating),
    float64: concrete('float64', 'float64', floating),
    int32: concrete('int32', 'int32', signedinteger),
    int64: concrete('int64', 'int64', signedinteger),
    unsignedinteger,
    float16: concrete('float16', 'float16', floating),
    int8: concrete('int8', 'int8', signedinteger),
    int16: concrete('int16', 'int16', signedinteger),
    uint8: concrete('uint8', 'uint8', unsignedinteger),
    uint16: concrete('uint16', 'uint16', unsignedinteger),
    bool_: bool,
    bool,
  };
}
