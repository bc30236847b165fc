import { GradientTape } from '../../src/engine/autodiff/tape';
import { ReportBuilder } from '../../src/engine/report/builder';
import { session } from '../../src/engine/session';
import type { Span } from '../../src/engine/span';

/** A span on line `line` (0-based), for tests. */
export function at(line: number, start = 0, end = 10): Span {
  return { start: { line, character: start }, end: { line, character: end } };
}

/** A builder listening to gradient events. */
export function listening(): ReportBuilder {
  const b = new ReportBuilder({ source: { kind: 'python', cells: 1 } });
  session.gradientListener = b.listener();
  return b;
}

/** Run `body` inside a fresh tape's context and return the tape. */
export function record(body: (t: GradientTape) => void, persistent = false, watchAccessed = true): GradientTape {
  const t = new GradientTape(persistent, watchAccessed).enter();
  try {
    body(t);
  } finally {
    t.exit();
  }
  return t;
}
