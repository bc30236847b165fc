/**
 * V8's code cache for the engine bundle, kept by the host in the extension's global storage: a fresh worker that
 * compiles `worker.js` with it skips parsing and most lazy compilation (measured in bench/RESULTS.md). One file per
 * bundle text and Node build (V8 refuses a cache made by another build; the key also keeps a rebuilt bundle of the
 * same length from loading a stale cache). The worker makes the cache; only the host touches the file system.
 *
 * V8 does not verify a cache's contents in release builds: damaged bytes abort the whole process (the extension
 * host). So each file carries a SHA-256 of its contents, checked before use, and a host that starts a worker with a
 * cache leaves a `.loading-<pid>` mark until the worker is ready: a mark whose process is gone means a start with
 * this cache never finished, and the cache is dropped instead of taking the next host down too.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import type { CodeCacheMessage } from '../protocol/messages';

/** What `boot.node.ts` receives in `workerData.boot`. */
export interface BootData {
  /** The engine bundle's text and path (for stack traces and source maps). */
  source: string;
  filename: string;
  key: string;
  cache?: Uint8Array;
}

const PREFIX = 'worker-';
const SUFFIX = '.v8cache';
const HASH_BYTES = 32;
const sha256 = (data: Uint8Array) => createHash('sha256').update(data).digest();

/** Whether process `pid` is alive (signal 0 checks without sending anything). */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export class CodeCache {
  private source: string | undefined;
  private key = '';
  /** The cache as last read or written (a restarted worker does not read the file again). */
  private data: Uint8Array | undefined;
  private loaded = false;
  /** This host's mark while a worker starts with the cache. */
  private loading: string | undefined;

  /** `dir` undefined: no cache (every worker compiles from scratch). */
  constructor(
    readonly workerPath: string,
    readonly dir: string | undefined,
  ) {}

  get file(): string | undefined {
    return this.dir === undefined ? undefined : path.join(this.dir, `${PREFIX}${this.key}${SUFFIX}`);
  }

  bootData(): BootData {
    if (this.source === undefined) {
      this.source = readFileSync(this.workerPath, 'utf8');
      this.key = createHash('sha256')
        .update(`${process.version} ${process.arch} ${process.execArgv.join(' ')}\n`)
        .update(this.source)
        .digest('hex')
        .slice(0, 24);
    }
    if (!this.loaded) {
      this.loaded = true;
      this.data = this.read();
    }
    if (this.data !== undefined) this.markLoading();
    return {
      source: this.source,
      filename: this.workerPath,
      key: this.key,
      ...(this.data ? { cache: this.data } : {}),
    };
  }

  /** The worker is ready (its bundle compiled and ran), or went away without taking the process down. */
  settled(): void {
    if (this.loading === undefined) return;
    rmSync(this.loading, { force: true });
    this.loading = undefined;
  }

  /** Keeps a cache the worker made: written atomically with its checksum, older bundles' caches removed. */
  store(msg: CodeCacheMessage): boolean {
    const file = this.file;
    if (file === undefined || this.dir === undefined || msg.key !== this.key || msg.data.byteLength === 0) return false;
    this.data = msg.data;
    try {
      mkdirSync(this.dir, { recursive: true });
      const tmp = `${file}.${process.pid}.tmp`;
      writeFileSync(tmp, Buffer.concat([sha256(msg.data), msg.data]));
      renameSync(tmp, file);
      for (const f of readdirSync(this.dir)) {
        if (f.startsWith(PREFIX) && f.endsWith(SUFFIX) && path.join(this.dir, f) !== file) {
          rmSync(path.join(this.dir, f), { force: true });
        }
      }
      return true;
    } catch {
      return false; // a read-only or full disk only costs the next start its cache
    }
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
    const crashed = readdirSync(this.dir).some((f) => {
      const m = f.startsWith(path.basename(file)) ? /\.loading-(\d+)$/.exec(f) : null;
      return m !== null && Number(m[1]) !== process.pid && !alive(Number(m[1]));
    });
    if (crashed || bytes.length <= HASH_BYTES || !sha256(data).equals(bytes.subarray(0, HASH_BYTES))) {
      this.drop(file);
      return undefined;
    }
    return data;
  }

  private markLoading(): void {
    const file = this.file;
    if (file === undefined || this.loading !== undefined) return;
    try {
      this.loading = `${file}.loading-${process.pid}`;
      writeFileSync(this.loading, '');
    } catch {
      this.loading = undefined;
    }
  }

  /** Removes a cache and every mark of it. */
  private drop(file: string): void {
    if (this.dir === undefined) return;
    for (const f of readdirSync(this.dir)) {
      if (f.startsWith(path.basename(file))) rmSync(path.join(this.dir, f), { force: true });
    }
  }
}
