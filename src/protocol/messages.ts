/**
 * Messages between the extension host and the engine worker, and between the extension host and the tape inspector
 * webview. Declared once here and imported on both sides (STYLE: "typed host↔webview messages declared once").
 */
import type { GradientRecord, RunInput, RunOptions, RunReport, Span, TapeRecord } from './report';

// ---------------------------------------------------------------- host ↔ worker

/** Host → worker: evaluate one document. `id` pairs the answer with the request. */
export interface RunRequest {
  type: 'run';
  id: number;
  input: RunInput;
  options: RunOptions;
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

export type HostToWorker = RunRequest | StatsRequest | TestHook;

/** The worker's memory: its JS heap, memory outside it (tensor data), and the tensor data the run allocated. */
export interface WorkerMemory {
  heapUsedMb: number;
  externalMb: number;
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
/** Worker → host: the engine threw instead of returning a report (an engine bug; the host logs it). */
export interface RunFailure {
  type: 'failure';
  id: number;
  message: string;
  stack?: string;
}

export type WorkerToHost = WorkerReady | RunResult | RunFailure | WorkerStats;

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

// ---------------------------------------------------------------- host ↔ tape inspector webview

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
  focus?: { tape?: number; node?: number };
}
/** Host → webview: the editor's cursor moved to this line (0-based) of the shown document. */
export interface InspectorCursor {
  type: 'cursor';
  line: number;
  cell?: number;
}

export type HostToInspector = InspectorShowReport | InspectorCursor;

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

export type InspectorToHost = InspectorReady | InspectorReveal | InspectorCopy;

const isPos = (p: unknown): boolean =>
  typeof p === 'object' &&
  p !== null &&
  Number.isInteger((p as { line?: unknown }).line) &&
  Number.isInteger((p as { character?: unknown }).character);

/** Validates a message from the webview (it is untrusted input) against the protocol above. */
export function isInspectorToHost(m: unknown): m is InspectorToHost {
  if (typeof m !== 'object' || m === null) return false;
  const msg = m as Record<string, unknown>;
  switch (msg.type) {
    case 'ready':
      return true;
    case 'copy':
      return typeof msg.text === 'string';
    case 'reveal': {
      const span = msg.span as Record<string, unknown> | undefined;
      return (
        typeof span === 'object' &&
        span !== null &&
        isPos(span.start) &&
        isPos(span.end) &&
        (span.cell === undefined || Number.isInteger(span.cell))
      );
    }
    default:
      return false;
  }
}

// ---------------------------------------------------------------- tape inspector panel: additions (issue 5)
// Owned by the inspector (src/extension/inspector/, src/inspector/). The types above stay as they are; these extend
// them for the panel host and the webview app.

/** The webview panel's view type (the serializer and the `onWebviewPanel:` activation event use it). */
export const INSPECTOR_VIEW_TYPE = 'gradientLens.inspector';

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

export type HostToInspectorPanel = HostToInspector | InspectorFocus | InspectorEmpty;

/** Webview → host: save the graph as an SVG file (the host asks where). */
export interface InspectorExportSvg {
  type: 'exportSvg';
  svg: string;
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

export type InspectorPanelToHost = InspectorToHost | InspectorExportSvg | InspectorRendered;

/** Largest SVG the host accepts from the webview (characters). */
export const MAX_EXPORT_CHARS = 64 * 1024 * 1024;

/** Validates a message from the inspector webview (untrusted input): the base protocol plus the panel additions. */
export function isInspectorPanelToHost(m: unknown): m is InspectorPanelToHost {
  if (isInspectorToHost(m)) return true;
  if (typeof m !== 'object' || m === null) return false;
  const msg = m as Record<string, unknown>;
  if (msg.type === 'rendered')
    return (
      (msg.tape === undefined || (typeof msg.tape === 'string' && msg.tape.length <= 4096)) &&
      (msg.tapeId === undefined || Number.isInteger(msg.tapeId)) &&
      Number.isInteger(msg.nodes) &&
      Number.isInteger(msg.items) &&
      typeof msg.ms === 'number' &&
      Number.isFinite(msg.ms)
    );
  return (
    msg.type === 'exportSvg' &&
    typeof msg.svg === 'string' &&
    msg.svg.length <= MAX_EXPORT_CHARS &&
    /^\s*(<\?xml[^>]*\?>\s*)?<svg[\s>]/.test(msg.svg) &&
    typeof msg.fileName === 'string' &&
    msg.fileName.length <= 200
  );
}
