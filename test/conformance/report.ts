/**
 * `npm run conformance`: runs the conformance programs, the golden programs and the seed notebook through the engine
 * and prints, per program, how many of real TensorFlow's values matched, were unknown, missing or wrong, how many
 * cells that print printed the same text, and the top causes of unknown and missing values.
 */
import { join, relative } from 'node:path';
import { unexpected } from './gaps';
import { compareProgram, failures, type ProgramResult, programsIn } from './harness';

const ROOT = join(__dirname, '..', '..');
const GROUPS: [string, string[]][] = [
  ['conformance', ['test/conformance/programs']],
  ['golden', ['test/golden/programs', 'test/golden/errors', 'test/fixtures/seed']],
];

interface Counts {
  matched: number;
  unknown: number;
  missing: number;
  wrong: number;
  printing: number;
  identical: number;
}

const zero = (): Counts => ({ matched: 0, unknown: 0, missing: 0, wrong: 0, printing: 0, identical: 0 });

function count(r: ProgramResult): Counts {
  const c = zero();
  for (const v of r.values) c[v.verdict]++;
  for (const cell of r.cells) {
    if (cell.expected === '' && !cell.actual) continue;
    c.printing++;
    if (cell.actual === cell.expected) c.identical++;
  }
  return c;
}

const pct = (n: number, d: number) => (d ? `${((100 * n) / d).toFixed(1)}%` : '-');

function row(name: string, c: Counts): string {
  const comparable = c.matched + c.unknown + c.missing + c.wrong;
  return [
    name.padEnd(44),
    String(c.matched).padStart(6),
    String(c.unknown).padStart(6),
    String(c.missing).padStart(6),
    String(c.wrong).padStart(6),
    pct(c.matched, comparable).padStart(7),
    `${c.identical}/${c.printing}`.padStart(8),
  ].join(' ');
}

/** The unsupported API (an unknown's origin) or the exception that cost a value. */
function cause(detail: string | undefined): string {
  if (!detail) return '?';
  const m = /^(\w+(?:Error|Exception)): (.*)$/s.exec(detail);
  if (m) return `${m[1]}: ${m[2].split('\n')[0].slice(0, 90)}`;
  return detail.split('\n')[0].slice(0, 100);
}

const listFailures = process.argv.includes('--failures');
const header = `${'program'.padEnd(44)} matched unknown missing  wrong  match%  prints`;
const causes = new Map<string, number>();
const wrongs: string[] = [];
for (const [group, dirs] of GROUPS) {
  console.log(`\n== ${group} ==\n${header}`);
  const total = zero();
  for (const dir of dirs) {
    for (const path of programsIn(join(ROOT, dir))) {
      const file = relative(ROOT, path);
      const r = compareProgram(path, file);
      const c = count(r);
      if (listFailures) {
        for (const f of unexpected(failures(r), [file]).failures) console.log(JSON.stringify(f));
      }
      for (const k of Object.keys(total) as (keyof Counts)[]) total[k] += c[k];
      console.log(row(file.replace(/^test\//, ''), c));
      for (const v of r.values) {
        if (v.verdict === 'unknown' || v.verdict === 'missing') {
          const k = `${v.verdict} · ${cause(v.detail)}`;
          causes.set(k, (causes.get(k) ?? 0) + 1);
        } else if (v.verdict === 'wrong') wrongs.push(`${file} cell ${v.cell} ${v.name}: ${v.detail}`);
      }
    }
  }
  console.log(row(`TOTAL ${group}`, total));
}
console.log('\n== top causes of unknown / missing values ==');
for (const [k, n] of [...causes].sort((a, b) => b[1] - a[1]).slice(0, 25))
  console.log(`${String(n).padStart(5)}  ${k}`);
if (wrongs.length) {
  console.log('\n== wrong values ==');
  for (const w of wrongs.slice(0, 50)) console.log(`  ${w.slice(0, 200)}`);
}
