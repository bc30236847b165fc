/**
 * Errors raised by the engine. `pyType` is the Python exception class a user of TensorFlow would see
 * (`InvalidArgumentError`, `ValueError`, ...); the interpreter re-raises them at the current call's span.
 */
export type PyErrorType =
  | 'InvalidArgumentError'
  | 'ValueError'
  | 'TypeError'
  | 'RuntimeError'
  | 'LookupError'
  | 'IndexError'
  | 'NotImplementedError'
  | 'NotFoundError'
  | 'OutOfRangeError'
  | 'ResourceExhaustedError';

export class EngineError extends Error {
  constructor(
    readonly pyType: PyErrorType,
    message: string,
    readonly op?: string,
  ) {
    super(message);
    this.name = pyType;
  }
}

/**
 * A result the engine cannot give as TensorFlow would (it depends on a choice TF's solver makes that the engine does
 * not reproduce): the interpreter turns it into an unknown value with this origin, at the current call.
 */
export class UnknownResult extends Error {
  constructor(readonly origin: string) {
    super(origin);
    this.name = 'UnknownResult';
  }
}

/**
 * Something TF computes that the engine does not (an op on a dtype it does not reproduce): the interpreter turns it
 * into an unknown value with `what` as its reason, never a number TF would not give.
 */
export class NotSupported extends Error {
  constructor(readonly what: string) {
    super(`${what} is not supported`);
  }
}

/** TF's eager op error text: `<message> [Op:<OpName>]`, and ` name: <name>` where TF's executor adds it. */
export function opError(
  op: string,
  message: string,
  pyType: PyErrorType = 'InvalidArgumentError',
  name?: string,
): EngineError {
  return new EngineError(pyType, `${message} [Op:${op}]${name === undefined ? '' : ` name: ${name}`}`, op);
}

/** An engine invariant that user input cannot break; surfaces as an internal error, never as a bare TypeError. */
export function invariant(cond: unknown, message: string): asserts cond {
  if (!cond) throw new EngineError('RuntimeError', `internal: ${message}`);
}
