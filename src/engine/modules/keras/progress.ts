/**
 * What Keras 3's progress bar (`keras.utils.Progbar` through `ProgbarLogger`) writes at the end of an epoch, an
 * `evaluate` or a `predict`: with `verbose=1` the finished bar as its dynamic display draws it (Keras draws dynamically
 * whenever `"posix" in sys.modules`, so on Linux and macOS also into a file or pipe): a carriage return, the bold step
 * count, the green bar, the metrics, a newline; with `verbose=2` one plain line. Keras also prints the elapsed time
 * and the time per step; those measure TensorFlow on its machine, which the engine cannot know, so they are left out
 * (the conformance harness removes them from TensorFlow's output before comparing). The intermediate frames Keras
 * draws while an epoch runs (after the first step, then at most every 50 ms) depend on timing too and are not drawn.
 */

const BOLD = '\x1b[1m';
const GREEN = '\x1b[32m';
const WHITE = '\x1b[37m';
const RESET = '\x1b[0m';
const WIDTH = 20;

/** Python's `f"{v:.4e}"`. */
function exp4(v: number): string {
  const [m, e] = v.toExponential(4).split('e');
  const n = Number(e);
  return `${m}e${n < 0 ? '-' : '+'}${String(Math.abs(n)).padStart(2, '0')}`;
}

/** A metric as the bar prints it: `.4f` above 1e-3 (in absolute value with `verbose=1`), else `.4e`. */
function metricText(v: number, verbose: number): string {
  const big = verbose === 1 ? Math.abs(v) > 1e-3 : v > 1e-3;
  return big ? v.toFixed(4) : exp4(v);
}

/** The finished bar (`verbose=1`) or line (`verbose=2`) for `steps` steps and the logs in display order. */
export function progressText(verbose: number, steps: number, logs: ReadonlyMap<string, number>): string {
  const count = `${String(steps).padStart(String(steps).length)}/${steps}`;
  const metrics = [...logs].map(([k, v]) => ` - ${k}: ${metricText(v, verbose)}`).join('');
  if (verbose === 2) return `${count}${metrics}\n`;
  const bar = `${BOLD}${count}${RESET} ${GREEN}${'━'.repeat(WIDTH)}${RESET}${WHITE}${RESET}`;
  return `\r${bar}${metrics}\n`;
}
