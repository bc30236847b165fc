/**
 * Why a gradient is None, in the words a TF user needs: the reason code, a message naming the source and the fix,
 * and the diagnostic the editor shows at the gradient call.
 */
import type { DiagnosticRecord, NoneReason, Span } from '../../protocol/report';
import type { GradientTape, TapeNode } from '../autodiff/tape';
import { toSpan } from '../span';
import { isDifferentiable } from '../tensor/dtype';
import { sizeOf } from '../tensor/shape';
import type { Tensor, Variable } from '../tensor/tensor';
import type { ReplacedVariable } from './names';
import { derivativeLabel, numText } from './text';

export interface NoneFacts {
  tape: GradientTape;
  /** The nodes the gradient call saw (`event.nodes`). */
  nodes: readonly TapeNode[];
  /** Whether the tape knows a tensor (`tape.recording.knows`); undefined if the recording is gone. */
  knows: ((t: Tensor) => boolean) | undefined;
  targets: readonly Tensor[];
  /** The source as the gradient saw it (a variable's handle for variables). */
  source: Tensor;
  sourceLabel: string;
  targetLabel: string;
  /** Python name of the tape (`tape`), for "call tape.watch(x)". */
  tapeName?: string;
  /** The variable, when the source is a variable handle. */
  variable?: Variable;
  /** Set when the source tensor replaced a variable under the same name. */
  replaced?: ReplacedVariable;
  /** Name of another tape that recorded the same op and knows the source (sibling or nested tapes). */
  knownByOther?: string;
  /** Ids of tensors made from NumPy arrays that were computed from tensors (with where that happened). */
  fromNumpy?: ReadonlySet<number> | ReadonlyMap<number, Span | undefined>;
}

export interface NoneExplained {
  reason: NoneReason;
  message: string;
  related?: { span: Span; message: string }[];
}

export const NONE_CODES: Readonly<Record<NoneReason, string>> = {
  not_watched: 'tape-not-watched',
  unconnected: 'tape-unconnected',
  integer_source: 'tape-integer-source',
  variable_replaced: 'tape-variable-replaced',
  left_tensorflow: 'tape-left-tensorflow',
  non_differentiable: 'tape-non-differentiable',
};

/** Classify a None gradient (checks in the order a user would want to hear them). */
export function noneReason(f: NoneFacts): NoneExplained {
  const x = f.sourceLabel;
  const z = f.targetLabel;
  const tape = f.tapeName ?? 'tape';
  const src = f.source;

  if (!isDifferentiable(src.dtype)) {
    return {
      reason: 'integer_source',
      message: `${x} is ${src.dtype}; only floating tensors are differentiated. Use ${floatSuggestion(src, !!f.variable)} or tf.cast(${x}, tf.float32)`,
    };
  }

  const produced = new Set<number>();
  for (const n of f.nodes) produced.add(n.output.id);
  if (!(f.knows ? f.knows(src) : produced.has(src.id))) {
    // A tensor that replaced a variable matters only when the tape does not know it (a watched one has other reasons).
    if (f.replaced) {
      const r = f.replaced;
      const text = r.text?.trim();
      const message = text
        ? `\`${text}\` replaced the variable ${r.name} with a tensor; use ${assignSuggestion(text, r.name)}`
        : `an assignment replaced the variable ${r.name} with a tensor (as \`${r.name} = ${r.name} + 1\` does), and the tape watches only variables by itself; update it in place with ${r.name}.assign(...), ${r.name}.assign_add(...) or ${r.name}.assign_sub(...)`;
      return {
        reason: 'variable_replaced',
        message,
        ...(r.span ? { related: [{ span: r.span, message: `${r.name} stops being a tf.Variable here` }] } : {}),
      };
    }
    const v = f.variable;
    if (v) {
      if (!v.trainable) {
        return {
          reason: 'not_watched',
          message: `${x} is a tf.Variable with trainable=False, which the tape does not watch by itself; call ${tape}.watch(${x}) inside the with block`,
        };
      }
      if (!f.tape.watchAccessedVariables) {
        return {
          reason: 'not_watched',
          message: `the tape was created with watch_accessed_variables=False, so it does not watch ${x}; call ${tape}.watch(${x}) inside the with block`,
        };
      }
      return {
        reason: 'unconnected',
        message: `${x} was not used inside the with block, so the tape never saw it; compute ${z} from ${x} inside the block`,
      };
    }
    if (f.knownByOther !== undefined) {
      return {
        reason: 'not_watched',
        message: `${x} is watched by ${f.knownByOther}, not by ${tape} (a tape knows only what it watched and what it computed from that); call ${tape}.watch(${x}) inside the with block`,
      };
    }
    return {
      reason: 'not_watched',
      message: `${x} is a constant tensor that the tape did not watch; call ${tape}.watch(${x}) inside the with block, or make it a tf.Variable`,
    };
  }

  const numpy = leftTensorFlow(f, produced);
  if (numpy) return numpy;

  const nd = nonDifferentiable(f);
  if (nd) return nd;

  const targetOnTape = f.targets.some((t) => produced.has(t.id) || t.id === src.id);
  if (!targetOnTape) {
    return {
      reason: 'unconnected',
      message: `${z} was not computed by operations this tape recorded (was it computed outside the with block, or from values the tape does not watch?), so it does not depend on ${x} as far as the tape knows`,
    };
  }
  return {
    reason: 'unconnected',
    message: `${x} is watched, but ${z} was not computed from it by the operations the tape recorded; use ${x} in the computation of ${z} inside the with block`,
  };
}

