/** The results table (Markdown, so RESULTS.md and the README can take it as is) and the target checks. */
import type { Measurement } from './timing';
import type { WorkloadId } from './workloads';
import { WORKLOADS } from './workloads';

export const PEERS = ['tfjs CPU', 'tfjs wasm', 'ours API', 'ours interp'] as const;
/**
 * Real TF eager (optional, see peers/tf.ts): "eager" times the tape part with the inputs built once (the
 * counterpart of ours API), "program" the whole program text (of ours interp); "1T" is TF with one intra-op and
 * one inter-op thread, the others TF's default thread pools.
 */
export const TF_PEERS = ['TF eager 1T', 'TF eager', 'TF program 1T', 'TF program'] as const;
export type PeerName = (typeof PEERS)[number] | (typeof TF_PEERS)[number];

export interface Cell {
  m?: Measurement;
  /** Max |Δ| of this peer's gradients against ours API, and the largest |gradient| for scale. */
  diff?: number;
  scale?: number;
  error?: string;
}

export type Results = Partial<Record<WorkloadId, Partial<Record<PeerName, Cell>>>>;

export function fmtMs(ms: number | undefined): string {
  if (ms === undefined || !Number.isFinite(ms)) return '–';
  if (ms < 1) return `${(ms * 1000).toPrecision(3)} µs`;
  if (ms < 10) return `${ms.toFixed(2)} ms`;
  if (ms < 100) return `${ms.toFixed(1)} ms`;
  return `${ms.toFixed(0)} ms`;
}

export type Stat = 'median' | 'min';

function ratio(a: Cell | undefined, b: Cell | undefined, stat: Stat): string {
  if (!a?.m || !b?.m) return '–';
  const r = a.m[stat] / b.m[stat];
  return r >= 100 ? `${r.toFixed(0)}×` : r >= 10 ? `${r.toFixed(1)}×` : `${r.toFixed(2)}×`;
}

function fmtDiff(c: Cell | undefined): string {
  if (!c) return '–';
  if (c.error) return 'error';
  if (c.diff === undefined) return '–';
  if (Number.isNaN(c.diff)) return 'shape mismatch';
  return c.diff === 0 ? '0' : c.diff.toExponential(1);
}

function cellText(c: Cell | undefined, stat: Stat): string {
  if (!c) return '–';
  if (c.error) return 'failed';
  return fmtMs(c.m?.[stat]);
}

/** The results table: medians (or, as a view less sensitive to a busy machine, the fastest repetition). */
export function table(results: Results, stat: Stat = 'median'): string {
  const head = [
    'workload',
    ...PEERS,
    'CPU / API',
    'wasm / API',
    'CPU / interp',
    'wasm / interp',
    'max |Δ| CPU, wasm, interp (vs API; max |g|)',
  ];
  const lines = [`| ${head.join(' | ')} |`, `|${head.map(() => '---').join('|')}|`];
  for (const w of WORKLOADS) {
    const r = results[w.id];
    if (!r) continue;
    const api = r['ours API'];
    const interp = r['ours interp'];
    const cpu = r['tfjs CPU'];
    const wasm = r['tfjs wasm'];
    const scale = api?.scale === undefined ? '' : ` (${api.scale.toPrecision(3)})`;
    lines.push(
      `| ${w.id} ${w.name} | ${PEERS.map((p) => cellText(r[p], stat)).join(' | ')} | ${ratio(cpu, api, stat)} | ${ratio(wasm, api, stat)} | ${ratio(cpu, interp, stat)} | ${ratio(wasm, interp, stat)} | ${fmtDiff(cpu)}, ${fmtDiff(wasm)}, ${fmtDiff(interp)}${scale} |`,
    );
  }
  return lines.join('\n');
}

/** Ours against real TF eager: warm medians (or fastest), ratios (TF time / ours: above 1 means we are faster). */
export function tfTable(results: Results, stat: Stat = 'median'): string {
  const head = [
    'workload',
    'TF 1T',
    'TF',
    'ours API',
    'TF 1T / API',
    'TF / API',
    'TF prog 1T',
    'TF prog',
    'ours interp',
    'TF prog 1T / interp',
    'TF prog / interp',
    'first call: TF 1T, API, TF prog 1T, interp',
    'max |Δ| TF 1T, TF (vs API)',
  ];
  const lines = [`| ${head.join(' | ')} |`, `|${head.map(() => '---').join('|')}|`];
  for (const w of WORKLOADS) {
    const r = results[w.id];
    if (!r || !TF_PEERS.some((p) => r[p])) continue;
    const api = r['ours API'];
    const interp = r['ours interp'];
    const first = (c: Cell | undefined) => (c?.m?.first === undefined ? '–' : fmtMs(c.m.first));
    lines.push(
      `| ${w.id} ${w.name} | ${cellText(r['TF eager 1T'], stat)} | ${cellText(r['TF eager'], stat)} | ${cellText(api, stat)} | ${ratio(r['TF eager 1T'], api, stat)} | ${ratio(r['TF eager'], api, stat)} | ${cellText(r['TF program 1T'], stat)} | ${cellText(r['TF program'], stat)} | ${cellText(interp, stat)} | ${ratio(r['TF program 1T'], interp, stat)} | ${ratio(r['TF program'], interp, stat)} | ${first(r['TF eager 1T'])}, ${first(api)}, ${first(r['TF program 1T'])}, ${first(interp)} | ${fmtDiff(r['TF eager 1T'])}, ${fmtDiff(r['TF eager'])} |`,
    );
  }
  return lines.join('\n');
}

