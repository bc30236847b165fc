/** Generic walks over the typed AST (for the Unknown policy: what a call reads, what a skipped block changes). */
import type { Expr, NameExpr, Stmt } from './ast';

type Node = { kind: string; [k: string]: unknown };

function isNode(x: unknown): x is Node {
  return typeof x === 'object' && x !== null && typeof (x as { kind?: unknown }).kind === 'string';
}

/**
 * Calls `visit` on `root` and every node below it, depth first. `visit` returning false skips a node's children.
 * Constants' values are not walked (they are Python values, not nodes).
 */
export function walk(root: Expr | Stmt, visit: (n: Node) => boolean | undefined): void {
  const stack: Node[] = [root as unknown as Node];
  while (stack.length) {
    const n = stack.pop() as Node;
    if (visit(n) === false || n.kind === 'Const') continue;
    for (const key in n) {
      if (key === 'span' || key === 'header') continue;
      const c = n[key];
      if (Array.isArray(c)) {
        for (let i = c.length - 1; i >= 0; i--) {
          const x = c[i];
          if (isNode(x)) stack.push(x);
          else if (typeof x === 'object' && x !== null) pushChildren(x as Record<string, unknown>, stack);
        }
      } else if (isNode(c)) stack.push(c);
      else if (typeof c === 'object' && c !== null && key !== 'value')
        pushChildren(c as Record<string, unknown>, stack);
    }
  }
}

/** Plain records that hold nodes (keywords, handlers, with items, comprehension clauses). */
function pushChildren(o: Record<string, unknown>, stack: Node[]): void {
  for (const key in o) {
    if (key === 'span') continue;
    const c = o[key];
    if (isNode(c)) stack.push(c);
    else if (Array.isArray(c)) for (const x of c) if (isNode(x)) stack.push(x);
  }
}

/** Every name an expression reads (lambdas included). */
export function forEachName(e: Expr, f: (n: NameExpr) => void): void {
  walk(e, (n) => {
    if (n.kind === 'Name') f(n as unknown as NameExpr);
    return true;
  });
}
