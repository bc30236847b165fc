import { type CellInput, type Diagnostic, type RunOptions, type RunResult, runProgram } from '../../src/engine/python';
import type { Span } from '../../src/engine/span';

export interface Outcome {
  out: string;
  diagnostics: Diagnostic[];
  errors: Diagnostic[];
  values: { span: Span; value: unknown }[];
  asserts: { span: Span; passed: boolean }[];
  result: RunResult;
}

/** Runs a program (one source, or several cells) and collects what the observer sees. */
export function run(src: string | (string | CellInput)[], opts: RunOptions = {}): Outcome {
  const cells: CellInput[] =
    typeof src === 'string'
      ? [{ source: src }]
      : src.map((s, i) => (typeof s === 'string' ? { source: s, cell: i } : s));
  let out = '';
  const values: Outcome['values'] = [];
  const asserts: Outcome['asserts'] = [];
  const result = runProgram(cells, {
    timeBudgetMs: 10_000,
    ...opts,
    observer: {
      onPrint: (t) => {
        out += t;
      },
      onValue: (span, value) => values.push({ span, value }),
      onAssert: (span, passed) => asserts.push({ span, passed }),
      ...opts.observer,
    },
  });
  const errors = result.diagnostics.filter((d) => d.severity === 'error');
  return { out, diagnostics: result.diagnostics, errors, values, asserts, result };
}

/** Printed output of a program that must run without error diagnostics. */
export function output(src: string): string {
  const r = run(src);
  if (r.errors.length)
    throw new Error(`unexpected errors: ${r.errors.map((e) => `${e.message} @${e.span.start.line + 1}`).join('; ')}`);
  return r.out;
}

/** The first error message of a program. */
export function errorOf(src: string): string {
  const r = run(src);
  return r.errors[0]?.message ?? '(no error)';
}

/** Dedent a template literal. */
export function py(strings: TemplateStringsArray, ...values: unknown[]): string {
  const raw = String.raw({ raw: strings.raw }, ...values);
  const lines = raw.replace(/^\n/, '').split('\n');
  const indent = Math.min(...lines.filter((l) => l.trim()).map((l) => (/^ */.exec(l) as RegExpExecArray)[0].length));
  return lines.map((l) => l.slice(indent)).join('\n');
}
