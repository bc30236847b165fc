/**
 * The webview checks what the host sends too (the host is trusted, but a malformed message must not break the
 * app): the message type and the shapes the app relies on.
 */
import type { HostToInspectorPanel } from '../protocol/messages';

const isObj = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null;
const optInt = (x: unknown): boolean => x === undefined || Number.isInteger(x);

export function isHostMessage(m: unknown): m is HostToInspectorPanel {
  if (!isObj(m)) return false;
  switch (m.type) {
    case 'report':
      return (
        typeof m.uri === 'string' &&
        typeof m.key === 'string' &&
        Array.isArray(m.tapes) &&
        m.tapes.every((t) => isObj(t) && Number.isInteger(t.id) && Array.isArray(t.values) && Array.isArray(t.ops)) &&
        Array.isArray(m.gradients) &&
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
