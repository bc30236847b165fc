/**
 * `def('reduce_sum', 'input_tensor, axis=None, keepdims=False, name=None', (a) => ...)`: a native function with a
 * Python signature whose implementation reads its arguments by name. Built on the interpreter's `native.ts`.
 */
import { bindArguments, boundNames } from '../python/calls';
import { parseSignature } from '../python/native';
import { type CallContext, PyNativeFunction, type PyValue } from '../python/values';

export type Args = Record<string, PyValue>;

/** Parsed signatures and their bound names by (name, signature text): both are literals, so no key is built. */
const defSpecs = new Map<string, Map<string, { spec: ReturnType<typeof parseSignature>; names: string[] }>>();

export function def(name: string, sig: string, impl: (a: Args, ctx: CallContext) => PyValue): PyNativeFunction {
  let bySig = defSpecs.get(name);
  if (bySig === undefined) defSpecs.set(name, (bySig = new Map()));
  let parsed = bySig.get(sig);
  if (parsed === undefined) {
    const spec = parseSignature(`${name}(${sig})`);
    bySig.set(sig, (parsed = { spec, names: boundNames(spec) }));
  }
  const { spec, names } = parsed;
  return new PyNativeFunction(name, (args, kwargs, ctx) => {
    const bound = bindArguments(spec, args, kwargs);
    const rec: Args = {};
    for (let i = 0; i < names.length; i++) rec[names[i]] = bound[i];
    return impl(rec, ctx);
  });
}