export interface SystemFacts {
  /** With the code cache (every start after the first of a version). */
  firstResultMs?: number;
  /** Without one (the first start of a version). */
  firstResultColdMs?: number;
  readyMs?: number;
  extensionBytes?: number;
  /** The first 10 evaluations of the seed in a fresh worker with its warm-up (worker's time, ms). */
  lukewarmMs?: number[];
  lukewarmBackToBackMs?: number[];
  /** W2's report as the editor receives it (bounded), in bytes of JSON. */
  w2ReportBytes?: number;
  /** Median keystroke to lens on the seed (edit → report in the host, 300 ms debounce). */
  keystrokeToLensMs?: number;
}

/** The targets, each with its verdict. */
export function targets(results: Results, sys: SystemFacts): string[] {
  const med = (w: WorkloadId, p: PeerName) => results[w]?.[p]?.m?.median;
  const out: string[] = [];
  const check = (label: string, ok: boolean | undefined, detail: string) =>
    out.push(`${ok === undefined ? '?   ' : ok ? 'PASS' : 'MISS'}  ${label}: ${detail}`);
  for (const w of ['W1', 'W2'] as const) {
    const cpu = med(w, 'tfjs CPU');
    const api = med(w, 'ours API');
    check(
      `${w} API ≥ 30× tfjs CPU`,
      cpu && api ? cpu / api >= 30 : undefined,
      cpu && api ? `${(cpu / api).toFixed(1)}×` : 'not measured',
    );
  }
  const w1i = med('W1', 'ours interp');
  check('W1 seed program through the interpreter < 1 ms', w1i === undefined ? undefined : w1i < 1, fmtMs(w1i));
  const w2i = med('W2', 'ours interp');
  check('W2 through the interpreter < 30 ms', w2i === undefined ? undefined : w2i < 30, fmtMs(w2i));
  const bytes = sys.w2ReportBytes;
  check(
    "W2 editor's report < 200 kB",
    bytes === undefined ? undefined : bytes < 200_000,
    bytes === undefined ? 'not measured' : `${(bytes / 1000).toFixed(1)} kB`,
  );
  const key = sys.keystrokeToLensMs;
  check(
    'keystroke to lens on the seed < 450 ms (300 ms debounce)',
    key === undefined ? undefined : key < 450,
    key === undefined ? 'not measured' : fmtMs(key),
  );
  for (const w of ['W3', 'W4', 'W5'] as const) {
    const wasm = med(w, 'tfjs wasm');
    for (const p of ['ours API', 'ours interp'] as const) {
      const t = med(w, p);
      check(
        `${w} ${p} faster than tfjs wasm`,
        wasm && t ? t < wasm : undefined,
        wasm && t ? `${fmtMs(t)} vs ${fmtMs(wasm)} (${(wasm / t).toFixed(2)}×)` : 'not measured',
      );
    }
  }
  for (const w of ['W3', 'W4', 'W5'] as const) {
    for (const [tfp, p] of [
      ['TF eager 1T', 'ours API'],
      ['TF program 1T', 'ours interp'],
    ] as const) {
      const tf = med(w, tfp);
      const t = med(w, p);
      check(
        `${w} ${p} at least as fast as ${tfp}`,
        tf && t ? t <= tf : undefined,
        tf && t ? `${fmtMs(t)} vs ${fmtMs(tf)} (${(tf / t).toFixed(2)}×)` : 'not measured',
      );
    }
  }
  const cpu6 = med('W6', 'tfjs CPU');
  const api6 = med('W6', 'ours API');
  check(
    'W6 API ≥ 8× tfjs CPU',
    cpu6 && api6 ? cpu6 / api6 >= 8 : undefined,
    cpu6 && api6 ? `${(cpu6 / api6).toFixed(1)}×` : 'not measured',
  );
  check(
    'fresh worker → first seed result < 500 ms (with the code cache; the warm-up runs before the first request)',
    sys.firstResultMs === undefined ? undefined : sys.firstResultMs < 500,
    sys.firstResultMs === undefined
      ? 'not measured'
      : `${fmtMs(sys.firstResultMs)} (${fmtMs(sys.firstResultColdMs)} at the first start of a version, without it)`,
  );
  for (const [what, lw] of [
    ['300 ms apart, as a user types', sys.lukewarmMs],
    ['back to back', sys.lukewarmBackToBackMs],
  ] as const) {
    check(
      `lukewarm: each of the first 10 seed evaluations in a fresh worker < 2 ms (${what})`,
      lw ? lw.every((v) => v < 2) : undefined,
      lw ? `${lw.map((v) => v.toFixed(1)).join(', ')} ms` : 'not measured',
    );
  }
  check(
    'extension bundle < 500 kB minified',
    sys.extensionBytes === undefined ? undefined : sys.extensionBytes < 500_000,
    sys.extensionBytes === undefined ? 'not built' : `${(sys.extensionBytes / 1000).toFixed(1)} kB`,
  );
  return out;
}
