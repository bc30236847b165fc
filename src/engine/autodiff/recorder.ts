import { session } from '../session';

/** Run `f` with recording off: what it computes is invisible to every tape and accumulator (NumPy, `assign*`). */
export function withoutRecording<T>(f: () => T): T {
  const was = session.recording;
  session.recording = false;
  try {
    return f();
  } finally {
    session.recording = was;
  }
}
