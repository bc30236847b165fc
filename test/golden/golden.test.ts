/**
 * Golden programs: guide-style TensorFlow code whose expected values are `assert` statements computed independently
 * (closed forms, finite differences in plain Python, published TF outputs), run through the engine's `run()`.
 *
 * - `programs/*.py`: no error diagnostics, every `assert` statement ran and passed, prints equal the sibling `.out`
 *   file when there is one. Warnings (e.g. the report's reason for a None gradient) and unsupported-API notes must be
 *   declared with an `# expect:` line (below).
 * - `errors/*.py`: the diagnostics declared in the header are reported (severity, code, line, message substring);
 *   no other error diagnostic; asserts pass unless declared with `# expect-assert-fail: line N`.
 *
 * Every program also runs cell by cell against the values and printed output real TensorFlow recorded in its
 * `NAME.py.oracle.json` (`scripts/oracle/`): no wrong value, the same prints, the same exceptions, except the gaps
 * `../conformance/gaps.json` lists; and a `.out` file is exactly what TensorFlow printed.
 *
 * Header lines (comments anywhere in the file):
 *   `# expect: <severity> <code> line <N>: <message substring>`
 *   `# expect-assert-fail: line <N>`
 *   `# expect-assert-unchecked: line <N>`  (the assert's test is unknown: not checked)
 *   `# expect-stopped: <reason>`
 *   `# options: {"timeBudgetMs": 500}`  (RunOptions as JSON)
 *   `# max-ms: <N>`  (a hang guard: the whole run ends within N ms, seconds past its budget; the deadline itself
 *                    is tested on fake clocks in test/limits, independent of the machine's load)
 *   `assert ...  # not-reached`  (an assert that must not run, e.g. after a call that raises inside `try`)
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { inputFor } from '../../src/engine/input';
import { run } from '../../src/engine/run';
import type { DiagnosticRecord, RunOptions, RunReport, Severity } from '../../src/protocol/report';
import { unexpected } from '../conformance/gaps';
import { compareProgram, failures, programsIn, readOracle } from '../conformance/harness';

const DIR = __dirname;

interface Expected {
  severity: Severity;
  code: string;
  line: number;
  message: string;
}

interface Header {
  expect: Expected[];
  assertFail: number[];
  /** Asserts whose test is unknown: reported as not checked (neither passed nor failed). */
  assertUnchecked: number[];
  stopped?: string;
  options: RunOptions;
  maxMs?: number;
}

function header(src: string): Header {
  const h: Header = { expect: [], assertFail: [], assertUnchecked: [], options: {} };
  for (const line of src.split(/\r?\n/)) {
    let m = /^\s*#\s*expect:\s*(error|warning|information|hint)\s+(\S+)\s+line\s+(\d+):\s?(.*)$/.exec(line);
    if (m) {
      h.expect.push({ severity: m[1] as Severity, code: m[2], line: Number(m[3]), message: m[4].trim() });
      continue;
    }
    m = /^\s*#\s*expect-assert-fail:\s*line\s+(\d+)\s*$/.exec(line);
    if (m) {
      h.assertFail.push(Number(m[1]));
      continue;
    }
    m = /^\s*#\s*expect-assert-unchecked:\s*line\s+(\d+)\s*$/.exec(line);
    if (m) {
      h.assertUnchecked.push(Number(m[1]));
      continue;
    }
    m = /^\s*#\s*expect-stopped:\s*(\S+)\s*$/.exec(line);
    if (m) {
      h.stopped = m[1];
      continue;
    }
    m = /^\s*#\s*options:\s*(\{.*\})\s*$/.exec(line);
    if (m) {
      h.options = JSON.parse(m[1]) as RunOptions;
      continue;
    }
    m = /^\s*#\s*max-ms:\s*(\d+)\s*$/.exec(line);
    if (m) h.maxMs = Number(m[1]);
  }
  return h;
}

/** 1-based lines of the `assert` statements of a source (top level or indented). */
function assertLines(src: string): number[] {
  const out: number[] = [];
  src.split(/\r?\n/).forEach((l, i) => {
    if (/^\s*assert\b/.test(l)) out.push(i + 1);
  });
  return out;
}