/** `tf.constant(3.0)`, `tf.Variable([1.0, 2.0])`, ... for an integer source. */
function floatSuggestion(t: Tensor, variable: boolean): string {
  const ctor = variable ? 'tf.Variable' : 'tf.constant';
  const n = sizeOf(t.shape);
  const floatText = (v: number) => {
    const s = numText(v, t.dtype);
    return /^-?\d+$/.test(s) ? `${s}.0` : s;
  };
  if (t.dtype !== 'string' && n === 1 && t.shape.length === 0) {
    return `${ctor}(${floatText((t.data as ArrayLike<number>)[0])})`;
  }
  if (t.dtype !== 'string' && t.shape.length === 1 && n <= 4) {
    return `${ctor}([${Array.from(t.data as ArrayLike<number>, floatText).join(', ')}])`;
  }
  return `${ctor}(..., dtype=tf.float32)`;
}

/** `x = x + 1` → `x.assign_add(1)`, `x -= lr * g` → `x.assign_sub(lr * g)`, else `x.assign(...)`. */
function assignSuggestion(text: string, name: string): string {
  const esc = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const plain = new RegExp(`^${esc}\\s*=\\s*${esc}\\s*([+-])\\s*(.+)$`).exec(text);
  const aug = new RegExp(`^${esc}\\s*([+-])=\\s*(.+)$`).exec(text);
  const m = plain ?? aug;
  if (m) return `${name}.${m[1] === '+' ? 'assign_add' : 'assign_sub'}(${m[2].trim()})`;
  const rhs = new RegExp(`^${esc}\\s*=\\s*(.+)$`).exec(text);
  return `${name}.assign(${rhs ? rhs[1].trim() : '...'})`;
}

