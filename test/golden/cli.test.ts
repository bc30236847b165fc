/** The `gradient-lens run` text output, read as a new user would read it: on golden programs and the seed. */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main';
import { readOracle, terminalText } from '../conformance/harness';
import { withPollClock } from '../limits/clock';

/**
 * Runs the CLI in-process. Without `--time-budget`, on a clock that stands still (test/limits/clock.ts): the
 * output never depends on how fast the machine is.
 */
function cli(...args: string[]): { code: number; out: string; err: string } {
  let out = '';
  let err = '';
  const go = () =>
    main(
      args,
      (s) => {
        out += `${s}\n`;
      },
      (s) => {
        err += `${s}\n`;
      },
    );
  const code = args.includes('--time-budget') ? go() : withPollClock(0, go).result;
  return { code, out, err };
}

const P = (f: string) => join(__dirname, 'programs', f);
const E = (f: string) => join(__dirname, 'errors', f);

describe('gradient-lens run', () => {
  it('prints the program output, then each gradient with its line, value and explanation', () => {
    const { code, out } = cli('run', P('16_reset.py'));
    expect(code).toBe(0);
    const lines = out.trimEnd().split('\n');
    expect(lines.slice(0, 4)).toEqual([
      '── output ──',
      'dz/dx: tf.Tensor(4.0, shape=(), dtype=float32)',
      'dz/dy: None',
      '── gradients and problems ──',
    ]);
    expect(out).toContain(`${P('16_reset.py')}:15:8  dz/dx = 4  () float32`);
    expect(out).toContain('    why: dz/dx = dz/d(x·x) · d(x·x)/dx = 1 · (2·x = 4) = 4');
    // A None gradient is listed once, with its reason as a warning (not repeated as a separate diagnostic).
    expect(out).toContain(`${P('16_reset.py')}:15:8  dz/dy = None\n    warning: `);
    expect(out.match(/dz\/dy is None/g)).toBeNull();
    expect(lines.at(-1)).toMatch(/^3 tapes, 3 gradient calls, 4\/4 asserts passed, 0 errors, 2 warnings · [\d.]+ ms$/);
  });

  it('says how often a gradient in a loop ran', () => {
    const { out } = cli('run', P('34_linear_regression_training.py'));
    expect(out).toMatch(/d\(current_loss\)\/d\(model\.w\) = \S+ {2}\(\) float32 {2}\(last of 201 runs\)/);
    expect(out).toContain('── output ──\nVariables: (<tf.Variable');
  });

  it('shows a failed assert with the compared values, once, and exits 1', () => {
    const { code, out } = cli('run', E('failing_assert.py'));
    expect(code).toBe(1);
    expect(out).toContain(`${E('failing_assert.py')}:11:1  assert failed: np.float32(6.0) == 9.0\n`);
    expect(out).not.toContain('error: AssertionError');
    expect(out).toMatch(/1\/2 asserts passed, 1 error, 0 warnings/);
  });

  it('lists unsupported APIs as notes', () => {
    const { code, out } = cli('run', E('unsupported_apis.py'));
    expect(code).toBe(0);
    expect(out).toContain(`${E('unsupported_apis.py')}:14:10  note: \`tf.io\` is not supported by Gradient Lens`);
  });

  it('locates notebook results by cell (counted from 1) and line', () => {
    const nb = join(__dirname, '..', 'fixtures', 'seed', 'autodiff_tutorial.ipynb');
    const { code, out } = cli('run', nb);
    expect(code).toBe(0);
    expect(out).toContain(`${nb} [cell 4] 9:9  dz/dx = [[8, 8], [8, 8]]  (2, 2) float32`);
    expect(out).toContain(`${nb} [cell 12] 13:10  dout/dx = 4  () float32  (last of 3 runs)`);
    expect(out).toContain('note: IPython magic `%tensorflow_version 2.x` is skipped');
    expect(out).toMatch(/6 tapes, 9 gradient calls, 7\/7 asserts passed, 0 errors, 0 warnings/);
  });

  it('stops a runaway loop at --time-budget and exits 1', () => {
    const { code, out } = cli('run', E('runaway_loop.py'), '--time-budget', '300');
    expect(code).toBe(1);
    expect(out).toContain('warning: Evaluation stopped: the run exceeded its time budget of 300 ms');
    expect(out).toMatch(/stopped early/);
  });

  it('rejects bad arguments and unreadable files with status 2', () => {
    expect(cli().code).toBe(2);
    expect(cli('run').code).toBe(2);
    expect(cli('run', P('01_scalar_square.py'), '--nope').code).toBe(2);
    const missing = cli('run', '/nonexistent/file.py');
    expect(missing.code).toBe(2);
    expect(missing.err).toBe('gradient-lens: no such file: /nonexistent/file.py\n');
    expect(cli('--help').out).toContain('usage: gradient-lens run FILE');
  });

  it("prints Keras's progress as the terminal leaves it: TensorFlow's final lines, in plain text", () => {
    const program = join(__dirname, '..', 'conformance', 'programs', 'tf_data_combine.py');
    const { code, out } = cli('run', program);
    expect(code).toBe(0);
    const printed = out.slice(out.indexOf('── output ──\n') + 13, out.indexOf('\n── gradients and problems ──'));
    // What real TensorFlow printed, as a terminal shows it, without its timings and style codes.
    // biome-ignore lint/suspicious/noControlCharactersInRegex: style codes start with ESC
    const style = /\x1b\[[0-9;]*m/g;
    const expected = terminalText(
      readOracle(program)
        .cells.map((c) => c.stdout)
        .join(''),
    )
      .replace(style, '')
      .replace(/\n$/, '');
    expect(expected).toContain('5/5 ━━━━━━━━━━━━━━━━━━━━ - loss:');
    expect(printed).toBe(expected);
  });

  it('explains a Keras training step by its tensors and layers', () => {
    const { out } = cli('run', P('59_keras_training.py'));
    const lines = out.split('\n');
    const at = lines.findIndex((l) => l.includes('dloss/d(sequential/dense_1/kernel) = '));
    expect(at).toBeGreaterThan(-1);
    const why = lines[at + 1];
    expect(why).toMatch(/^ {4}why: dloss\/d\(sequential\/dense_1\/kernel\) = /);
    // The batch's targets and the model's output are named as Keras's train_step names them; no `1/1 = 1` factor.
    expect(why).toContain('(2·(y − y_pred) = ');
    expect(why).toContain('(dense(…)ᵀ @ 1 = ');
    expect(why).not.toContain('1/1');
    expect(lines[at + 2]).toBe('    steps:');
    expect(lines.slice(at + 3, at + 10).join('\n')).toContain(
      '      - matmul in dense_1 (Dense) dense(…)@sequential/dense_1/kernel ← sequential/dense_1/kernel (line 20): ',
    );
  });

  it('prints the RunReport with --json', () => {
    const { code, out } = cli('run', P('01_scalar_square.py'), '--json');
    expect(code).toBe(0);
    const report = JSON.parse(out);
    expect(report.version).toBe(1);
    expect(report.gradients[0].results[0].result.value).toBe(6);
  });
});
