/**
 * The typed AST the Lezer tree is lowered to, once. Every node carries a `Span` (0-based line, UTF-16
 * character, plus the notebook cell). Names carry their resolved scope (filled in by resolve.ts).
 */
import type { Span } from '../span';
import type { PyValue } from './values';

export type { Span };

export type BinOp = '+' | '-' | '*' | '/' | '//' | '%' | '**' | '@' | '<<' | '>>' | '&' | '|' | '^';
export type CmpOp = '<' | '>' | '==' | '!=' | '<=' | '>=' | 'in' | 'not in' | 'is' | 'is not';
export type UnaryOp = '-' | '+' | '~' | 'not';

/**
 * Where a name lives, decided statically like CPython's symtable:
 * - `local`: the current function/comprehension environment;
 * - `global`: module globals, then builtins;
 * - `free`: an enclosing function's environment, `depth` hops up the closure chain;
 * - `class`: a class body: the class namespace first, then `free` (depth > 0) or `global` (depth 0).
 */
export type NameScope = 'local' | 'global' | 'free' | 'class';

export interface NameExpr {
  kind: 'Name';
  id: string;
  scope: NameScope;
  depth: number;
  span: Span;
}

export interface ConstExpr {
  kind: 'Const';
  value: PyValue;
  span: Span;
}

export interface AttributeExpr {
  kind: 'Attribute';
  value: Expr;
  attr: string;
  span: Span;
}

export interface SubscriptExpr {
  kind: 'Subscript';
  value: Expr;
  index: Expr;
  span: Span;
}

export interface SliceExpr {
  kind: 'Slice';
  lower: Expr | null;
  upper: Expr | null;
  step: Expr | null;
  span: Span;
}

export interface Keyword {
  /** null for `**mapping`. */
  name: string | null;
  value: Expr;
  span: Span;
}

export interface CallExpr {
  kind: 'Call';
  func: Expr;
  /** Positional arguments; `Starred` for `*iterable`. */
  args: Expr[];
  keywords: Keyword[];
  /** No starred arguments and no keywords: the fast path. */
  simple: boolean;
  span: Span;
}

export interface BinOpExpr {
  kind: 'BinOp';
  op: BinOp;
  left: Expr;
  right: Expr;
  span: Span;
}

export interface UnaryExpr {
  kind: 'Unary';
  op: UnaryOp;
  operand: Expr;
  span: Span;
}

export interface BoolOpExpr {
  kind: 'BoolOp';
  op: 'and' | 'or';
  values: Expr[];
  span: Span;
}

export interface CompareExpr {
  kind: 'Compare';
  left: Expr;
  ops: CmpOp[];
  comparators: Expr[];
  span: Span;
}

export interface IfExpExpr {
  kind: 'IfExp';
  test: Expr;
  body: Expr;
  orelse: Expr;
  span: Span;
}

export interface LambdaExpr {
  kind: 'Lambda';
  fn: FunctionInfo;
  span: Span;
}

export interface SequenceExpr {
  kind: 'Tuple' | 'List' | 'Set';
  elts: Expr[];
  hasStar: boolean;
  span: Span;
}

export interface DictExpr {
  kind: 'Dict';
  /** null for `**mapping`. */
  keys: (Expr | null)[];
  values: Expr[];
  span: Span;
}

export interface Comprehension {
  target: Target;
  iter: Expr;
  ifs: Expr[];
  /** From `for` to the end of its last `if`. */
  span: Span;
}

export interface CompExpr {
  kind: 'ListComp' | 'SetComp' | 'GeneratorExp';
  elt: Expr;
  generators: Comprehension[];
  span: Span;
}

export interface DictCompExpr {
  kind: 'DictComp';
  key: Expr;
  value: Expr;
  generators: Comprehension[];
  span: Span;
}

export interface StarredExpr {
  kind: 'Starred';
  value: Expr;
  span: Span;
}

export interface FormattedValue {
  kind: 'FormattedValue';
  value: Expr;
  conversion: 's' | 'r' | 'a' | null;
  spec: FStringExpr | null;
  span: Span;
}

export interface FStringExpr {
  kind: 'FString';
  parts: (string | FormattedValue)[];
  span: Span;
}

export interface NamedExpr {
  kind: 'NamedExpr';
  target: NameExpr;
  value: Expr;
  span: Span;
}

export interface YieldExpr {
  kind: 'Yield' | 'YieldFrom';
  value: Expr | null;
  span: Span;
}

export type Expr =
  | NameExpr
  | ConstExpr
  | AttributeExpr
  | SubscriptExpr
  | SliceExpr
  | CallExpr
  | BinOpExpr
  | UnaryExpr
  | BoolOpExpr
  | CompareExpr
  | IfExpExpr
  | LambdaExpr
  | SequenceExpr
  | DictExpr
  | CompExpr
  | DictCompExpr
  | StarredExpr
  | FStringExpr
  | NamedExpr
  | YieldExpr;

