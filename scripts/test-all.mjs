// `npm test`: every suite, each one even when an earlier one failed, then one summary line per suite with its counts
// and time; the exit status is 1 when any suite failed.
//
//   check + build   tsc --noEmit, biome, the development build
//   unit       vitest (engine, interpreter, report, golden programs, fuzz, limits, extension core, inspector, CLI)
//   integration, untrusted integration   the Mocha suite in code-server's extension host (scripts/e2e/)
//   integration (web)   the same suite in code-server's browser-side web worker extension host (the web extension)
//   e2e        the packaged .vsix in code-server, driven by playwright-core (two scenarios)
//
// usage: node scripts/test-all.mjs [--unit-only]
//   The code-server suites need code-server and Chromium (sh scripts/setup.sh). Without them they fail, saying so,
//   unless --unit-only (or GRADIENT_LENS_UNIT_ONLY=1) is given: then they are skipped and only check and unit run.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { missingForCodeServerSuites } from './e2e/codeServerHome.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const unitOnly = process.argv.includes('--unit-only') || process.env.GRADIENT_LENS_UNIT_ONLY === '1';
const ANSI = new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*[A-Za-z]`, 'g');

/** Runs one command with its output shown as it comes; resolves with its exit code and output (without colours). */
function sh(command, args) {
  return new Promise((resolve) => {
    const p = spawn(command, args, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    const take = (stream, to) =>
      stream.on('data', (d) => {
        to.write(d);
        out += d.toString().replace(ANSI, '');
      });
    take(p.stdout, process.stdout);
    take(p.stderr, process.stderr);
    p.on('error', (e) => resolve({ code: 127, out: `${out}\n${e.message}` }));
    p.on('close', (code, signal) => resolve({ code: code ?? (signal ? 128 : 1), out }));
  });
}

const count = (re, text) => {
  const m = re.exec(text);
  return m ? Number(m[1]) : 0;
};

/** Counts of a vitest run: its " Tests  2 failed | 1200 passed | 3 skipped (1205)" line. */
function vitestCounts(out) {
  const line = /^\s*Tests\s+(.*)$/m.exec(out)?.[1] ?? '';
  return {
    passed: count(/(\d+) passed/, line),
    failed: count(/(\d+) failed/, line),
    skipped: count(/(\d+) skipped/, line) + count(/(\d+) todo/, line),
  };
}

/** Sum of every match's number (a suite of several Mocha runs prints one summary per run). */
const total = (re, text) => [...text.matchAll(re)].reduce((n, m) => n + Number(m[1]), 0);

/** Counts of Mocha runs (the spec reporter's "N passing", "N pending", "N failing"). */
const mochaCounts = (out) => ({
  passed: total(/^\s*(\d+) passing/gm, out),
  failed: total(/^\s*(\d+) failing/gm, out),
  skipped: total(/^\s*(\d+) pending/gm, out),
});

/** Runs the steps of one suite in order; a failed step fails the suite (the later steps still run). */
async function suite(name, steps, { counts, unit = 'tests' } = {}) {
  console.log(`\n===== ${name} =====`);
  const t0 = Date.now();
  let failedSteps = 0;
  let passedSteps = 0;
  let out = '';
  for (const [command, ...args] of steps) {
    const r = await sh(command, args);
    out += r.out;
    if (r.code === 0) passedSteps++;
    else {
      failedSteps++;
      console.log(`----- ${name}: \`${[command, ...args].join(' ')}\` exited with ${r.code}`);
    }
  }
  const c = counts ? counts(out) : { passed: passedSteps, failed: failedSteps, skipped: 0 };
  // A step that failed without a failed test (a crash, a harness error) still fails the suite.
  const ok = failedSteps === 0 && c.failed === 0;
  return { name, ok, ...c, seconds: (Date.now() - t0) / 1000, unit: counts ? unit : 'steps' };
}

const skipped = (name, why) => ({ name, ok: true, skippedSuite: why });
const failedBefore = (name, why) => ({ name, ok: false, notRun: why });

const results = [];
const check = await suite('check + build', [
  ['npx', 'tsc', '--noEmit', '-p', '.'],
  ['npx', 'biome', 'check', 'src', 'test', 'bench', 'scripts'],
  ['node', 'scripts/build.mjs'],
]);
results.push(check);
results.push(await suite('unit', [['npx', 'vitest', 'run']], { counts: vitestCounts }));

const CODE_SERVER_SUITES = ['integration', 'untrusted integration', 'integration (web)', 'e2e'];
const missing = missingForCodeServerSuites();
if (unitOnly) {
  for (const n of CODE_SERVER_SUITES) results.push(skipped(n, '--unit-only'));
} else if (missing.length) {
  for (const n of CODE_SERVER_SUITES) results.push(failedBefore(n, missing.join('; ')));
} else {
  // The integration suites load dist/ of the development build made by `check`.
  const integration = ['node', 'scripts/e2e/run-integration.mjs'];
  results.push(await suite('integration', [integration], { counts: mochaCounts }));
  results.push(await suite('untrusted integration', [[...integration, '--untrusted']], { counts: mochaCounts }));
  // The web worker extension host: a trusted window, then an untrusted one (one line for both).
  const web = ['node', 'scripts/e2e/run-integration-web.mjs'];
  results.push(await suite('integration (web)', [web, [...web, '--untrusted']], { counts: mochaCounts }));
  results.push(
    await suite('e2e', [['sh', 'scripts/e2e/run-e2e.sh']], {
      unit: 'scenarios',
      // The two scenarios (editor, tape inspector) each print PASS or FAILED.
      counts: (out) => ({
        passed: (out.match(/^\[(e2e|inspector) [\d.]+s\] PASS$/gm) ?? []).length,
        failed: (out.match(/^\[(e2e|inspector)\] FAILED/gm) ?? []).length,
        skipped: 0,
      }),
    }),
  );
}

console.log('\n===== summary =====');
const width = Math.max(...results.map((r) => r.name.length));
for (const r of results) {
  const name = r.name.padEnd(width);
  if (r.skippedSuite) console.log(`${name}  skipped  (${r.skippedSuite})`);
  else if (r.notRun) console.log(`${name}  FAILED   not run: ${r.notRun}`);
  else {
    const parts = [`${r.passed} passed`, `${r.failed} failed`];
    if (r.skipped) parts.push(`${r.skipped} skipped`);
    console.log(
      `${name}  ${r.ok ? 'passed ' : 'FAILED '}  ${parts.join(', ')} ${r.unit}  ${r.seconds.toFixed(0).padStart(4)} s`,
    );
  }
}
const failed = results.filter((r) => !r.ok).length;
console.log(failed ? `${failed} of ${results.length} suites failed` : `all ${results.length} suites passed`);
process.exit(failed ? 1 : 0);
