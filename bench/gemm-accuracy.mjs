// `node bench/gemm-accuracy.mjs`: the float32-accumulating GEMM against the float64-accumulating one (see
// bench/gemmAccuracy.ts).
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundleWithKernels } from './bundle.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const outfile = path.join(mkdtempSync(path.join(os.tmpdir(), 'gl-gemm-')), 'gemmAccuracy.js');
await bundleWithKernels(path.join(here, 'gemmAccuracy.ts'), outfile);
execFileSync(process.execPath, [outfile], { stdio: 'inherit' });
