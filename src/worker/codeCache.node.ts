/**
 * V8's code cache for the engine bundle, kept by the host in the extension's global storage: a fresh worker that
 * compiles `worker.js` with it skips parsing and most lazy compilation (measured in bench/RESULTS.md). The CLI's
 * loader (`src/cli/loader.node.ts`) keeps one for the CLI bundle the same way, in the user's cache directory. One file per
 * bundle text, Node build and V8 flags (V8 refuses a cache made by another build or under other flags; the key also
 * keeps a rebuilt bundle of the same length from loading a stale cache). The worker makes the cache; only the host touches the file system.
 *
 * V8 does not verify a cache's contents in release builds: damaged bytes abort the whole process (the extension
 * host). So each file carries a checksum of its contents, checked before use, and each start of a worker with a
 * cache leaves a `.loading-<pid>-<n>` mark until that worker is ready or gone: a mark whose process is gone (or
 * whose pid is this process's but not one of its marks: a crashed host's pid reused) means a start with this cache
 * never finished, and the cache is dropped instead of taking the next host down too. File-system trouble only ever
 * means starting without a cache.
 */
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import type { CodeCacheMessage } from '../protocol/messages';

/** What `boot.node.ts` receives in `workerData.boot`. */
export interface BootData {
  /** The engine bundle's text and path (for stack traces and source maps). */
  source: string;
  filename: string;
  key: string;
  cache?: Uint8Array;
}

const SUFFIX = '.v8cache';
/**
 * CRC-32 for the checksum and the keys: it catches damaged bytes, and a key also holds the bundle's length. zlib's
 * (Node ≥ 20.15, ≈ 4 GB/s) where there is one, else `crc32Table`; a cryptographic hash would cost a cold CLI run
 * ≈ 5 ms, most of it loading `node:crypto`.
 */
const HASH_BYTES = 4;
const crc32: (data: string | Uint8Array, value?: number) => number =
  (zlib as { crc32?: (data: string | Uint8Array, value?: number) => number }).crc32 ?? crc32Table;
const hex8 = (n: number) => (n >>> 0).toString(16).padStart(8, '0');

let table: Int32Array | undefined;
/** CRC-32 (zlib's polynomial; a string as UTF-8), byte by byte through a 256-entry table. */
export function crc32Table(data: string | Uint8Array, value = 0): number {
  if (table === undefined) {
    table = new Int32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      table[n] = c;
    }
  }
  const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
  let c = ~value;
  for (let i = 0; i < bytes.length; i++) c = table[(c ^ bytes[i]) & 0xff] ^ (c >>> 8);
  return ~c >>> 0;
}

function checksum(data: Uint8Array): Buffer {
  const b = Buffer.alloc(HASH_BYTES);
  b.writeUInt32BE(crc32(data) >>> 0);
  return b;
}

/** Whether process `pid` is alive (signal 0 checks without sending anything). */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Marks this process has made and not yet settled, by file name (every CodeCache of the process). */
const ownMarks = new Set<string>();
let nextMark = 1;

/** One worker start's mark: settle it when that worker is ready or gone. */
export interface StartMark {
  settle(): void;
}
const NO_MARK: StartMark = { settle() {} };

export class CodeCache {
  private source: string | undefined;
  /**
   * `<bundle>-<flags>`: V8 refuses a cache made under other V8 flags (`--stack-size`: the shebang passes it, `node
   * cli.js` does not), so each flag set of the same bundle and Node build keeps its own file.
   */
  private key = '';
  private bundleKey = '';
  /** The cache as last read or written (a restarted worker does not read the file again). */
  private data: Uint8Array | undefined;
  private loaded = false;

  /**
   * `dir` undefined: no cache (every worker compiles from scratch). `prefix` names the bundle's files in `dir`;
   * storing a cache removes the other files with that prefix only.
   */
  constructor(
    readonly workerPath: string,
    readonly dir: string | undefined,
    readonly prefix = 'worker-',
  ) {}

  get file(): string | undefined {
    return this.dir === undefined ? undefined : path.join(this.dir, `${this.prefix}${this.key}${SUFFIX}`);
  }

