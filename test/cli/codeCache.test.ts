/**
 * The CLI's loader (`dist/cli.js`) and its V8 code cache: whatever state the cache directory is in (none yet, a
 * cache from this bundle, damaged or truncated bytes, another bundle's cache under this bundle's name, a start
 * that never finished, a directory that cannot be written), the output is the program's and the cache ends up
 * intact or absent. Both bundles are built here with esbuild, as scripts/build.mjs builds them.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { crc32 } from 'node:zlib';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';

const root = join(__dirname, '../..');
let dir = '';
let program = '';

/** d(x²)/dx at x = 3 is 6; d(sin x)/dx at 0 is 1 (hand-computed). */
const SOURCE = `import tensorflow as tf
x = tf.Variable(3.0)
with tf.GradientTape() as tape:
    y = x * x
g = tape.gradient(y, x)
print(g)
assert float(g) == 6.0
z = tf.constant(0.0)
with tf.GradientTape() as t2:
    t2.watch(z)
    s = tf.sin(z)
print(t2.gradient(s, z))
`;

async function bundles(out: string, extra = ''): Promise<void> {
  const common = { bundle: true, platform: 'node', format: 'cjs', target: 'node20', logLevel: 'error' } as const;
  await build({ ...common, entryPoints: [join(root, 'src/cli/loader.node.ts')], outfile: join(out, 'cli.js') });
  await build({
    ...common,
    entryPoints: [join(root, 'src/cli/main.ts')],
    outfile: join(out, 'cliMain.js'),
    ...(extra ? { banner: { js: extra } } : {}),
  });
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'gl-cli-cache-'));
  await bundles(join(dir, 'dist'));
  program = join(dir, 'grad.py');
  writeFileSync(program, SOURCE);
}, 60_000);

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