const line1 = (d: { span: { start: { line: number } } }) => d.span.start.line + 1;
const show = (d: DiagnosticRecord) => `${d.severity} ${d.code} line ${line1(d)}: ${d.message}`;

function matches(d: DiagnosticRecord, e: Expected): boolean {
  return d.severity === e.severity && d.code === e.code && line1(d) === e.line && d.message.includes(e.message);
}

function runFile(path: string, options: RunOptions = {}): { report: RunReport; ms: number } {
  const src = readFileSync(path, 'utf8');
  const t0 = performance.now();
  const report = run(inputFor(path, src), { timeBudgetMs: 20_000, ...options });
  return { report, ms: performance.now() - t0 };
}

/** Checks shared by programs and error programs: declared diagnostics, no undeclared errors/warnings, asserts. */
function check(path: string): RunReport {
  const src = readFileSync(path, 'utf8');
  const h = header(src);
  const { report, ms } = runFile(path, h.options);
  const problems: string[] = [];

  for (const e of h.expect) {
    if (!report.diagnostics.some((d) => matches(d, e))) {
      problems.push(`missing diagnostic: ${e.severity} ${e.code} line ${e.line}: ${e.message}`);
    }
  }
  for (const d of report.diagnostics) {
    // Errors, warnings and unsupported-API notes must all be declared (one note per unsupported API, not per use).
    if (d.severity !== 'error' && d.severity !== 'warning' && d.code !== 'unsupported') continue;
    if (h.expect.some((e) => matches(d, e))) continue;
    problems.push(`unexpected diagnostic: ${show(d)}`);
  }

  const lines = src.split(/\r?\n/);
  for (const l of assertLines(src)) {
    const a = report.asserts.find((x) => x.span.start.line + 1 === l);
    const shouldFail = h.assertFail.includes(l);
    if (/#\s*not-reached\b/.test(lines[l - 1])) {
      if (a && a.runs > 0) problems.push(`assert at line ${l} is marked not-reached but ran`);
      continue;
    }
    if (!a || a.runs === 0) {
      // An assert after an expected exception or stop legitimately does not run (a syntax error skips only its
      // own statement).
      if (!h.expect.some((e) => e.code === 'exception' && e.line < l) && !h.stopped) {
        problems.push(`assert at line ${l} did not run`);
      }
    } else if (h.assertUnchecked.includes(l)) {
      if (!a.unchecked || !a.unknown) problems.push(`assert at line ${l} should be unknown (not checked)`);
    } else if (a.unchecked) {
      problems.push(`assert at line ${l} was not checked: unknown: ${a.unknown}`);
    } else if (a.passed === shouldFail) {
      problems.push(
        `assert at line ${l} ${a.passed ? 'passed but should fail' : `failed${a.message ? `: ${a.message}` : ''}`}`,
      );
    }
  }

  if (h.stopped !== undefined && report.stopped?.reason !== h.stopped) {
    problems.push(`expected the run to stop (${h.stopped}), got ${report.stopped?.reason ?? 'no stop'}`);
  }
  if (h.stopped === undefined && report.stopped) problems.push(`run stopped: ${report.stopped.message}`);
  if (h.maxMs !== undefined && ms > h.maxMs) problems.push(`run took ${ms.toFixed(0)} ms (limit ${h.maxMs} ms)`);

  expect(problems, problems.join('\n')).toEqual([]);
  return report;
}

const pyFiles = (dir: string) =>
  readdirSync(join(DIR, dir))
    .filter((f) => f.endsWith('.py'))
    .sort();

describe('golden programs', () => {
  const files = pyFiles('programs');
  it('has at least 40 programs', () => {
    expect(files.length).toBeGreaterThanOrEqual(40);
  });
  for (const f of files) {
    it(f, () => {
      const path = join(DIR, 'programs', f);
      const src = readFileSync(path, 'utf8');
      expect(assertLines(src).length, 'a golden program needs asserts').toBeGreaterThan(0);
      const report = check(path);
      let out: string | undefined;
      try {
        out = readFileSync(path.replace(/\.py$/, '.out'), 'utf8');
      } catch {
        out = undefined;
      }
      if (out !== undefined) expect(report.prints.map((p) => p.text).join('')).toBe(out);
    });
  }
});