  /**
   * What a new worker's boot script needs, and the mark of this start (left while it starts with a cache). Throws
   * only when the engine bundle cannot be read; every cache problem means starting without one.
   */
  start(): { boot: BootData; mark: StartMark } {
    if (this.source === undefined) {
      this.source = readFileSync(this.workerPath, 'utf8');
      this.bundleKey =
        hex8(crc32(this.source, crc32(`${process.version} ${process.arch}\n`))) + hex8(this.source.length);
      this.key = `${this.bundleKey}-${hex8(crc32(process.execArgv.join(' ')))}`;
    }
    if (!this.loaded) {
      this.loaded = true;
      this.data = quietly(() => this.read());
    }
    const mark = this.data !== undefined ? this.mark() : NO_MARK;
    const boot: BootData = { source: this.source, filename: this.workerPath, key: this.key };
    if (this.data !== undefined) boot.cache = this.data;
    return { boot, mark };
  }

  /** Keeps a cache the worker made: written atomically with its checksum, older bundles' caches removed. */
  store(msg: CodeCacheMessage): boolean {
    const file = this.file;
    if (file === undefined || this.dir === undefined || msg.key !== this.key || msg.data.byteLength === 0) return false;
    this.data = msg.data;
    const dir = this.dir;
    const written = quietly(() => {
      mkdirSync(dir, { recursive: true });
      const tmp = `${file}.${process.pid}.tmp`;
      writeFileSync(tmp, Buffer.concat([checksum(msg.data), msg.data]));
      renameSync(tmp, file);
      return true;
    });
    if (!written) return false; // a read-only or full disk only costs the next start its cache
    // Other bundles' (and Node builds') caches and marks, and temporary files a crash left (another host's write in progress loses
    // its rename, which it survives).
    quietly(() => {
      for (const f of readdirSync(dir)) {
        if (!f.startsWith(this.prefix) || f.startsWith(`${this.prefix}${this.bundleKey}-`)) continue;
        rmSync(path.join(dir, f), { force: true });
      }
      for (const f of readdirSync(dir))
        if (f.endsWith('.tmp') && !f.includes(`.${process.pid}.`)) rmSync(path.join(dir, f), { force: true });
    });
    return true;
  }

  /** The cache file's contents when present, intact, and not left behind by a start that never finished. */
  private read(): Uint8Array | undefined {
    const file = this.file;
    if (file === undefined || this.dir === undefined) return undefined;
    let bytes: Buffer;
    try {
      bytes = readFileSync(file);
    } catch {
      return undefined; // none yet
    }
    const data = bytes.subarray(HASH_BYTES);
    // A mark of a process that is gone, or of this process's pid that this process did not make (a host that
    // crashed and whose pid was reused): a start with this cache never finished.
    const crashed = readdirSync(this.dir).some((f) => {
      const m = f.startsWith(path.basename(file)) ? /\.loading-(\d+)(?:-\d+)?$/.exec(f) : null;
      if (m === null) return false;
      const pid = Number(m[1]);
      return pid === process.pid ? !ownMarks.has(f) : !alive(pid);
    });
    if (crashed || bytes.length <= HASH_BYTES || !checksum(data).equals(bytes.subarray(0, HASH_BYTES))) {
      this.drop(file);
      return undefined;
    }
    return data;
  }

  /** A mark for one start with the cache, removed when that worker settles. */
  private mark(): StartMark {
    const file = this.file;
    if (file === undefined) return NO_MARK;
    const name = `${path.basename(file)}.loading-${process.pid}-${nextMark++}`;
    const full = path.join(path.dirname(file), name);
    const made = quietly(() => {
      writeFileSync(full, '');
      return true;
    });
    if (!made) return NO_MARK;
    ownMarks.add(name);
    let settled = false;
    return {
      settle() {
        if (settled) return;
        settled = true;
        quietly(() => rmSync(full, { force: true }));
        ownMarks.delete(name);
      },
    };
  }

  /** Removes a cache and every mark of it. */
  private drop(file: string): void {
    if (this.dir === undefined) return;
    for (const f of readdirSync(this.dir)) {
      if (f.startsWith(path.basename(file)) && !ownMarks.has(f)) rmSync(path.join(this.dir, f), { force: true });
    }
  }
}

/** `f()`, or undefined when it throws (file-system trouble never stops a worker from starting). */
function quietly<T>(f: () => T): T | undefined {
  try {
    return f();
  } catch {
    return undefined;
  }
}
