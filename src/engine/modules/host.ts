/**
 * `def('reduce_sum', 'input_tensor, axis=None, keepdims=False, name=None', (a) => ...)`: a native function with a
 * Python signature whose implementation reads its arguments by name. Built on the interpreter's `native.ts`.
 */
import { bindArguments, boundNames } from '../python/calls';
import { parseSignature } from '../python/native';
import { type CallContext, PyNativeFunction, type PyValue } from '../python/values';

export type Args = Record<string, PyValue>;

export function def(name: string, sig: string, impl: (a: Args, ctx: CallContext) => PyValue): PyNativeFunction {
  const spec = parseSignature(`${name}(${sig})`);
  const names = boundNames(spec);
  return new PyNativeFunction(name, (args, kwargs, ctx) => {
    const bound = bindArguments(spec, args, kwargs);
    const rec: Args = {};
    for (let i = 0; i < names.length; i++) rec[names[i]] = bound[i];
    return impl(rec, ctx);
  });
}
