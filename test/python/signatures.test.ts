/**
 * Native functions parse their signature on their first call (`def` in src/engine/python/native.ts), so a
 * malformed signature would only show when a program calls that function. This walks every native function a
 * program can reach — the builtins, the interpreter's own modules, every host module and submodule, the classes
 * in them and their methods — and parses each signature: all must parse, and each must name its function.
 */
import { describe, expect, test } from 'vitest';
import { hostModules } from '../../src/engine/modules/index';
import { getBuiltins } from '../../src/engine/python/builtins';
import { builtinModules } from '../../src/engine/python/interpreter';
import { nativeSignature } from '../../src/engine/python/native';
import { PyClass, PyModule, PyNativeFunction, type PyValue } from '../../src/engine/python/values';

function collect(root: PyValue, out: Set<PyNativeFunction>, seen = new Set<unknown>()): void {
  if (seen.has(root)) return;
  seen.add(root);
  if (root instanceof PyNativeFunction) out.add(root);
  else if (root instanceof PyModule || root instanceof PyClass)
    for (const v of root.dict.values()) collect(v, out, seen);
}

describe('native signatures', () => {
  test('every native function a program can reach has a signature that parses and names it', () => {
    const found = new Set<PyNativeFunction>();
    const seen = new Set<unknown>();
    for (const v of getBuiltins().values()) collect(v, found, seen);
    for (const make of Object.values(builtinModules)) collect(make(), found, seen);
    const { modules } = hostModules();
    for (const make of Object.values(modules)) collect(make(), found, seen);
    let parsed = 0;
    for (const fn of found) {
      const spec = nativeSignature(fn);
      if (!spec) continue;
      parsed++;
      expect(spec.name.slice(spec.name.lastIndexOf('.') + 1), spec.name).toBe(fn.name);
    }
    // Hundreds of functions: tf, tf.nn, tf.math, NumPy, Keras, the builtins.
    expect(parsed).toBeGreaterThan(800);
  });
});
