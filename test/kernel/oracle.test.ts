/**
 * The kernel session against IPython: each session of `fixtures/sessions.json` runs cell by cell in one
 * `KernelSession`, and every execution's count, stdout, displayed result and error must be what IPython (running
 * real TensorFlow) showed for it, as `scripts/oracle/kernel.py` recorded in `fixtures/sessions.oracle.json`.
 *
 * Two known differences are normalised, each documented in README.md: Jupyter's tracebacks also list TensorFlow's
 * library frames (`File .../tensorflow/...`), which the engine does not have, so the comparison keeps the
 * notebook's own frames; and TF prefixes the message of a kernel error with its device function
 * (`{{function_node __wrapped__MatMul_device_/job:localhost/...}} `), which the engine leaves out. A syntax error is
 * compared by its name and location (the engine's parser words messages its own way).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { KernelSession } from '../../src/engine/kernel/kernelSession';
import type { KernelExecution } from '../../src/protocol/kernel';

interface Recorded {
  source: string;
  executionCount: number;
  stdout: string;
  result: string | null;
  error: { ename: string; evalue: string; traceback: string[] } | null;
}

const fixtures = join(__dirname, 'fixtures');
const sessions: { name: string; executions: Recorded[] }[] = JSON.parse(
  readFileSync(join(fixtures, 'sessions.oracle.json'), 'utf8'),
);

const withoutDevice = (s: string) => s.replace(/^((?:\w+: )?)\{\{function_node [^}]*\}\} /, '$1');

function shown(x: KernelExecution) {
  const stdout = x.outputs.map((o) => (o.type === 'stream' && o.name === 'stdout' ? o.text : '')).join('');
  const result = x.outputs.find((o) => o.type === 'execute_result');
  const error = x.outputs.find((o) => o.type === 'error');
  return { stdout, result: result?.type === 'execute_result' ? result.text : null, error };
}

describe('kernel session against IPython', () => {
  for (const s of sessions) {
    it(s.name, () => {
      const kernel = new KernelSession({ document: 'sessions.ipynb' });
      for (const rec of s.executions) {
        const x = kernel.execute(rec.source);
        const got = shown(x);
        const where = `In[${rec.executionCount}]: ${rec.source}`;
        expect(x.executionCount, where).toBe(rec.executionCount);
        expect(got.stdout, where).toBe(rec.stdout);
        expect(got.result, where).toBe(rec.result);
        expect(x.status, where).toBe(rec.error ? 'error' : 'ok');
        if (!rec.error) continue;
        expect(got.error?.type === 'error' && got.error.ename, where).toBe(rec.error.ename);
        if (got.error?.type !== 'error') continue;
        if (rec.error.ename === 'SyntaxError') {
          const at = /Cell In\[\d+\], line \d+/.exec(rec.error.traceback[0])?.[0];
          expect(got.error.traceback[0], where).toContain(at);
          continue;
        }
        expect(got.error.evalue, where).toBe(withoutDevice(rec.error.evalue));
        const expected = rec.error.traceback
          .filter((line) => !line.startsWith('File '))
          .map((line, i, all) => (i === all.length - 1 ? withoutDevice(line) : line));
        expect(got.error.traceback, where).toEqual(expected);
      }
    });
  }
});
