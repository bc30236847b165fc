/**
 * `dist/cli.js`, the `gradient-lens` command: compiles the CLI bundle next to it (`cliMain.js`) with V8's code
 * cache, kept in `${XDG_CACHE_HOME:-~/.cache}/gradient-lens/` by the engine worker's `CodeCache` (one file per
 * bundle text, Node build and flags; checksummed; a start that never finished drops it). A cold run then skips
 * parsing the bundle and compiling the functions the run calls. Without a usable cache the bundle compiles from
 * source and, after the run, the cache is written (made then, so it covers the functions that run used). Cache
 * trouble of any kind only means compiling from source.
 */
import { homedir } from 'node:os';
import * as path from 'node:path';
import { Script } from 'node:vm';
import { CodeCache } from '../worker/codeCache.node';

/** `$XDG_CACHE_HOME/gradient-lens`, else `~/.cache/gradient-lens`. */
function cacheDir(): string {
  const xdg = process.env.XDG_CACHE_HOME;
  return path.join(xdg && path.isAbsolute(xdg) ? xdg : path.join(homedir(), '.cache'), 'gradient-lens');
}

const bundle = path.join(__dirname, 'cliMain.js');
const cache = new CodeCache(bundle, cacheDir(), 'cli-');
const { boot, mark } = cache.start();
const script = new Script(`(function (exports, require, module, __filename, __dirname) {${boot.source}\n})`, {
  filename: bundle,
  ...(boot.cache ? { cachedData: boot.cache } : {}),
});
const rejected = boot.cache !== undefined && script.cachedDataRejected === true;
process.on('exit', () => {
  mark.settle();
  if (boot.cache === undefined || rejected)
    cache.store({ type: 'codeCache', key: boot.key, data: script.createCachedData(), rejected });
});
const cli = { exports: {} as { cli(): void } };
script.runInThisContext()(cli.exports, require, cli, bundle, __dirname);
cli.exports.cli();
