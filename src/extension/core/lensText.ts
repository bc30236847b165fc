/** Text of the CodeLenses, inlay hints, the notebook cell status and gradient names: one line each. */
import type {
  GradientRecord,
  GradientSourceResult,
  TapeRecord,
  ValueRecord,
  ValueSummary,
} from '../../protocol/report';
import { type FormatOptions, formatPreview, formatShape, formatType, isTensorLike } from './format';
import { atIterationText, gradientAtIteration, iterationText, valueAtIteration } from './iterations';
import { formatMessage as plainText, type Translate } from './translate';

/** A name that reads well after `d`: `z`, `loss`; not `dy_dx` or `model.w` (those get parentheses). */
const simple = (s: string): boolean => /^[A-Za-z][A-Za-z0-9]*$/.test(s);
/** `dz/dx`; `d(dy_dx)/dx`, `d(x * x)/dx` when a name has `_` or `.`, or is an expression. */
export function derivativeName(target: string, source: string): string {
  const t = simple(target) ? target : `(${target})`;
  const s = simple(source) ? source : `(${source})`;
  return `d${t}/d${s}`;
}

/** `dz/dx`, `jacobian dz/dx`, `batch_jacobian dz/dx` for one source of a gradient call. */
export function resultName(g: GradientRecord, r: GradientSourceResult): string {
  const name = derivativeName(g.target, r.label);
  return g.kind === 'gradient' ? name : `${g.kind} ${name}`;
}

/** `tape t`; a name that already says tape (`tape`, `outer_tape`) stands alone. */
export function tapeTitle(name: string | undefined, t: Translate): string {
  if (!name) return t('tape');
  return /tape/i.test(name) ? name : t('tape {0}', name);
}

/** `tape t · watches x (2, 2) float32 · 2 ops · $(type-hierarchy) Inspect` */
export function tapeLensTitle(tape: TapeRecord, runs: number, t: Translate): string {
  const parts: string[] = [];
  const head = tapeTitle(tape.name, t);
  parts.push(tape.persistent ? `${head} ${t('(persistent)')}` : head);
  const watched = tape.watched.slice(0, 3).map((w) => {
    const name = w.name ?? t('tensor');
    return `${name} ${formatShape(w.shape)} ${w.dtype}${w.variable ? ` ${t('variable')}` : ''}`;
  });
  if (tape.watched.length > 3) watched.push(t('+{0} more', tape.watched.length - 3));
  parts.push(watched.length ? t('watches {0}', watched.join(', ')) : t('watches nothing'));
  parts.push(tape.opCount === 1 ? t('1 op') : t('{0} ops', tape.opCount));
  if (tape.at) parts.push(iterationText(tape.at.iteration, tape.at.of, t));
  else if (runs > 1) parts.push(t('ran {0}×, last run shown', runs));
  parts.push(`$(type-hierarchy) ${t('Inspect')}`);
  return parts.join(' · ');
}

/** The reason a gradient is None, short: `None · x was not watched`. */
function noneText(r: GradientSourceResult, t: Translate): string {
  const why: Record<string, string> = {
    not_watched: t('{0} is not watched', r.label),
    unconnected: t('{0} is not connected to the target', r.label),
    integer_source: t('{0} is an integer', r.label),
    variable_replaced: t('{0} was replaced by a tensor', r.label),
    left_tensorflow: t('the path left TensorFlow'),
    non_differentiable: t('the path is not differentiable'),
  };
  return `None · ${r.none ? (why[r.none.reason] ?? r.none.message) : t('no gradient')}`;
}

/**
 * One lens per source of a gradient call: `dz/dx = [[8, 8], [8, 8]] · (2, 2) float32`; inside a loop with the
 * iteration shown (`chosen`, undefined: the last): `dloss/dw = -0.4 · () float32 · iteration 3 of 100`.
 */
