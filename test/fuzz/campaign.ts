/**
 * A long fuzz campaign (scripts/fuzz.mjs bundles and runs this file). The cases run in a worker thread watched by
 * the main thread, so a case that hangs the engine, exhausts its heap or kills the thread is recorded too: the
 * worker is replaced and the campaign goes on with the next case. Failing inputs go to test-artifacts/fuzz/.
 *
 *   node scripts/fuzz.mjs --seed=7 --count=100000 [--start=0] [--budget=300] [--out=test-artifacts/fuzz]
 *   node scripts/fuzz.mjs --seed=7 --replay=1234        # one case, in this thread, with its report's diagnostics
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { caseFor, caseText } from './cases';
import { minimize, signature } from './minimize';
import { checkCase, FUZZ_OPTIONS } from './oracle';

interface Args {
  seed: number;
  count: number;
  start: number;
  budget: number;
  out: string;
  replay?: number;
  minimize: boolean;
  heapMb: number;
}

type FromWorker =
  | { type: 'start'; index: number }
  | { type: 'done'; index: number; problems: string[]; ms: number; origin: string };

function parseArgs(argv: string[]): Args {
  const a = Object.fromEntries(
    argv.map((s) => {
      const m = /^--([^=]+)(?:=(.*))?$/.exec(s);
      return m ? [m[1], m[2] ?? 'true'] : [s, 'true'];
    }),
  );
  return {
    seed: Number(a.seed ?? Date.now() % 100000),
    count: Number(a.count ?? 10_000),
    start: Number(a.start ?? 0),
    budget: Number(a.budget ?? FUZZ_OPTIONS.timeBudgetMs),
    out: a.out ?? join(process.cwd(), 'test-artifacts', 'fuzz'),
    replay: a.replay !== undefined ? Number(a.replay) : undefined,
    minimize: a.minimize === 'true',
    heapMb: Number(a['heap-mb'] ?? 2048),
  };
}

function save(args: Args, index: number, kind: string, problems: string[], origin?: string): void {
  mkdirSync(args.out, { recursive: true });
  const c = caseFor(args.seed, index);
  const base = join(args.out, `seed${args.seed}-case${index}`);
  writeFileSync(`${base}.py`, caseText(c));
  writeFileSync(
    `${base}.json`,
    JSON.stringify({ seed: args.seed, index, kind, origin: origin ?? c.origin, problems, input: c.input }, null, 2),
  );
}

function workerMain(): void {
  const { seed, from, to, budget } = workerData as { seed: number; from: number; to: number; budget: number };
  const port = parentPort;
  if (!port) return;
  for (let i = from; i < to; i++) {
    port.postMessage({ type: 'start', index: i } satisfies FromWorker);
    const c = caseFor(seed, i);
    const o = checkCase(c.input, { ...FUZZ_OPTIONS, timeBudgetMs: budget });
    port.postMessage({
      type: 'done',
      index: i,
      problems: o.problems,
      ms: o.elapsedMs,
      origin: c.origin,
    } satisfies FromWorker);
  }
}

function replay(args: Args, index: number): void {
  const c = caseFor(args.seed, index);
  console.log(`case ${args.seed}:${index} — ${c.origin}\n----\n${caseText(c)}\n----`);
  const o = checkCase(c.input, { ...FUZZ_OPTIONS, timeBudgetMs: args.budget });
  console.log(`${o.elapsedMs.toFixed(0)} ms, report ${o.reportChars} chars`);
  for (const d of o.report?.diagnostics ?? [])
    console.log(`  ${d.severity} ${d.code} L${d.span.start.line + 1}: ${d.message}`);
  console.log(o.problems.length ? `PROBLEMS:\n  ${o.problems.join('\n  ')}` : 'ok');
  if (!o.problems.length || !args.minimize) return;
  const sig = signature(o.problems);
  const options = { ...FUZZ_OPTIONS, timeBudgetMs: args.budget };
  const small = minimize(c.input, (input) => signature(checkCase(input, options).problems) === sig);
  const text = small.cells.map((cell) => cell.source).join('\n# %% next cell\n');
  console.log(`minimized (${sig}):\n----\n${text}\n----`);
  mkdirSync(args.out, { recursive: true });
  writeFileSync(join(args.out, `seed${args.seed}-case${index}.min.py`), `${text}\n`);
}

async function main(): Promise<number> {
  const args = parseArgs(process.argv.slice(2));
  if (args.replay !== undefined) {
    replay(args, args.replay);
    return 0;
  }
  const end = args.start + args.count;
  const t0 = Date.now();
  let failures = 0;
  let done = 0;
  let next = args.start;
  const slowest: [number, number][] = [];
  console.log(
    `fuzz campaign: seed ${args.seed}, cases ${args.start}..${end - 1}, budget ${args.budget} ms → ${args.out}`,
  );
  while (next < end) {
    const from = next;
    await new Promise<void>((resolveRun) => {
      let current = -1;
      let watchdog: ReturnType<typeof setTimeout> | undefined;
      let finished = false;
      const worker = new Worker(__filename, {
        workerData: { seed: args.seed, from, to: end, budget: args.budget },
        resourceLimits: { maxOldGenerationSizeMb: args.heapMb },
        stdout: true,
        stderr: true,
      });
      const stop = (why: string) => {
        if (finished) return;
        finished = true;
        if (watchdog) clearTimeout(watchdog);
        if (current >= 0) {
          failures++;
          console.log(`FAIL ${args.seed}:${current} ${why}`);
          save(args, current, why, [why]);
          next = current + 1;
        } else next = end;
        void worker.terminate();
        resolveRun();
      };
      worker.on('message', (m: FromWorker) => {
        if (m.type === 'start') {
          current = m.index;
          if (watchdog) clearTimeout(watchdog);
          watchdog = setTimeout(
            () => stop(`hang: no answer ${args.budget + 10_000} ms after the case started`),
            args.budget + 10_000,
          );
          return;
        }
        current = -1;
        if (watchdog) clearTimeout(watchdog);
        done++;
        slowest.push([m.ms, m.index]);
        slowest.sort((a, b) => b[0] - a[0]);
        slowest.length = Math.min(slowest.length, 5);
        if (m.problems.length) {
          failures++;
          console.log(`FAIL ${args.seed}:${m.index} (${m.origin})\n  ${m.problems.join('\n  ').slice(0, 2000)}`);
          save(args, m.index, 'invariant', m.problems, m.origin);
        }
        if (done % 500 === 0) {
          const s = (Date.now() - t0) / 1000;
          console.log(`… ${done} cases, ${failures} failures, ${s.toFixed(0)} s (${(done / s).toFixed(1)}/s)`);
        }
      });
      worker.on('error', (e) => stop(`worker error: ${e.message}`));
      worker.on('exit', (code) => {
        if (current >= 0) stop(`worker exited with code ${code}`);
        else if (!finished) {
          finished = true;
          if (watchdog) clearTimeout(watchdog);
          next = end;
          resolveRun();
        }
      });
    });
  }
  const s = (Date.now() - t0) / 1000;
  console.log(
    `done: ${done} cases, ${failures} failures in ${s.toFixed(0)} s; slowest: ${slowest.map(([ms, i]) => `${i} (${ms.toFixed(0)} ms)`).join(', ')}`,
  );
  return failures ? 1 : 0;
}

if (isMainThread) {
  main().then(
    (code) => process.exit(code),
    (e) => {
      console.error(e);
      process.exit(2);
    },
  );
} else workerMain();
