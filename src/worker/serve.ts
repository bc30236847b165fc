/**
 * The worker's side of the protocol, shared by the Node (`worker.node.ts`) and web (`worker.web.ts`) entry points: answer each run
 * request with the engine's report (or a failure message when the engine itself throws), keep the evaluations the
 * host asks to keep, and answer detail requests from them.
 */
import type { Evaluation } from '../engine/evaluation';
import {
  type DetailRequest,
  type DetailResult,
  isDetailRequest,
  type RunRequest,
  type WorkerToHost,
} from '../protocol/messages';
import { isGoodReport, type RunInput, type RunOptions, type RunReport } from '../protocol/report';

export type EvaluateFn = (input: RunInput, options?: RunOptions) => Evaluation;
export type RunFn = (input: RunInput, options?: RunOptions) => RunReport;

/** Documents whose evaluations a worker keeps (least recently run or asked about goes first). */
export const KEPT_DOCUMENTS = 4;

interface Kept {
  key: string;
  evaluation: Evaluation;
}

/**
 * The evaluations a worker keeps: per document its latest one and its latest good one (the editor shows the last
 * good report while the text does not parse), for at most `capacity` documents.
 */
export class KeptEvaluations {
  private readonly docs = new Map<string, { latest: Kept; good?: Kept }>();

  constructor(readonly capacity = KEPT_DOCUMENTS) {}

  keep(document: string, key: string, evaluation: Evaluation): void {
    const kept: Kept = { key, evaluation };
    const prev = this.docs.get(document);
    this.docs.delete(document);
    const good = isGoodReport(evaluation.report) ? kept : prev?.good;
    this.docs.set(document, good ? { latest: kept, good } : { latest: kept });
    for (const doc of this.docs.keys()) {
      if (this.docs.size <= this.capacity) break;
      this.docs.delete(doc);
    }
  }

  /** The document's run failed: nothing of its latest evaluation is kept (its last good one stays). */
  failed(document: string): void {
    const prev = this.docs.get(document);
    if (prev?.good) this.docs.set(document, { latest: prev.good, good: prev.good });
    else this.docs.delete(document);
  }

  /** Evaluation `key` of `document`, if it is kept (the document becomes the most recently used). */
  get(document: string, key: string): Evaluation | undefined {
    const d = this.docs.get(document);
    const found = d?.latest.key === key ? d.latest : d?.good?.key === key ? d.good : undefined;
    if (d && found) {
      this.docs.delete(document);
      this.docs.set(document, d);
    }
    return found?.evaluation;
  }

  /** Kept evaluation keys by document (tests and logs). */
  keys(): Record<string, string[]> {
    const out: Record<string, string[]> = {};
    for (const [doc, d] of this.docs)
      out[doc] = d.good && d.good !== d.latest ? [d.latest.key, d.good.key] : [d.latest.key];
    return out;
  }
}

export function serve(
  msg: RunRequest,
  evaluate: EvaluateFn,
  kept?: KeptEvaluations,
  now: () => number = () => performance.now(),
): WorkerToHost {
  const t0 = now();
  try {
    const evaluation = evaluate(msg.input, msg.options);
    if (kept && msg.keep) kept.keep(msg.keep.document, msg.keep.key, evaluation);
    return { type: 'result', id: msg.id, report: evaluation.report, workerMs: now() - t0 };
  } catch (e) {
    if (kept && msg.keep) kept.failed(msg.keep.document);
    const err = e instanceof Error ? e : new Error(String(e));
    return { type: 'failure', id: msg.id, message: err.message, stack: err.stack };
  }
}

/** Answers a detail request from the evaluation it names, or `stale` when that evaluation is not kept. */
export function serveDetail(
  msg: unknown,
  kept: KeptEvaluations,
  now: () => number = () => performance.now(),
): DetailResult {
  const id = typeof msg === 'object' && msg !== null ? (msg as { id?: unknown }).id : undefined;
  if (!isDetailRequest(msg)) {
    return {
      type: 'detail',
      id: Number.isInteger(id) ? (id as number) : -1,
      status: 'error',
      message: 'malformed detail request',
    };
  }
  const request: DetailRequest = msg;
  const evaluation = kept.get(request.document, request.key);
  if (!evaluation) return { type: 'detail', id: request.id, status: 'stale' };
  const t0 = now();
  try {
    return {
      type: 'detail',
      id: request.id,
      status: 'ok',
      answer: evaluation.answer(request.query),
      workerMs: now() - t0,
    };
  } catch (e) {
    return { type: 'detail', id: request.id, status: 'error', message: e instanceof Error ? e.message : String(e) };
  }
}
