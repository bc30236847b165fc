// `node bench/elementwise-bits.mjs [python]`: per float32 op, the share of our results bit-identical to real TF on
// 1,000,000 inputs. TF's outputs come from bench/tf_unary.py run with the given Python (default: the one the
// benchmark's TF peer uses: GRADIENT_LENS_TF_PYTHON, else .venv-tf/bin/python); ours from the engine's ops bundled
// with the WebAssembly kernels, as the build does.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundleWithKernels } from './bundle.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '..');
const python = process.argv[2] ?? process.env.GRADIENT_LENS_TF_PYTHON ?? path.join(root, '.venv-tf', 'bin', 'python');
if (!existsSync(python)) throw new Error(`no Python with tensorflow at ${python}`);
const dir = mkdtempSync(path.join(os.tmpdir(), 'gl-bits-'));
execFileSync(python, [path.join(here, 'tf_unary.py'), dir], {
  stdio: ['ignore', 'inherit', 'ignore'],
  env: { ...process.env, TF_CPP_MIN_LOG_LEVEL: '3' },
});
const outfile = path.join(dir, 'unaryBitsRun.js');
await bundleWithKernels(path.join(here, 'unaryBitsRun.ts'), outfile);
execFileSync(process.execPath, [outfile, dir], { stdio: 'inherit' });