/** An assignment target: a name, attribute, subscript, or a tuple/list of targets (with at most one Starred). */
export type Target = NameExpr | AttributeExpr | SubscriptExpr | SequenceExpr | StarredExpr;

export interface Param {
  name: string;
  default: Expr | null;
  span: Span;
}

export interface Params {
  /** Positional parameters (positional-only first). */
  args: Param[];
  posOnly: number;
  vararg: string | null;
  kwOnly: Param[];
  kwarg: string | null;
  /** Number of trailing `args` with defaults. */
  numDefaults: number;
}

export interface FunctionInfo {
  name: string;
  qualname: string;
  params: Params;
  body: Stmt[];
  isLambda: boolean;
  /** Contains `yield` (a generator function). */
  isGenerator: boolean;
  /** Span of the `def ...:` header (or the lambda). */
  span: Span;
}

interface StmtBase {
  span: Span;
  /** The statement contains a `yield` at this function level (executed by the generator runner). */
  hasYield?: boolean;
}

export interface ExprStmt extends StmtBase {
  kind: 'Expr';
  value: Expr;
}
export interface AssignStmt extends StmtBase {
  kind: 'Assign';
  targets: Target[];
  value: Expr;
}
export interface AugAssignStmt extends StmtBase {
  kind: 'AugAssign';
  target: Target;
  op: BinOp;
  value: Expr;
}
export interface AnnAssignStmt extends StmtBase {
  kind: 'AnnAssign';
  target: Target;
  value: Expr | null;
}
export interface SimpleStmt extends StmtBase {
  kind: 'Pass' | 'Break' | 'Continue';
}
export interface ReturnStmt extends StmtBase {
  kind: 'Return';
  value: Expr | null;
}
export interface DeleteStmt extends StmtBase {
  kind: 'Delete';
  targets: Target[];
}
export interface ScopeStmt extends StmtBase {
  kind: 'Global' | 'Nonlocal';
  names: string[];
}
export interface IfStmt extends StmtBase {
  kind: 'If';
  test: Expr;
  body: Stmt[];
  orelse: Stmt[];
  header: Span;
}
export interface WhileStmt extends StmtBase {
  kind: 'While';
  test: Expr;
  body: Stmt[];
  orelse: Stmt[];
  header: Span;
}
export interface ForStmt extends StmtBase {
  kind: 'For';
  target: Target;
  iter: Expr;
  body: Stmt[];
  orelse: Stmt[];
  header: Span;
}
export interface ExceptHandler {
  type: Expr | null;
  name: NameExpr | null;
  body: Stmt[];
  span: Span;
}
export interface TryStmt extends StmtBase {
  kind: 'Try';
  body: Stmt[];
  handlers: ExceptHandler[];
  orelse: Stmt[];
  finalbody: Stmt[];
  header: Span;
}
export interface WithItem {
  context: Expr;
  target: Target | null;
  span: Span;
}
export interface WithStmt extends StmtBase {
  kind: 'With';
  items: WithItem[];
  body: Stmt[];
  header: Span;
}
export interface FunctionDefStmt extends StmtBase {
  kind: 'FunctionDef';
  target: NameExpr;
  fn: FunctionInfo;
  decorators: Expr[];
  header: Span;
}
export interface ClassDefStmt extends StmtBase {
  kind: 'ClassDef';
  name: string;
  qualname: string;
  target: NameExpr;
  bases: Expr[];
  keywords: Keyword[];
  body: Stmt[];
  decorators: Expr[];
  header: Span;
}
export interface RaiseStmt extends StmtBase {
  kind: 'Raise';
  exc: Expr | null;
  cause: Expr | null;
}
export interface AssertStmt extends StmtBase {
  kind: 'Assert';
  test: Expr;
  msg: Expr | null;
}
export interface ImportAlias {
  /** Dotted module path, e.g. ['tensorflow', 'keras', 'layers']. */
  path: string[];
  /** The name bound: the alias, or the first path component for `import a.b`. */
  target: NameExpr;
  hasAlias: boolean;
  span: Span;
}
export interface ImportStmt extends StmtBase {
  kind: 'Import';
  names: ImportAlias[];
}
export interface ImportFromName {
  name: string;
  target: NameExpr;
  span: Span;
}
export interface ImportFromStmt extends StmtBase {
  kind: 'ImportFrom';
  module: string[];
  level: number;
  /** null for `from m import *`. */
  names: ImportFromName[] | null;
}

export type Stmt =
  | ExprStmt
  | AssignStmt
  | AugAssignStmt
  | AnnAssignStmt
  | SimpleStmt
  | ReturnStmt
  | DeleteStmt
  | ScopeStmt
  | IfStmt
  | WhileStmt
  | ForStmt
  | TryStmt
  | WithStmt
  | FunctionDefStmt
  | ClassDefStmt
  | RaiseStmt
  | AssertStmt
  | ImportStmt
  | ImportFromStmt;

/** A cell (or a whole file) after lowering. */
export interface Module {
  body: Stmt[];
  cell?: number;
  source: string;
}
