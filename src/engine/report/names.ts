/**
 * Python names of engine values, learned from assignments: tensor id → name, variable handle id → name, and the
 * "a Variable was replaced by a tensor" history that explains a classic None gradient.
 */
import { type Span, toSpan } from '../span';
import { Tensor, Variable } from '../tensor/tensor';
import { NDArrayValue } from './values';

export interface ReplacedVariable {
  /** The Python name that held the variable. */
  name: string;
  variable: Variable;
  /** Where the replacing assignment ran, and its text when the caller knows it (`x = x + 1`). */
  span?: Span;
  text?: string;
}

/** A Python identifier or attribute chain (`x`, `self.w`): labels that are names, not expressions. */
const NAME_RE = /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$/;

export function isName(label: string): boolean {
  return NAME_RE.test(label);
}

export class NameBook {
  /** First name a tensor was bound to (stable in loops; explanations use it). */
  private readonly first = new Map<number, string>();
  /** Last name a tensor was bound to (the inspector shows it). */
  private readonly last = new Map<number, string>();
  /** Where each id was first bound; kept as given (spans are immutable) and copied only when asked for. */
  private readonly spans = new Map<number, Span | Span>();
  /** Variable handle id → Variable, for every variable seen. */
  readonly variables = new Map<number, Variable>();
  /** NumPy arrays' buffers → the name first bound to the array. */
  private readonly arrays = new WeakMap<object, string>();
  /** Other Python objects (lists, tuples) → the name first bound to them, and tensors converted from them. */
  private readonly objects = new WeakMap<object, string>();
  private readonly converted = new Map<number, object>();
  /** What each name currently holds, for replaced-variable detection. */
  private readonly bindings = new Map<string, Tensor | Variable>();
  /** Tensors that replaced a Variable under the same name (propagated along `x = x + 1` chains). */
  readonly replaced = new Map<number, ReplacedVariable>();

  /** Record that `name` now holds `value` (an engine value; other values just clear the binding). */
  bind(name: string, value: unknown, span?: Span | Span, text?: string): void {
    if (value instanceof NDArrayValue) {
      // A NumPy array converted to a tensor shares its buffer: the tensor is called what the array was.
      const data = value.array.data as object;
      if (!this.arrays.has(data)) this.arrays.set(data, name);
      this.bindings.delete(name);
      return;
    }
    if (value instanceof Variable) {
      const id = value.handle.id;
      this.variables.set(id, value);
      if (!this.first.has(id)) this.first.set(id, name);
      this.last.set(id, name);
      if (span && !this.spans.has(id)) this.spans.set(id, span);
      this.bindings.set(name, value);
      return;
    }
    if (value instanceof Tensor) {
      const id = value.id;
      if (!this.first.has(id)) this.first.set(id, name);
      this.last.set(id, name);
      if (span && !this.spans.has(id)) this.spans.set(id, span);
      const prev = this.bindings.get(name);
      if (prev instanceof Variable && prev.handle.id !== id) {
        this.replaced.set(id, {
          name,
          variable: prev,
          ...(span ? { span: toSpan(span) } : {}),
          ...(text ? { text } : {}),
        });
      } else if (prev instanceof Tensor && prev.id !== id) {
        const r = this.replaced.get(prev.id);
        if (r) this.replaced.set(id, r);
      }
      this.bindings.set(name, value);
      return;
    }
    if (typeof value === 'object' && value !== null && !this.objects.has(value)) this.objects.set(value, name);
    this.bindings.delete(name);
  }

  /** Names host code gave tensors (a batch of `fit`, a layer's output), used when the program binds none. */
  private readonly hostNames = new Map<number, string>();

  /** A name for a tensor the program may not bind (a batch `fit` made, a layer's output); the latest one counts. */
  nameUnnamed(id: number, name: string): void {
    this.hostNames.set(id, name);
  }

  /** Tensor `t` was converted from the Python list or tuple `from` (`l` in `w * l`). */
  noteConverted(t: Tensor, from: object): void {
    this.converted.set(t.id, from);
  }

  /** The name of the NumPy array (whose buffer the tensor shares) or Python list a tensor was converted from (`a` in `w * a`). */
  arrayName(t: Tensor): string | undefined {
    const from = this.converted.get(t.id);
    return this.arrays.get(t.data as object) ?? (from && this.objects.get(from));
  }

  /** Note a variable (e.g. from a ReadVariableOp) without naming it. */
  noteVariable(v: Variable): void {
    this.variables.set(v.handle.id, v);
  }

  /** The Python name last bound to a tensor id (or variable handle id). */
  lastName(id: number): string | undefined {
    return this.last.get(id) ?? this.hostNames.get(id);
  }
  /** The Python name first bound to a tensor id (or variable handle id). */
  firstName(id: number): string | undefined {
    return this.first.get(id) ?? this.hostNames.get(id);
  }
  spanOf(id: number): Span | undefined {
    const s = this.spans.get(id);
    return s && toSpan(s);
  }

  /** A variable's display name: its Python name, else its TF name without `:0`. */
  variableLabel(v: Variable, which: 'first' | 'last' = 'last'): string {
    const id = v.handle.id;
    return (which === 'first' ? this.first.get(id) : this.last.get(id)) ?? v.name.replace(/:\d+$/, '');
  }

  clear(): void {
    this.first.clear();
    this.last.clear();
    this.spans.clear();
    this.variables.clear();
    this.bindings.clear();
    this.replaced.clear();
    this.hostNames.clear();
  }
}
