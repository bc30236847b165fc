/**
 * `gradient-lens run FILE [--json]`: the engine in a terminal. Prints each gradient with its line and value, each
 * failed assert with the actual values, each error with its line, and a summary; `--json` prints the RunReport.
 * Exit status: 0 when the program ran and every assert passed, 1 otherwise, 2 for unusable arguments or files.
 * Output piped into `head` ends quietly.
 */

import { writeSync } from 'node:fs';
import { version } from '../../package.json';
import { InputError, inputFor } from '../engine/input';
import { evaluate, run } from '../engine/run';
import type { RunInput, RunOptions, RunReport } from '../protocol/report';
import { computeHelperFile } from '../worker/computeHelperFile.node';
import { offerComputeHelper } from '../worker/computeHelperPool.node';
import { formatReport, reportFailed } from './format';
import { readSource } from './readSource';

const USAGE = `usage: gradient-lens run FILE [--json] [--time-budget MS]
       gradient-lens --version

Evaluates the TensorFlow GradientTape code in FILE (.py, .ipynb or .md with python fences) with Gradient Lens's
own engine (no Python, no TensorFlow) and prints the program's output, then each gradient with its line, value and
chain-rule explanation, failed asserts, errors, warnings and notes, and a summary. Notebook locations read
[cell N] line:column, counting all cells from 1.

  --json             print the RunReport (JSON) instead
  --time-budget MS   stop the program after MS milliseconds (default 2000)
  --version          print the version

Exit status: 0 when the program ran and every assert passed, 1 otherwise, 2 for bad arguments or a FILE that is
missing, a directory or not a text file.`;

export function main(argv: string[], out: (s: string) => void, err: (s: string) => void): number {
  const args = argv.slice();
  if (args[0] === '--help' || args[0] === '-h') {
    out(USAGE);
    return 0;
  }
  if (args[0] === '--version' || args[0] === '-V') {
    out(`gradient-lens ${version}`);
    return 0;
  }
  if (args[0] !== 'run') {
    err(USAGE);
    return 2;
  }
  args.shift();
  let json = false;
  let budget: number | undefined;
  let file: string | undefined;
  while (args.length) {
    const a = args.shift() as string;
    if (a === '--json') json = true;
    else if (a === '--time-budget') {
      budget = Number(args.shift());
      if (!Number.isFinite(budget) || budget <= 0) {
        err('gradient-lens: --time-budget needs a positive number of milliseconds');
        return 2;
      }
    } else if (a.startsWith('-')) {
      err(`gradient-lens: unknown option ${a}\n${USAGE}`);
      return 2;
    } else if (file === undefined) file = a;
    else {
      err(`gradient-lens: one FILE only\n${USAGE}`);
      return 2;
    }
  }
  if (!file) {
    err(USAGE);
    return 2;
  }
  const source = readSource(file);
  if ('problem' in source) {
    err(`gradient-lens: ${source.problem}`);
    return 2;
  }
  let input: ReturnType<typeof inputFor>;
  try {
    input = inputFor(file, source.text);
  } catch (e) {
    if (e instanceof InputError) {
      err(`gradient-lens: ${file}: ${e.message}`);
      return 2;
    }
    throw e;
  }
  const options = budget ? { timeBudgetMs: budget } : {};
  const report = forTheCli(json ? run(input, options) : textReport(input, options));
  if (json) out(JSON.stringify(report, null, 2));
  else out(formatReport(report, file));
  return reportFailed(report) ? 1 : 0;
}

/**
 * What the text output shows: the bounded report (no tape graphs, no global values) with the chain-rule
 * explanation of every gradient it prints; `--json` keeps the full report.
 */
function textReport(input: RunInput, options: RunOptions): RunReport {
  const evaluation = evaluate(input, { ...options, bounded: true });
  const t0 = performance.now();
  const gradients = evaluation.explained();
  const { timing } = evaluation.report;
  // The time shown is the engine's: the run, its report and these explanations.
  return { ...evaluation.report, gradients, timing: { ...timing, totalMs: timing.totalMs + performance.now() - t0 } };
}

/** The engine names the editor's setting for the time budget; in a terminal that is `--time-budget`. */
function forTheCli(r: RunReport): RunReport {
  const cli = (m: string) => m.replace('(setting gradientLens.timeBudgetMs)', '(option --time-budget)');
  for (const d of r.diagnostics) d.message = cli(d.message);
  if (r.stopped) r.stopped.message = cli(r.stopped.message);
  return r;
}

/**
 * The CLI as a process: arguments from `process.argv`, output written straight to file descriptors 1 and 2 (no
 * `process.stdout` stream: creating one loads Node's stream modules, a tenth of a cold run's time), the exit status
 * in `process.exitCode`. Output piped into a program that stops reading (`| head`) ends the CLI quietly, like
 * other Unix tools.
 */
export function cli(): void {
  offerComputeHelper(computeHelperFile(__dirname));
  process.exitCode = main(
    process.argv.slice(2),
    (s) => write(1, `${s}\n`),
    (s) => write(2, `${s}\n`),
  );
}

/** All of `text` to `fd` (in pieces of at most 1 Mi characters, so a large report is not copied whole). */
function write(fd: number, text: string): void {
  const PIECE = 1 << 20;
  for (let from = 0; from < text.length; ) {
    let to = Math.min(text.length, from + PIECE);
    // Never split a surrogate pair between two pieces.
    if (to < text.length && (text.charCodeAt(to - 1) & 0xfc00) === 0xd800) to--;
    writeBytes(fd, Buffer.from(text.slice(from, to)));
    from = to;
  }
}

/** Waits out a full non-blocking pipe; a reader gone from stdout ends the process (status 0). */
function writeBytes(fd: number, bytes: Buffer): void {
  let at = 0;
  while (at < bytes.length) {
    try {
      at += writeSync(fd, bytes, at);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'EAGAIN') Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 1);
      else if (code === 'EPIPE' && fd === 1) process.exit(0);
      else if (code === 'EPIPE') return;
      else throw e;
    }
  }
}

// Run directly (`node cliMain.js run FILE`) as well as through the loader (`dist/cli.js`), which calls `cli()`.
if (require.main === module) cli();
