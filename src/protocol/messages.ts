/**
 * Messages between the extension host and the engine worker, and between the extension host and the tape inspector
 * webview: one union per direction, declared once here and imported on both sides, with the validators for what
 * crosses into the host from the webview (untrusted) and into the webview from the host (checked so a malformed
 * message cannot break the app).
 */
import { isSpan, type Span } from '../engine/span';
import type { KernelOptions, KernelOutput } from './kernel';
import type { LoopHeader } from './loopHeaders';
import type { DetailAnswer, DetailQuery, GradientRecord, RunInput, RunOptions, RunReport, TapeRecord } from './report';

// ---------------------------------------------------------------- host ↔ worker

/** Host → worker: evaluate one document. `id` pairs the answer with the request. */
export interface RunRequest {
  type: 'run';
  id: number;
  input: RunInput;
  options: RunOptions;
  /**
   * Keep this evaluation to answer `DetailRequest`s: the evaluated document (a file's or a notebook's URI) and the
   * evaluation's key (`uri@version`). The worker keeps the latest and the latest good evaluation of a few documents.
   */
  keep?: { document: string; key: string };
}

/**
 * Host → worker: a question about a kept evaluation (see `DetailQuery`). The worker answers from that evaluation
 * only; when it no longer keeps evaluation `key` of `document` it answers `stale`, never from another one.
 */
export interface DetailRequest {
  type: 'detail';
  id: number;
  document: string;
  key: string;
  query: DetailQuery;
}

/** Host → worker: report the worker's memory (answered with `WorkerStats`). */
export interface StatsRequest {
  type: 'stats';
  id: number;
}

/**
 * Host → worker, for the extension's tests only: make the worker hang (spin forever) or exit, to test recovery.
 * A worker started without test hooks (every worker outside the extension's test mode) ignores it.
 */
export interface TestHook {
  type: 'test';
  action: 'hang' | 'exit';
}

export type HostToWorker = RunRequest | DetailRequest | StatsRequest | TestHook | KernelStart | KernelExecute;

/**
 * The worker's memory: its JS heap, memory outside it (tensor data), and the tensor data the run allocated. The heap
 * and outside memory are undefined where the platform gives no reading (a browser's Web Worker).
 */
export interface WorkerMemory {
  heapUsedMb?: number;
  externalMb?: number;
  /** Tensor data allocated by the last run (garbage included). */
  allocatedMb?: number;
}

/** Worker → host: the worker loaded the engine and waits for requests. */
export interface WorkerReady {
  type: 'ready';
}
/** Worker → host: the report of request `id`, and how long the worker spent on it. */
export interface RunResult {
  type: 'result';
  id: number;
  report: RunReport;
  workerMs: number;
  /** Measured right after the run: the host replaces a worker that a large run left big. */
  memory?: WorkerMemory;
}
/** Worker → host: the answer to a `StatsRequest`. */
export interface WorkerStats {
  type: 'stats';
  id: number;
  memory: WorkerMemory;
}
/**
 * Worker → host: the answer to a `DetailRequest`: `ok` with the answer; `stale` when the worker does not keep that
 * evaluation (a newer one replaced it, or the worker was restarted); `error` when the request was malformed or
 * building the answer threw.
 */
export type DetailResult =
  | { type: 'detail'; id: number; status: 'ok'; answer: DetailAnswer; workerMs: number }
  | { type: 'detail'; id: number; status: 'stale' }
  | { type: 'detail'; id: number; status: 'error'; message: string };

/** Worker → host: the engine threw instead of returning a report (an engine bug; the host logs it). */
export interface RunFailure {
  type: 'failure';
  id: number;
  message: string;
  stack?: string;
}

/**
 * Worker → transport (never passed on to the scheduler): V8's code cache for the engine bundle, made after the first
 * run when the worker started without a usable one. `key` names the bundle text and Node build it belongs to.
 */
export interface CodeCacheMessage {
  type: 'codeCache';
  key: string;
  data: Uint8Array;
  /** The worker was given a cache and V8 refused it (another Node build or flags). */
  rejected: boolean;
}

export type WorkerToHost =
  | WorkerReady
  | RunResult
  | RunFailure
  | WorkerStats
  | DetailResult
  | CodeCacheMessage
  | KernelOutputs
  | KernelDone;