export function gradientLensTitles(
  g: GradientRecord,
  fmt: FormatOptions,
  t: Translate,
  maxLenses = 4,
  chosen?: number,
): string[] {
  if (g.unknown !== undefined) return [unknownGradientText(g, t)];
  const a = gradientAtIteration(g, chosen);
  const titles = g.results.slice(0, maxLenses).map((r, i) => {
    const name = resultName(g, r);
    if (a && a.kind !== 'shown') return `${name} · ${atIterationText(a, t, true)}`;
    const where = a
      ? ` · ${iterationText(a.iteration, a.of, t)}`
      : g.runs > 1
        ? ` · ${t('last of {0} runs', g.runs)}`
        : '';
    const result = a && !a.last ? a.value[i] : r.result;
    if (!result || result.kind === 'none') return `${name} = ${a && !a.last ? 'None' : noneText(r, t)}${where}`;
    const type = formatType(result);
    return `${name} = ${formatPreview(result, fmt)}${type ? ` · ${type}` : ''}${where}`;
  });
  if (g.results.length > maxLenses) titles.push(t('+{0} more gradients', g.results.length - maxLenses));
  return titles;
}

/** `unknown: `opt.apply_gradients` (line 11) is not supported` (the reason an unknown value carries). */
export function unknownText(reason: string | undefined, t: Translate): string {
  return reason === undefined ? t('unknown') : t('unknown: {0}', reason);
}

/** A gradient call whose target or sources are unknown: `dloss/dw = unknown: … · 100 runs`. */
export function unknownGradientText(g: GradientRecord, t: Translate): string {
  const names = g.results.map((r) => resultName(g, r));
  const name = names.length ? names.join(', ') : g.target ? t('gradient of {0}', g.target) : t('gradient');
  const text = `${name} = ${unknownText(g.unknown, t)}`;
  return g.runs > 1 ? `${text} · ${t('last of {0} runs', g.runs)}` : text;
}

/** An inlay hint: `▸ 4.0 ()` for short values, `▸ (100, 10) float32` for long ones. */
export function hintLabel(v: ValueSummary, fmt: FormatOptions, t?: Translate): string {
  if (v.kind === 'unknown' && v.unknown !== undefined) return `▸ ${unknownText(v.unknown, t ?? plainText)}`;
  const preview = formatPreview(v, { ...fmt, maxChars: Math.min(fmt.maxChars, 40) });
  if (!isTensorLike(v)) return `▸ ${preview}`;
  const shape = formatShape(v.shape ?? []);
  if (preview.length <= 24 && !preview.includes('…')) return `▸ ${preview} ${shape}`;
  return `▸ ${shape} ${v.dtype ?? ''}`.trimEnd();
}

/**
 * The inlay hint of a record, at the chosen iteration of its loop: `▸ 0.25 () · iteration 3 of 100`, or why it
 * has no value there (`▸ iteration 3 of 100 not kept`).
 */
export function hintAtIteration(v: ValueRecord, chosen: number | undefined, fmt: FormatOptions, t: Translate): string {
  const a = valueAtIteration(v, chosen);
  if (!a) return hintLabel(v.value, fmt, t);
  if (a.kind !== 'shown') return `▸ ${atIterationText(a, t, true)}`;
  return `${hintLabel(a.value, fmt, t)} · ${iterationText(a.iteration, a.of, t)}`;
}

/** A notebook cell's status: `$(symbol-function) dz/dx = [[8, 8], [8, 8]]` or `3 gradients`. */
export function cellGradientText(gradients: readonly GradientRecord[], fmt: FormatOptions, t: Translate): string {
  const lines = gradients.flatMap((g) => g.results.map((r) => ({ g, r })));
  const unknown = gradients.find((g) => g.unknown !== undefined);
  if (gradients.length === 1 && unknown) return `$(symbol-function) ${unknownGradientText(unknown, t)}`;
  if (lines.length === 1) {
    const { g, r } = lines[0];
    const value = r.result && r.result.kind !== 'none' ? formatPreview(r.result, { ...fmt, maxChars: 40 }) : 'None';
    return `$(symbol-function) ${resultName(g, r)} = ${value}`;
  }
  return `$(symbol-function) ${t('{0} gradients', lines.length)}`;
}
