/** Keras's per-session state: unique object names (`dense`, `dense_1`) and the training flag of the current call. */

const counts = new Map<string, number>();

/** `uniquify(name)`: the first `dense`, then `dense_1`, `dense_2` … (one counter per base name per session). */
export function uniqueName(base: string): string {
  const n = counts.get(base);
  counts.set(base, (n ?? 0) + 1);
  return n === undefined ? base : `${base}_${n}`;
}

/** The names of the layers whose `build`/`call` is running (Keras's name scopes): a weight's path starts with them. */
export const scopeNames: string[] = [];

/** `CamelCase` → `camel_case`, Keras's `to_snake_case`. */
export function snakeCase(name: string): string {
  return name
    .replace(/(.)([A-Z][a-z]+)/g, '$1_$2')
    .replace(/([a-z])([A-Z])/g, '$1_$2')
    .toLowerCase();
}

/** The `training` value of the enclosing layer calls (Keras's call context), innermost last. */
export const trainingStack: (boolean | null)[] = [];

/** A fresh Python process: no names used yet. */
export function resetNaming(): void {
  counts.clear();
  trainingStack.length = 0;
  scopeNames.length = 0;
}
