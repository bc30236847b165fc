/**
 * Python exceptions: the builtin class hierarchy (CPython's), the state an exception instance carries, and
 * `PyException`, the JS throwable that carries a Python exception through the evaluator and through host code.
 */
import type { Span } from '../span';
import type { FunctionInfo } from './ast';
import { ObjectType, PyClass, PyInstance, type PyValue } from './values';

/** One traceback entry: the function (`<module>` at top level) and where it was when the exception passed. */
export interface Frame {
  name: string;
  span: Span;
  /** The Python function running in this frame (absent at module level and in class bodies). */
  fn?: FunctionInfo;
}

/** What an exception instance carries (in `PyInstance.payload`). */
export class ExceptionState {
  cause: PyValue = null;
  context: PyValue = null;
  suppressContext = false;
  /** Traceback, outermost first; the last frame's span is where it was raised. */
  frames: Frame[] | null = null;
  constructor(public args: PyValue[]) {}
}

/** The JS throwable for a Python exception. Host code may throw it (see `pyError`). */
export class PyException extends Error {
  constructor(
    readonly value: PyInstance,
    message = '',
  ) {
    super(message);
    this.name = value.cls.name;
  }
  get cls(): PyClass {
    return this.value.cls;
  }
  get state(): ExceptionState {
    return exceptionState(this.value);
  }
  /** Traceback, outermost first (`<module>` first); null until the interpreter sees the exception. */
  get frames(): Frame[] | null {
    return this.state.frames;
  }
  /** The span of the innermost frame: where the exception was raised. */
  get span(): Span | undefined {
    const f = this.state.frames;
    return f && f.length > 0 ? f[f.length - 1].span : undefined;
  }
}

export function exceptionState(inst: PyInstance): ExceptionState {
  let st = inst.payload;
  if (!(st instanceof ExceptionState)) {
    st = new ExceptionState([]);
    inst.payload = st;
  }
  return st as ExceptionState;
}

const registry = new Map<string, PyClass>();

function exc(name: string, base: PyClass | null): PyClass {
  const cls = new PyClass(name, [base ?? ObjectType], new Map());
  registry.set(name, cls);
  return cls;
}

export const BaseException = exc('BaseException', null);
export const SystemExit = exc('SystemExit', BaseException);
export const KeyboardInterrupt = exc('KeyboardInterrupt', BaseException);
export const GeneratorExit = exc('GeneratorExit', BaseException);
export const Exception = exc('Exception', BaseException);
export const StopIteration = exc('StopIteration', Exception);
export const ArithmeticError = exc('ArithmeticError', Exception);
export const FloatingPointError = exc('FloatingPointError', ArithmeticError);
export const OverflowError = exc('OverflowError', ArithmeticError);
export const ZeroDivisionError = exc('ZeroDivisionError', ArithmeticError);
export const AssertionError = exc('AssertionError', Exception);
export const AttributeError = exc('AttributeError', Exception);
export const BufferError = exc('BufferError', Exception);
export const EOFError = exc('EOFError', Exception);
export const ImportError = exc('ImportError', Exception);
export const ModuleNotFoundError = exc('ModuleNotFoundError', ImportError);
export const LookupError = exc('LookupError', Exception);
export const IndexError = exc('IndexError', LookupError);
export const KeyError = exc('KeyError', LookupError);
export const MemoryError = exc('MemoryError', Exception);
export const NameError = exc('NameError', Exception);
export const UnboundLocalError = exc('UnboundLocalError', NameError);
export const OSError = exc('OSError', Exception);
export const FileNotFoundError = exc('FileNotFoundError', OSError);
export const PermissionError = exc('PermissionError', OSError);
export const TimeoutError = exc('TimeoutError', OSError);
export const ReferenceError = exc('ReferenceError', Exception);
export const RuntimeError = exc('RuntimeError', Exception);
export const NotImplementedError = exc('NotImplementedError', RuntimeError);
export const RecursionError = exc('RecursionError', RuntimeError);
export const SyntaxError = exc('SyntaxError', Exception);
export const IndentationError = exc('IndentationError', SyntaxError);
export const SystemError = exc('SystemError', Exception);
export const TypeError = exc('TypeError', Exception);
export const ValueError = exc('ValueError', Exception);
export const UnicodeError = exc('UnicodeError', ValueError);
export const UnicodeDecodeError = exc('UnicodeDecodeError', UnicodeError);
export const UnicodeEncodeError = exc('UnicodeEncodeError', UnicodeError);
export const Warning = exc('Warning', Exception);
export const UserWarning = exc('UserWarning', Warning);
export const DeprecationWarning = exc('DeprecationWarning', Warning);
export const RuntimeWarning = exc('RuntimeWarning', Warning);
export const FutureWarning = exc('FutureWarning', Warning);

/** The builtin exception classes by name (what `builtins` exposes). */
export const builtinExceptions: ReadonlyMap<string, PyClass> = registry;

/**
 * Defines a new exception class for host modules, e.g. `defineExceptionClass('InvalidArgumentError', opError,
 * 'tensorflow.python.framework.errors_impl')`. Python code can catch it by it or any base.
 */
export function defineExceptionClass(name: string, base: PyClass = Exception, module = 'builtins'): PyClass {
  if (!base.isException) throw new Error(`defineExceptionClass: base ${base.name} is not an exception class`);
  return new PyClass(name, [base], new Map(), module);
}

/** A fresh exception instance of `cls` with constructor arguments `args` (no `__init__` call). */
export function newException(cls: PyClass, args: PyValue[]): PyInstance {
  return new PyInstance(cls, new ExceptionState(args));
}

/**
 * The throwable for `raise cls(message)`: `throw pyError(ValueError, 'bad shape')`. Host-defined classes come from
 * `defineExceptionClass` (or throw an `EngineError` naming the class). With `message` omitted the exception has no
 * args.
 */
export function pyError(cls: PyClass, message?: string): PyException {
  const args: PyValue[] = message === undefined ? [] : [message];
  return new PyException(newException(cls, args), message ?? '');
}

/** Looks a class up by name: host-provided classes first, then the builtins; unknown names get a generic class. */
export class ExceptionClassResolver {
  private readonly made = new Map<string, PyClass>();
  constructor(private readonly host: Readonly<Record<string, PyClass>> = {}) {}
  resolve(name: string): PyClass {
    const found = this.host[name] ?? registry.get(name) ?? this.made.get(name);
    if (found) return found;
    const cls = defineExceptionClass(name, Exception);
    this.made.set(name, cls);
    return cls;
  }
}