/** Did the computation of the target go through NumPy? */
function leftTensorFlow(f: NoneFacts, produced: ReadonlySet<number>): NoneExplained | undefined {
  const numpy = f.fromNumpy;
  if (!numpy || numpy.size === 0) return undefined;
  const spanOf = (id: number): Span | undefined => (numpy instanceof Map ? numpy.get(id) : undefined);
  let culprit: number | undefined;
  // Leaves (unrecorded inputs) of the ops the target was computed by.
  const needed = new Set(f.targets.map((t) => t.id));
  for (const t of f.targets) if (numpy.has(t.id)) culprit = t.id;
  for (let k = f.nodes.length - 1; k >= 0 && culprit === undefined; k--) {
    const n = f.nodes[k];
    if (!needed.has(n.output.id)) continue;
    for (const x of n.inputs) {
      needed.add(x.id);
      if (!produced.has(x.id) && numpy.has(x.id)) culprit = x.id;
    }
  }
  // A target the tape never saw, made after the source, while NumPy round trips happened in between.
  if (culprit === undefined) {
    for (const t of f.targets) {
      if (produced.has(t.id)) continue;
      for (const id of numpy.keys()) if (id > f.source.id && id <= t.id) culprit = id;
    }
  }
  if (culprit === undefined) return undefined;
  const x = f.sourceLabel;
  const z = f.targetLabel;
  const span = spanOf(culprit);
  return {
    reason: 'left_tensorflow',
    message: `the computation of ${z} from ${x} went through NumPy (a NumPy result was turned back into a tensor), and the tape cannot follow values through NumPy; keep it in TensorFlow (tf.reduce_sum instead of np.sum, no .numpy()) between ${x} and ${z}`,
    ...(span ? { related: [{ span: toSpan(span), message: 'the value leaves TensorFlow here' }] } : {}),
  };
}

/** A path that exists only through ops without a gradient (StopGradient, Round, ...) or through integer tensors. */
function nonDifferentiable(f: NoneFacts): NoneExplained | undefined {
  const x = f.sourceLabel;
  const z = f.targetLabel;
  // Structural reachability from the source, through every recorded op.
  const reach = new Set<number>([f.source.id]);
  const blockers: TapeNode[] = [];
  const intOutputs: TapeNode[] = [];
  for (const n of f.nodes) {
    if (!n.inputs.some((t) => reach.has(t.id))) continue;
    reach.add(n.output.id);
    if (n.op.vjp === 'none') blockers.push(n);
    else if (!isDifferentiable(n.output.dtype)) intOutputs.push(n);
  }
  const hit = f.targets.some((t) => reach.has(t.id));
  if (hit) {
    // Which of the gradient-less ops lead to the target?
    const needed = new Set(f.targets.map((t) => t.id));
    const onPath: TapeNode[] = [];
    for (let k = f.nodes.length - 1; k >= 0; k--) {
      const n = f.nodes[k];
      if (!needed.has(n.output.id) || !reach.has(n.output.id)) continue;
      for (const t of n.inputs) needed.add(t.id);
      if (n.op.vjp === 'none' || !isDifferentiable(n.output.dtype)) onPath.push(n);
    }
    const first = onPath[onPath.length - 1] ?? blockers[0] ?? intOutputs[0];
    if (!first) return undefined;
    return {
      reason: 'non_differentiable',
      message: `the path from ${x} to ${z} goes through ${opDescription(first)}, which has no gradient`,
      ...(first.span ? { related: [{ span: toSpan(first.span), message: `${first.op.name} has no gradient` }] } : {}),
    };
  }
  const cut = intOutputs[0] ?? blockers[0];
  if (cut && f.targets.some((t) => t.id > cut.output.id)) {
    return {
      reason: 'non_differentiable',
      message: `${x} flows into ${opDescription(cut)}, whose result carries no gradient (integer and boolean tensors are not differentiated), so ${z} does not depend on ${x} as far as the tape knows`,
      ...(cut.span ? { related: [{ span: toSpan(cut.span), message: `${cut.op.name} has no gradient` }] } : {}),
    };
  }
  return undefined;
}

function opDescription(n: TapeNode): string {
  if (n.op.name === 'Cast') return `Cast (to ${n.output.dtype})`;
  if (!isDifferentiable(n.output.dtype)) return `${n.op.name} (a ${n.output.dtype} result)`;
  return n.op.name;
}

/** The warning shown at the gradient call for a None result. */
export function noneDiagnostic(
  none: NoneExplained,
  span: Span,
  labels: { target: string; source: string },
): DiagnosticRecord {
  const d: DiagnosticRecord = {
    severity: 'warning',
    code: NONE_CODES[none.reason],
    message: `${derivativeLabel(labels.target, labels.source)} is None: ${none.message}`,
    span,
  };
  if (none.related?.length) d.related = none.related;
  return d;
}