function run(
  cacheHome: string,
  dist = join(dir, 'dist'),
  flags: string[] = [],
): { code: number | null; out: string; err: string } {
  const r = spawnSync(process.execPath, [...flags, join(dist, 'cli.js'), 'run', program], {
    encoding: 'utf8',
    env: { ...process.env, XDG_CACHE_HOME: cacheHome },
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

function expectCorrect(r: { code: number | null; out: string; err: string }): void {
  expect(r.err).toBe('');
  expect(r.code).toBe(0);
  expect(r.out).toContain(
    '── output ──\ntf.Tensor(6.0, shape=(), dtype=float32)\ntf.Tensor(1.0, shape=(), dtype=float32)\n',
  );
  expect(r.out).toContain('1/1 asserts passed');
}

const cacheFiles = (home: string) => readdirSync(join(home, 'gradient-lens')).sort();

/** The one cache file, checked to be intact: its CRC-32 header (4 bytes, big-endian) matches its contents. */
function intactCache(home: string): string {
  const files = cacheFiles(home);
  expect(files).toHaveLength(1);
  expect(files[0]).toMatch(/^cli-[0-9a-f]{16}-[0-9a-f]{8}\.v8cache$/);
  const file = join(home, 'gradient-lens', files[0]);
  const bytes = readFileSync(file);
  expect(bytes.length).toBeGreaterThan(100_000);
  expect(bytes.readUInt32BE(0)).toBe(crc32(bytes.subarray(4)));
  return file;
}

describe('the CLI with its code cache', () => {
  test('no cache yet: correct output, and a cache is written; the next run uses it and leaves it as it is', () => {
    const home = join(dir, 'home-1');
    expectCorrect(run(home));
    const file = intactCache(home);
    const before = readFileSync(file);
    const mtime = statSync(file).mtimeMs;
    expectCorrect(run(home));
    expectCorrect(run(home));
    expect(cacheFiles(home)).toHaveLength(1);
    expect(readFileSync(file).equals(before)).toBe(true);
    expect(statSync(file).mtimeMs).toBe(mtime);
  }, 60_000);

  test('started with and without --stack-size (the shebang passes it): one cache each, both used, neither rewritten', () => {
    const home = join(dir, 'home-8');
    const shebang = ['--stack-size=3800'];
    expectCorrect(run(home, undefined, shebang));
    expectCorrect(run(home));
    const files = cacheFiles(home);
    expect(files).toHaveLength(2);
    const [a, b] = files.map((f) => /^cli-([0-9a-f]{16})-([0-9a-f]{8})\.v8cache$/.exec(f));
    // Same bundle and Node build, other flags.
    expect(a?.[1]).toBe(b?.[1]);
    expect(a?.[2]).not.toBe(b?.[2]);
    const stamps = files.map((f) => statSync(join(home, 'gradient-lens', f)).mtimeMs);
    expectCorrect(run(home, undefined, shebang));
    expectCorrect(run(home));
    expect(cacheFiles(home)).toEqual(files);
    expect(files.map((f) => statSync(join(home, 'gradient-lens', f)).mtimeMs)).toEqual(stamps);
  }, 60_000);

  test('damaged bytes (checksum mismatch): correct output, the cache replaced by an intact one', () => {
    const home = join(dir, 'home-2');
    expectCorrect(run(home));
    const file = intactCache(home);
    const bytes = readFileSync(file);
    for (let i = 1000; i < bytes.length; i += 997) bytes[i] ^= 0x5a;
    writeFileSync(file, bytes);
    expectCorrect(run(home));
    expect(readFileSync(intactCache(home)).equals(bytes)).toBe(false);
  }, 60_000);

  test('a truncated or empty cache file: correct output, an intact cache afterwards', () => {
    const home = join(dir, 'home-3');
    expectCorrect(run(home));
    const file = intactCache(home);
    writeFileSync(file, readFileSync(file).subarray(0, 5000));
    expectCorrect(run(home));
    intactCache(home);
    writeFileSync(file, '');
    expectCorrect(run(home));
    intactCache(home);
  }, 60_000);

  test("another bundle's cache under this bundle's name (intact checksum; V8 refuses it): correct output", async () => {
    const home = join(dir, 'home-4');
    const other = join(dir, 'other-dist');
    // A different bundle text (and length): its cache is valid for it, not for ours.
    await bundles(other, '// another build of the CLI bundle');
    const otherHome = join(dir, 'home-4-other');
    expectCorrect(run(otherHome, other));
    const otherCache = readFileSync(intactCache(otherHome));
    expectCorrect(run(home));
    const file = intactCache(home);
    expect(file.endsWith(cacheFiles(otherHome)[0])).toBe(false);
    writeFileSync(file, otherCache);
    expectCorrect(run(home));
    // Rewritten from this bundle's own compile.
    expect(readFileSync(intactCache(home)).equals(otherCache)).toBe(false);
    expectCorrect(run(home));
  }, 60_000);

  test("a rebuilt bundle: the old bundle's cache is replaced by the new one's", async () => {
    const home = join(dir, 'home-5');
    const other = join(dir, 'rebuilt-dist');
    await bundles(other, '// a rebuilt CLI bundle');
    expectCorrect(run(home));
    const old = cacheFiles(home);
    expectCorrect(run(home, other));
    const now = cacheFiles(home);
    expect(now).toHaveLength(1);
    expect(now).not.toEqual(old);
    intactCache(home);
  }, 60_000);

  test('a start with the cache that never finished (a mark of a process that is gone): the cache is dropped', () => {
    const home = join(dir, 'home-6');
    expectCorrect(run(home));
    const file = intactCache(home);
    // A pid that no process has: above the kernel's maximum.
    writeFileSync(`${file}.loading-4194305-1`, '');
    const past = new Date(Date.now() - 3_600_000);
    utimesSync(file, past, past);
    expectCorrect(run(home));
    // Dropped with its mark, then written again from a compile without it.
    expect(cacheFiles(home)).toEqual([basename(file)]);
    expect(statSync(intactCache(home)).mtimeMs).toBeGreaterThan(past.getTime() + 1000);
  }, 60_000);

  test('a cache directory that cannot be made (a file in its place): correct output, no cache, no message', () => {
    const home = join(dir, 'home-7');
    writeFileSync(home, 'not a directory');
    expectCorrect(run(home));
    expectCorrect(run(home));
    expect(statSync(home).isFile()).toBe(true);
  }, 60_000);
});