/** What the transport passes on to the scheduler: everything the worker sends but its code cache. */
export type WorkerAnswer = Exclude<WorkerToHost, CodeCacheMessage>;

// ---------------------------------------------------------------- host ↔ worker: the notebook kernel
// A kernel has a worker of its own (the lens's never receives these): `kernelStart` once, then one `kernelExecute`
// at a time; the worker streams the cell's outputs and ends each execution with `kernelDone` (or `failure`).

/** Host → worker: start a kernel session. `interrupt` (an Int32Array's buffer): the host stores 1 to interrupt. */
export interface KernelStart {
  type: 'kernelStart';
  options: KernelOptions;
  interrupt?: SharedArrayBuffer;
}
/** Host → worker: run one cell's source in the session. */
export interface KernelExecute {
  type: 'kernelExecute';
  id: number;
  code: string;
}
/** Worker → host: outputs of execution `id`, in order, as they happen (stream text batched). */
export interface KernelOutputs {
  type: 'kernelOutput';
  id: number;
  outputs: KernelOutput[];
}
/** Worker → host: execution `id` ended (after its last `kernelOutput`). */
export interface KernelDone {
  type: 'kernelDone';
  id: number;
  executionCount: number;
  status: 'ok' | 'error';
}

// ---------------------------------------------------------------- host ↔ tape inspector webview

/** The webview panel's view type (the serializer and the `onWebviewPanel:` activation event use it). */
export const INSPECTOR_VIEW_TYPE = 'gradientLens.inspector';

/** What the inspector should show: a document's tapes, optionally focused on one tape or node. */
export interface InspectorTarget {
  /** The document the tape belongs to (file URI, or the notebook cell document's URI). */
  uri: string;
  tape?: number;
  node?: number;
}

/** Host → webview: the tapes of the document (sent on every new report) and what to focus. */
export interface InspectorShowReport {
  type: 'report';
  uri: string;
  /** `uri@version` of the evaluated document: the webview keeps zoom and selection while only this changes. */
  key: string;
  tapes: TapeRecord[];
  gradients: GradientRecord[];
  /** The document's `for`/`while` statements, in its current text (loop groups are named after them). */
  loops?: LoopHeader[];
  focus?: { tape?: number; node?: number };
}
/** Host → webview: the editor's cursor moved to this line (0-based) of the shown document. */
export interface InspectorCursor {
  type: 'cursor';
  line: number;
  cell?: number;
}
/** Host → webview: show this tape (the tape under the editor's cursor, or a hover link's node) without a new report. */
export interface InspectorFocus {
  type: 'focus';
  tape?: number;
  node?: number;
}
/** Host → webview: there is nothing to show for the document (not evaluated yet, closed, or not Python). */
export interface InspectorEmpty {
  type: 'empty';
  uri: string;
  reason: 'waiting' | 'closed' | 'none';
}

export type HostToInspector = InspectorShowReport | InspectorCursor | InspectorFocus | InspectorEmpty;

/** Webview → host: the webview script started and wants the current report. */
export interface InspectorReady {
  type: 'ready';
}
/** Webview → host: reveal and select this span in the editor (a node was clicked). */
export interface InspectorReveal {
  type: 'reveal';
  span: Span;
}
/** Webview → host: copy this text (a full value) to the clipboard. */
export interface InspectorCopy {
  type: 'copy';
  text: string;
}
/** Webview → host: save the graph as an SVG file (the host asks where). */
export interface InspectorExportSvg {
  type: 'exportSvg';
  svg: string;
  fileName: string;
}
/** Webview → host: save the graph as a PNG image (base64 of the PNG file; the host asks where). */
export interface InspectorExportPng {
  type: 'exportPng';
  png: string;
  fileName: string;
}
/** Webview → host: what the webview drew (after each change); the host keeps it for tests and the log. */
export interface InspectorRendered {
  type: 'rendered';
  /** `tapeKey` of the tape shown, and the engine id of that tape. */
  tape?: string;
  tapeId?: number;
  /** Value and op nodes of the tape; visible items (units and collapsed groups); milliseconds to lay out and draw. */
  nodes: number;
  items: number;
  ms: number;
}

export type InspectorToHost =
  | InspectorReady
  | InspectorReveal
  | InspectorCopy
  | InspectorExportSvg
  | InspectorExportPng
  | InspectorRendered;