describe('error programs', () => {
  for (const f of pyFiles('errors')) {
    it(f, () => {
      const path = join(DIR, 'errors', f);
      const h = header(readFileSync(path, 'utf8'));
      expect(h.expect.length + (h.stopped ? 1 : 0), 'an error program declares what it expects').toBeGreaterThan(0);
      check(path);
    });
  }
});

describe('seed notebook', () => {
  const SEED = join(DIR, '..', 'fixtures', 'seed');
  for (const f of ['autodiff_tutorial.ipynb', 'autodiff_tutorial.py']) {
    it(f, () => {
      const { report } = runFile(join(SEED, f));
      const errors = report.diagnostics.filter((d) => d.severity === 'error' || d.severity === 'warning');
      expect(errors.map(show)).toEqual([]);
      expect(report.stopped).toBeUndefined();
      // 4 assert statements in cells 1, 2, 4 (three) and 5 (two): 7 statements, all ran and passed.
      expect(report.asserts).toHaveLength(7);
      for (const a of report.asserts) {
        expect(a.passed).toBe(true);
        expect(a.runs).toBeGreaterThan(0);
      }
      expect(report.asserts.reduce((n, a) => n + a.runs, 0)).toBe(4 + 1 + 3 + 2);

      // The first `dz_dx = t.gradient(z, x)`: a (2, 2) float32 of 8s (the global is rebound to 108 later, as in Python).
      const first = report.values.find((v) => v.label === 'dz_dx');
      expect(first?.value.dtype).toBe('float32');
      expect(first?.value.shape).toEqual([2, 2]);
      expect(first?.value.value).toEqual([
        [8, 8],
        [8, 8],
      ]);
      expect(report.globals.dz_dx).toEqual({ kind: 'tensor', dtype: 'float32', shape: [], value: 108 });
      expect(report.globals.dz_dy).toMatchObject({ kind: 'tensor', dtype: 'float32', shape: [], value: 8 });
      expect(report.globals.d2y_dx2).toMatchObject({ kind: 'tensor', dtype: 'float32', shape: [], value: 6 });

      // Gradient records in source order: 8s, 8, 108, 6, the control-flow grad (3 runs: 12, 12, 4 — the record
      // keeps the last), 3, 6.
      const grads = [...report.gradients].sort(
        (a, b) => (a.span.cell ?? 0) - (b.span.cell ?? 0) || a.span.start.line - b.span.start.line,
      );
      const vals = grads.map((g) => g.results.map((r) => r.result?.value));
      expect(vals).toEqual([
        [
          [
            [8, 8],
            [8, 8],
          ],
        ],
        [8],
        [108],
        [6],
        [4],
        [3],
        [6],
      ]);
      expect(grads.map((g) => g.runs)).toEqual([1, 1, 1, 1, 3, 1, 1]);
      expect(grads.every((g) => g.results.every((r) => r.result?.dtype === 'float32'))).toBe(true);
    });
  }
});

describe('golden programs against real TensorFlow', () => {
  const ROOT = join(DIR, '..', '..');
  const files = ['programs', 'errors', '../fixtures/seed'].flatMap((d) => programsIn(join(DIR, d)));
  it('every golden program has its oracle JSON', () => {
    expect(files.length).toBe(pyFiles('programs').length + pyFiles('errors').length - 1 + 2); // runaway_loop.py never ends
  });
  for (const path of files) {
    const file = relative(ROOT, path);
    it(file, () => {
      const oracle = readOracle(path);
      if (path.endsWith('.py') && existsSync(path.replace(/\.py$/, '.out'))) {
        const out = readFileSync(path.replace(/\.py$/, '.out'), 'utf8');
        expect(oracle.cells.map((c) => c.stdout).join(''), 'the .out file is what TensorFlow printed').toBe(out);
      }
      if (path.includes('/programs/')) {
        expect(
          oracle.cells.map((c) => c.error),
          'a golden program runs without an exception in TensorFlow',
        ).toEqual(oracle.cells.map(() => null));
      }
      const { failures: bad, stale } = unexpected(failures(compareProgram(path, file)), [file]);
      expect(bad.map((f) => `cell ${f.cell} ${f.what}: ${f.detail}`)).toEqual([]);
      expect(stale.map((g) => `no longer differs (remove from gaps.json): cell ${g.cell} ${g.what}`)).toEqual([]);
    });
  }
});
