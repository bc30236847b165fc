/**
 * Every crash the fuzzer found, as a program in `regressions/`: it must pass the fuzz oracle (a report, no internal
 * error, ended within its budget plus the hang guard, bounded) and show what its header promises.
 *
 * Header lines:
 *   `# options: {"timeBudgetMs": 300}`   RunOptions (default: the fuzz options, 300 ms)
 *   `# expect: <text>`                   a diagnostic message or a printed line contains <text>
 *   `# expect-any: <a> | <b>`            one of the alternatives appears
 *   `# poll-clock-ms: <N>`               run on a fake clock that advances N ms at each budget check inside ops
 *                                        (test/limits/clock.ts): the deadline is reached after a known number of
 *                                        checks, however busy the machine is
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import type { RunOptions } from '../../src/protocol/report';
import { withPollClock } from '../limits/clock';
import { checkCase, FUZZ_OPTIONS } from './oracle';

const DIR = join(__dirname, 'regressions');
const files = readdirSync(DIR)
  .filter((f) => f.endsWith('.py'))
  .sort();

describe('fuzz regressions', () => {
  test('there are regression programs', () => {
    expect(files.length).toBeGreaterThanOrEqual(10);
  });

  for (const file of files) {
    test(file, () => {
      const source = readFileSync(join(DIR, file), 'utf8');
      const options = /^# options: (.*)$/m.exec(source);
      const opts: RunOptions = { ...FUZZ_OPTIONS, ...(options ? JSON.parse(options[1]) : {}) };
      const pollClock = /^# poll-clock-ms: (\d+)$/m.exec(source);
      const input = { kind: 'python' as const, cells: [{ source }] };
      const o = pollClock
        ? withPollClock(Number(pollClock[1]), () => checkCase(input, opts)).result
        : checkCase(input, opts);
      expect(o.problems, o.problems.join('\n')).toEqual([]);
      const report = o.report;
      if (!report) throw new Error('no report');
      const texts = [...report.diagnostics.map((d) => d.message), ...report.prints.map((p) => p.text)];
      const shown = texts.join('\n');
      for (const m of source.matchAll(/^# expect: (.*)$/gm)) {
        expect(
          texts.some((t) => t.includes(m[1])),
          `"${m[1]}" in:\n${shown}`,
        ).toBe(true);
      }
      for (const m of source.matchAll(/^# expect-any: (.*)$/gm)) {
        const alternatives = m[1].split(' | ');
        expect(
          texts.some((t) => alternatives.some((a) => t.includes(a))),
          `one of ${JSON.stringify(alternatives)} in:\n${shown}`,
        ).toBe(true);
      }
    });
  }
});