/** Largest SVG or base64 PNG the host accepts from the webview (characters). */
export const MAX_EXPORT_CHARS = 64 * 1024 * 1024;

const isObj = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null;
const optInt = (x: unknown): boolean => x === undefined || Number.isInteger(x);

/** Largest request id, span line or character, and result index a `DetailRequest` may carry. */
const MAX_INDEX = 2 ** 31;
const index = (x: unknown): boolean => Number.isInteger(x) && (x as number) >= 0 && (x as number) < MAX_INDEX;

/** Validates a `DetailQuery` (the worker checks every request before it reads a kept evaluation). */
export function isDetailQuery(q: unknown): q is DetailQuery {
  if (!isObj(q)) return false;
  switch (q.kind) {
    case 'explanation':
      return isSpan(q.span);
    case 'value':
      return (
        isSpan(q.span) && (q.result === undefined || index(q.result)) && (q.format === 'numpy' || q.format === 'json')
      );
    case 'tapes':
      return true;
    default:
      return false;
  }
}

/** Validates a `DetailRequest`. */
export function isDetailRequest(m: unknown): m is DetailRequest {
  return (
    isObj(m) &&
    m.type === 'detail' &&
    index(m.id) &&
    typeof m.document === 'string' &&
    typeof m.key === 'string' &&
    isDetailQuery(m.query)
  );
}

/** Validates a message from the inspector webview (it is untrusted input) against `InspectorToHost`. */
export function isInspectorToHost(m: unknown): m is InspectorToHost {
  if (!isObj(m)) return false;
  switch (m.type) {
    case 'ready':
      return true;
    case 'copy':
      return typeof m.text === 'string';
    case 'reveal':
      return isSpan(m.span);
    case 'exportSvg':
      return (
        typeof m.svg === 'string' &&
        m.svg.length <= MAX_EXPORT_CHARS &&
        /^\s*(<\?xml[^>]*\?>\s*)?<svg[\s>]/.test(m.svg) &&
        typeof m.fileName === 'string' &&
        m.fileName.length <= 200
      );
    case 'exportPng':
      // Base64 of a file that starts with the PNG signature (89 50 4E 47 0D 0A 1A 0A → `iVBORw0KGgo`).
      return (
        typeof m.png === 'string' &&
        m.png.length <= MAX_EXPORT_CHARS &&
        /^iVBORw0KGgo[A-Za-z0-9+/]*={0,2}$/.test(m.png) &&
        typeof m.fileName === 'string' &&
        m.fileName.length <= 200
      );
    case 'rendered':
      return (
        (m.tape === undefined || (typeof m.tape === 'string' && m.tape.length <= 4096)) &&
        optInt(m.tapeId) &&
        Number.isInteger(m.nodes) &&
        Number.isInteger(m.items) &&
        typeof m.ms === 'number' &&
        Number.isFinite(m.ms)
      );
    default:
      return false;
  }
}

/**
 * Validates a message from the host in the webview: the host is trusted, but a malformed message must not break the
 * app, so the message type and the shapes the app relies on are checked.
 */
export function isHostToInspector(m: unknown): m is HostToInspector {
  if (!isObj(m)) return false;
  switch (m.type) {
    case 'report':
      return (
        typeof m.uri === 'string' &&
        typeof m.key === 'string' &&
        Array.isArray(m.tapes) &&
        m.tapes.every((t) => isObj(t) && Number.isInteger(t.id) && Array.isArray(t.values) && Array.isArray(t.ops)) &&
        Array.isArray(m.gradients) &&
        (m.loops === undefined ||
          (Array.isArray(m.loops) &&
            m.loops.every(
              (l) => isObj(l) && Number.isInteger(l.line) && Number.isInteger(l.end) && typeof l.text === 'string',
            ))) &&
        (m.focus === undefined || (isObj(m.focus) && optInt(m.focus.tape) && optInt(m.focus.node)))
      );
    case 'cursor':
      return Number.isInteger(m.line) && optInt(m.cell);
    case 'focus':
      return optInt(m.tape) && optInt(m.node);
    case 'empty':
      return typeof m.uri === 'string' && (m.reason === 'waiting' || m.reason === 'closed' || m.reason === 'none');
    default:
      return false;
  }
}
