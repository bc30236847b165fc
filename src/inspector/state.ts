/**
 * What the webview keeps across a tab switch (`getState`/`setState`, no `retainContextWhenHidden`) and a window
 * reload (the panel serializer hands the same state back): the document, the chosen tape, and per tape the zoom,
 * the selection and the groups the user opened or closed. `readState` accepts anything (the state is stored JSON
 * from an earlier version, or garbage) and returns a valid state.
 */
import type { Dir } from './geometry';

export interface Viewport {
  x: number;
  y: number;
  k: number;
}

export interface TapeViewState {
  view?: Viewport;
  selected?: string;
  expanded: string[];
  collapsed: string[];
  /** The gradient call whose gradients are shown (index into `TapeRecord.calls`); undefined: the latest per value. */
  call?: number;
}

export interface InspectorState {
  v: 1;
  uri?: string;
  /** `tapeKey` of the tape shown. */
  tape?: string;
  dir: Dir;
  /** The direction follows the panel's shape at each first view, until the user picks one. */
  dirAuto: boolean;
  query: string;
  /** Per tape key; at most `MAX_TAPES` remembered. */
  tapes: Record<string, TapeViewState>;
}

export const MAX_TAPES = 24;
const MAX_IDS = 2000;

export const emptyState = (): InspectorState => ({ v: 1, dir: 'LR', dirAuto: true, query: '', tapes: {} });

const str = (x: unknown, max = 4096): string | undefined => (typeof x === 'string' && x.length <= max ? x : undefined);
const strs = (x: unknown): string[] =>
  Array.isArray(x) ? x.filter((s): s is string => typeof s === 'string' && s.length <= 4096).slice(0, MAX_IDS) : [];
const num = (x: unknown): number | undefined => (typeof x === 'number' && Number.isFinite(x) ? x : undefined);

export function readState(raw: unknown): InspectorState {
  const s = emptyState();
  if (typeof raw !== 'object' || raw === null) return s;
  const r = raw as Record<string, unknown>;
  s.uri = str(r.uri);
  s.tape = str(r.tape);
  s.dir = r.dir === 'TB' ? 'TB' : 'LR';
  s.dirAuto = r.dirAuto !== false;
  s.query = str(r.query, 200) ?? '';
  if (typeof r.tapes === 'object' && r.tapes !== null) {
    for (const [key, value] of Object.entries(r.tapes as Record<string, unknown>).slice(-MAX_TAPES)) {
      if (typeof value !== 'object' || value === null) continue;
      const t = value as Record<string, unknown>;
      const view = t.view as Record<string, unknown> | undefined;
      const x = num(view?.x);
      const y = num(view?.y);
      const k = num(view?.k);
      s.tapes[key] = {
        view: x !== undefined && y !== undefined && k !== undefined && k > 0 ? { x, y, k } : undefined,
        selected: str(t.selected),
        expanded: strs(t.expanded),
        collapsed: strs(t.collapsed),
        call: Number.isInteger(t.call) && (t.call as number) >= 0 ? (t.call as number) : undefined,
      };
    }
  }
  return s;
}

/** The per-tape state, created on first use; the oldest entries are dropped beyond `MAX_TAPES`. */
export function tapeState(s: InspectorState, key: string): TapeViewState {
  let t = s.tapes[key];
  if (!t) {
    t = { expanded: [], collapsed: [] };
    s.tapes[key] = t;
    const keys = Object.keys(s.tapes);
    for (const old of keys.slice(0, Math.max(0, keys.length - MAX_TAPES))) delete s.tapes[old];
  }
  return t;
}
