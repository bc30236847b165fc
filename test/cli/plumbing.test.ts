/**
 * The CLI as a program in a shell: piped into `head`, given a missing file, a directory or a binary file, asked for
 * its version, given a syntax error. The bundle is built here (esbuild, as scripts/build.mjs does) and run with node.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';

const root = join(__dirname, '../..');
let dir = '';
let cliJs = '';

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'gl-cli-'));
  cliJs = join(dir, 'cli.js');
  await build({
    entryPoints: [join(root, 'src/cli/main.ts')],
    outfile: cliJs,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    logLevel: 'error',
  });
}, 60_000);

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

function cli(...args: string[]): { code: number | null; out: string; err: string } {
  const r = spawnSync(process.execPath, [cliJs, ...args], { encoding: 'utf8', cwd: root });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

function file(name: string, content: string | Buffer): string {
  const p = join(dir, name);
  writeFileSync(p, content);
  return p;
}

describe('gradient-lens in a shell', () => {
  test('output piped into a reader that stops early ends quietly with status 0', async () => {
    // 10,000 printed lines in the JSON report: far more than a pipe holds, so the CLI is still writing when the
    // reader goes away (as `| head -n 1` does).
    const program = file('prints.py', 'for i in range(20000):\n    print(i)\n');
    // A budget of minutes: the program runs to its end (and prints all it prints) however busy the machine is.
    const args = [cliJs, 'run', program, '--json', '--time-budget', '600000'];
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let err = '';
    child.stderr.on('data', (d) => {
      err += d;
    });
    child.stdout.once('data', () => child.stdout.destroy());
    const code = await new Promise<number | null>((resolve) => child.on('close', (c) => resolve(c)));
    expect(err).toBe('');
    expect(code).toBe(0);
  });

  test('a missing file: "no such file", status 2', () => {
    const r = cli('run', join(dir, 'missing.py'));
    expect(r.code).toBe(2);
    expect(r.out).toBe('');
    expect(r.err).toBe(`gradient-lens: no such file: ${join(dir, 'missing.py')}\n`);
  });

  test('a directory: says it is a directory, status 2', () => {
    const sub = join(dir, 'a-folder');
    mkdirSync(sub, { recursive: true });
    const r = cli('run', sub);
    expect(r.code).toBe(2);
    expect(r.out).toBe('');
    expect(r.err).toBe(`gradient-lens: ${sub} is a directory, not a file\n`);
  });

  test('a binary file and a non-UTF-8 file: not a text file, status 2, nothing evaluated', () => {
    const binary = file('binary.py', readFileSync(process.execPath).subarray(0, 4096));
    const latin1 = file('latin1.py', Buffer.from('name = "caf\xe9"\nprint(name)\n', 'latin1'));
    for (const p of [binary, latin1]) {
      const r = cli('run', p);
      expect(r.code).toBe(2);
      expect(r.out).toBe('');
      expect(r.err).toBe(`gradient-lens: ${p} is not a text file (it is binary, or not encoded in UTF-8)\n`);
    }
  });

  test('a UTF-8 file with a byte-order mark is text (as in Python)', () => {
    const p = file('bom.py', '\ufeffprint("ok")\n');
    const r = cli('run', p);
    expect(r.code).toBe(0);
    expect(r.out).toContain('── output ──\nok\n');
  });

  test('--version prints the version of package.json', () => {
    const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
    const r = cli('--version');
    expect(r.code).toBe(0);
    expect(r.out).toBe(`gradient-lens ${version}\n`);
  });

  test('the time budget message names --time-budget, not the editor setting', () => {
    const p = file('loop.py', 'while True:\n    pass\n');
    const r = cli('run', p, '--time-budget', '200');
    expect(r.code).toBe(1);
    expect(r.out).toContain(
      `${p}:1:1  warning: Evaluation stopped: the run exceeded its time budget of 200 ms (option --time-budget). The loop at line 1 was still running.`,
    );
    expect(r.out).not.toContain('gradientLens.timeBudgetMs');
  });

  test("an unclosed bracket is one error with CPython's text, at the bracket", () => {
    // CPython 3.11 and 3.12: `  File "unclosed.py", line 2` / `SyntaxError: '(' was never closed` at column 16.
    const p = file('unclosed.py', 'import tensorflow as tf\nx = tf.constant(1.0\ny = x * 2\nprint(y)\n');
    const r = cli('run', p);
    expect(r.code).toBe(1);
    const problems = r.out.split('\n').filter((l) => l.startsWith(p));
    expect(problems).toEqual([`${p}:2:16  error: SyntaxError: '(' was never closed`]);
  });

  test('an unclosed bracket inside a function body is one error too', () => {
    // CPython: `SyntaxError: '(' was never closed` at line 2, column 10.
    const p = file('unclosed_def.py', 'def f(a):\n    b = g(a, 1\n    return b\n\nprint(f(1))\n');
    const r = cli('run', p);
    const problems = r.out.split('\n').filter((l) => l.startsWith(p));
    expect(problems).toEqual([`${p}:2:10  error: SyntaxError: '(' was never closed`]);
  });
});
