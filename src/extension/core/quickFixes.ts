/**
 * Quick fixes for the tape mistakes the engine diagnoses, as plain text edits on the document's lines: watch the
 * source, make it a `tf.Variable`, make the tape persistent, use a float, move `gradient()` out of the persistent
 * tape's block, `transpose_b=True` for a matmul whose inner dimensions match after a transpose. The code action
 * provider turns them into `WorkspaceEdit`s; applying one is an edit, so live mode evaluates the fixed text.
 */
import { blockLines } from './lookup';
import type { Translate } from './translate';

export interface TextEdit {
  /** 0-based lines and UTF-16 characters of the current text. */
  range: { start: { line: number; character: number }; end: { line: number; character: number } };
  text: string;
}

export interface QuickFix {
  title: string;
  edits: TextEdit[];
  preferred?: boolean;
}

/** What the provider knows of one of our diagnostics. */
export interface FixableDiagnostic {
  code: string;
  message: string;
  /** Start line of the diagnostic in the current text. */
  line: number;
  endLine: number;
  /** Messages of its related information (the traceback, the tape it names). */
  related: string[];
}

const indentOf = (s: string): string => /^\s*/.exec(s)?.[0] ?? '';
const esc = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const at = (line: number, character: number) => ({ line, character });
const insert = (line: number, character: number, text: string): TextEdit => ({
  range: { start: at(line, character), end: at(line, character) },
  text,
});

/** The line of `with tf.GradientTape(...) as name:` (or `name = tf.GradientTape(...)`) at or before `line`. */
function tapeHeader(lines: readonly string[], name: string, line: number): number | undefined {
  const withAs = new RegExp(`GradientTape\\s*\\(.*\\bas\\s+${esc(name)}\\s*:`);
  const assigned = new RegExp(`^\\s*${esc(name)}\\s*=\\s*(?:tf\\.)?GradientTape\\s*\\(`);
  for (let i = Math.min(line, lines.length - 1); i >= 0; i--)
    if (withAs.test(lines[i]) || assigned.test(lines[i])) return i;
  return undefined;
}

/** The latest `name = ...` assignment before `line`: its line and where its right-hand side starts. */
function assignmentOf(lines: readonly string[], name: string, line: number): { line: number; rhs: number } | undefined {
  const re = new RegExp(`^(\\s*${esc(name)}\\s*=(?!=)\\s*)\\S`);
  for (let i = Math.min(line, lines.length - 1); i >= 0; i--) {
    const m = re.exec(lines[i]);
    if (m) return { line: i, rhs: m[1].length };
  }
  return undefined;
}

/** The right-hand side text of an assignment line (without a trailing comment). */
function rhsText(text: string, from: number): string {
  const rest = text.slice(from);
  const hash = rest.search(/\s*#(?=[^'"]*$)/);
  return hash < 0 ? rest.trimEnd() : rest.slice(0, hash);
}

function watchFixes(d: FixableDiagnostic, lines: readonly string[], t: Translate): QuickFix[] {
  const m = /call (\w+)\.watch\((\w+)\)/.exec(d.message);
  if (!m) return [];
  const [, tape, source] = m;
  const fixes: QuickFix[] = [];
  const header = tapeHeader(lines, tape, d.line);
  if (header !== undefined && /\bwith\b/.test(lines[header])) {
    const [, last] = blockLines(lines, { start: at(header, 0), end: at(header, lines[header].length) });
    const body = lines.slice(header + 1, last + 1).find((l) => l.trim() !== '');
    const indent = body !== undefined ? indentOf(body) : `${indentOf(lines[header])}    `;
    fixes.push({
      title: t('Add {0}.watch({1})', tape, source),
      edits: [insert(header + 1, 0, `${indent}${tape}.watch(${source})\n`)],
      preferred: true,
    });
  }
  const assign = assignmentOf(lines, source, header ?? d.line);
  if (assign) {
    const rhs = rhsText(lines[assign.line], assign.rhs);
    const constant = /^tf\.constant\((.*)\)$/.exec(rhs);
    const replaced =
      constant && !/\bshape\s*=/.test(constant[1]) ? `tf.Variable(${constant[1]})` : `tf.Variable(${rhs})`;
    fixes.push({
      title: t('Make {0} a tf.Variable', source),
      edits: [
        {
          range: { start: at(assign.line, assign.rhs), end: at(assign.line, assign.rhs + rhs.length) },
          text: replaced,
        },
      ],
    });
  }
  return fixes;
}

function persistentFix(d: FixableDiagnostic, lines: readonly string[], t: Translate): QuickFix[] {
  const name = [d.message, ...d.related].map((r) => /^(\w+) is not persistent/.exec(r)?.[1]).find(Boolean);
  if (!name) return [];
  const header = tapeHeader(lines, name, d.line);
  if (header === undefined) return [];
  const m = /GradientTape\s*\(([^)]*)\)/.exec(lines[header]);
  if (!m || /\bpersistent\s*=/.test(m[1])) return [];
  const close = m.index + m[0].length - 1;
  const text = m[1].trim() === '' ? 'persistent=True' : ', persistent=True';
  return [{ title: t('Make {0} persistent', name), edits: [insert(header, close, text)], preferred: true }];
}

