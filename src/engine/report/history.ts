/**
 * Loop history: what a statement produced in each iteration of the loop it ran in, thinned evenly as it comes in so
 * that a 10,000-iteration loop keeps as few samples as a 64-iteration one.
 */
import type { LoopPosition, LoopRecord } from '../../protocol/report';
import type { LoopState } from '../session';
import { type Span, toSpan } from '../span';

/** Samples a statement keeps at most per loop (values, gradient results). */
export const HISTORY_SAMPLES = 64;
/** Tapes a `with tf.GradientTape()` inside a loop keeps at most (each one is a whole graph in the report). */
export const TAPE_HISTORY = 16;
/** Largest tensor (element count) whose values a history keeps; a bigger one shows only its last value. */
export const HISTORY_ELEMENTS = 16;

export interface Sample<T> {
  /** The loop's 1-based iteration when the sample was recorded. */
  iteration: number;
  value: T;
  /** 0-based position among all samples of this history (before thinning). */
  ordinal: number;
}

/**
 * At most `cap` samples out of a stream, evenly spread: the samples whose ordinal is a multiple of a stride (which
 * doubles whenever they would not fit), plus the latest. The first and the last are always kept, and the kept
 * ordinals depend only on how many samples came in. A second sample in the same iteration replaces the first.
 */
export class Thinned<T> {
  private stride = 1;
  private readonly aligned: Sample<T>[] = [];
  private last: Sample<T> | undefined;
  /** Samples recorded (one per iteration they came in). */
  count = 0;

  constructor(readonly cap = HISTORY_SAMPLES) {
    if (cap < 2) throw new RangeError('a history keeps at least the first and the last sample');
  }

  add(iteration: number, value: T): void {
    const last = this.last;
    if (last !== undefined && last.iteration === iteration) {
      last.value = value;
      return;
    }
    if (last !== undefined && last.ordinal % this.stride === 0) {
      this.aligned.push(last);
      if (this.aligned.length > this.cap - 1) {
        this.stride *= 2;
        const keep = this.aligned.filter((s) => s.ordinal % this.stride === 0);
        this.aligned.length = 0;
        this.aligned.push(...keep);
      }
    }
    this.last = { iteration, value, ordinal: this.count++ };
  }

  /** The kept samples in order (the last one included). */
  samples(): Sample<T>[] {
    return this.last ? [...this.aligned, this.last] : [];
  }

  get latest(): Sample<T> | undefined {
    return this.last;
  }
}

/** The loops a report's records ran in, numbered in the order the report first meets them. */
export class LoopBook {
  private readonly ids = new Map<LoopState, number>();

  /** The position of a record made in iteration `iteration` of `loop`. */
  position(loop: LoopState, iteration: number): LoopPosition {
    let id = this.ids.get(loop);
    if (id === undefined) this.ids.set(loop, (id = this.ids.size + 1));
    return { loop: id, iteration, of: loop.iterations };
  }

  /** Every loop met, with its iteration count at the end of the run. */
  records(): LoopRecord[] {
    return [...this.ids].map(([loop, id]) => ({ id, span: toSpan(loop.span as Span), iterations: loop.iterations }));
  }
}