function floatFixes(d: FixableDiagnostic, lines: readonly string[], t: Translate): QuickFix[] {
  const m = /^d\S*\/d\S* is None: (\w+) is (u?int\d+)/.exec(d.message);
  if (!m) return [];
  const source = m[1];
  const assign = assignmentOf(lines, source, d.line);
  if (!assign) return [];
  const text = lines[assign.line];
  const rhs = rhsText(text, assign.rhs);
  const replace = (to: string): TextEdit => ({
    range: { start: at(assign.line, assign.rhs), end: at(assign.line, assign.rhs + rhs.length) },
    text: to,
  });
  const fixes: QuickFix[] = [];
  // Integer literals in a tf.constant(...) become floats: tf.constant(3) → tf.constant(3.0).
  const constant = /^tf\.constant\((.*)\)$/.exec(rhs);
  if (constant && !/\bdtype\s*=/.test(constant[1]) && /(?<![\w.])\d+(?![\w.])/.test(constant[1])) {
    const floats = `tf.constant(${constant[1].replace(/(?<![\w.])(\d+)(?![\w.])/g, '$1.0')})`;
    fixes.push({ title: t('Use a float: {0}', floats), edits: [replace(floats)], preferred: true });
  }
  const cast = `tf.cast(${rhs}, tf.float32)`;
  fixes.push({ title: t('Use a float: {0}', cast), edits: [replace(cast)] });
  return fixes;
}

function moveGradientFix(d: FixableDiagnostic, lines: readonly string[], t: Translate): QuickFix[] {
  const name = /^(\w+)\.\w+\(\) is called inside the with block/.exec(d.message)?.[1];
  if (!name) return [];
  const header = tapeHeader(lines, name, d.line);
  if (header === undefined) return [];
  const [, last] = blockLines(lines, { start: at(header, 0), end: at(header, lines[header].length) });
  const from = d.line;
  const to = d.endLine;
  if (from <= header || to > last) return [];
  const stmt = lines.slice(from, to + 1);
  const strip = indentOf(stmt[0]).length - indentOf(lines[header]).length;
  const moved = stmt.map((l) => l.slice(Math.min(strip, indentOf(l).length))).join('\n');
  // Nothing else in the block: `pass` keeps it valid.
  const alone = lines.slice(header + 1, last + 1).every((l, i) => header + 1 + i >= from || l.trim() === '');
  const keep = alone && to === last ? `${indentOf(stmt[0])}pass\n` : '';
  const edits: TextEdit[] = [
    { range: { start: at(from, 0), end: at(to + 1, 0) }, text: keep },
    insert(last + 1, 0, `${moved}\n`),
  ];
  if (last + 1 >= lines.length) edits[1] = insert(last, lines[last].length, `\n${moved}`);
  return [{ title: t('Move {0}.gradient() after the with block', name), edits, preferred: true }];
}

function matmulFix(d: FixableDiagnostic, lines: readonly string[], t: Translate): QuickFix[] {
  const m = /Matrix size-incompatible: In\[0\]: \[([\d,]+)\], In\[1\]: \[([\d,]+)\]/.exec(d.message);
  if (!m) return [];
  const a = m[1].split(',').map(Number);
  const b = m[2].split(',').map(Number);
  if (a.length < 2 || b.length < 2) return [];
  const flag =
    a[a.length - 1] === b[b.length - 1]
      ? 'transpose_b=True'
      : a[a.length - 2] === b[b.length - 2]
        ? 'transpose_a=True'
        : undefined;
  if (!flag) return [];
  for (let line = d.line; line <= d.endLine; line++) {
    const text = lines[line] ?? '';
    const call = /\bmatmul\s*\(/.exec(text);
    if (!call) continue;
    let depth = 0;
    for (let i = call.index + call[0].length - 1; i < text.length; i++) {
      if (text[i] === '(' || text[i] === '[') depth++;
      else if (text[i] === ')' || text[i] === ']') depth--;
      if (depth === 0) {
        if (/transpose_[ab]\s*=/.test(text.slice(call.index, i))) return [];
        return [{ title: t('Add {0} to the matmul', flag), edits: [insert(line, i, `, ${flag}`)], preferred: true }];
      }
    }
  }
  return [];
}

/** The fixes for one of our diagnostics, most likely first. */
export function quickFixes(d: FixableDiagnostic, lines: readonly string[], t: Translate): QuickFix[] {
  switch (d.code) {
    case 'tape-not-watched':
      return watchFixes(d, lines, t);
    case 'tape-integer-source':
      return floatFixes(d, lines, t);
    case 'tape-gradient-in-context':
      return moveGradientFix(d, lines, t);
    case 'tape-not-persistent':
    case 'exception':
      return [...persistentFix(d, lines, t), ...matmulFix(d, lines, t)];
    default:
      return [];
  }
}
