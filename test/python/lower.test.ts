/** Lowering: Lezer tree → typed AST with spans, syntax-error recovery, IPython magics, name resolution. */
import { describe, expect, test } from 'vitest';
import type { Expr, Stmt } from '../../src/engine/python/ast';
import { lowerCell } from '../../src/engine/python/lower';
import type { Diagnostic } from '../../src/engine/python/source';
import { blankMagics } from '../../src/engine/python/source';
import { py, run } from './helpers';

function lower(src: string, cell?: number) {
  const diagnostics: Diagnostic[] = [];
  const { module } = lowerCell(src, cell, diagnostics);
  return { body: module.body, diagnostics };
}

/** `[line, character, line, character]` of a span, for compact tables. */
function at(s: { span: { start: { line: number; character: number }; end: { line: number; character: number } } }) {
  return [s.span.start.line, s.span.start.character, s.span.end.line, s.span.end.character];
}

describe('statement kinds and spans', () => {
  const cases: [string, string, number[]][] = [
    ['x = 1', 'Assign', [0, 0, 0, 5]],
    ['x += 1', 'AugAssign', [0, 0, 0, 6]],
    ['x: int = 1', 'AnnAssign', [0, 0, 0, 10]],
    ['f(x)', 'Expr', [0, 0, 0, 4]],
    ['if a:\n    pass\nelse:\n    pass', 'If', [0, 0, 3, 8]],
    ['for i in range(3):\n    pass', 'For', [0, 0, 1, 8]],
    ['while x:\n    break', 'While', [0, 0, 1, 9]],
    ['try:\n    pass\nexcept E as e:\n    pass\nfinally:\n    pass', 'Try', [0, 0, 5, 8]],
    ['with a as b, c:\n    pass', 'With', [0, 0, 1, 8]],
    ['def f(a, b=1, *c, d, **e):\n    return a', 'FunctionDef', [0, 0, 1, 12]],
    ['@dec\ndef f():\n    pass', 'FunctionDef', [0, 0, 2, 8]],
    ['class C(B):\n    x = 1', 'ClassDef', [0, 0, 1, 9]],
    ['import numpy as np', 'Import', [0, 0, 0, 18]],
    ['from tensorflow import keras', 'ImportFrom', [0, 0, 0, 28]],
    ['raise ValueError("x") from e', 'Raise', [0, 0, 0, 28]],
    ["assert x, 'msg'", 'Assert', [0, 0, 0, 15]],
    ['del a[0], b.c', 'Delete', [0, 0, 0, 13]],
    ['global g', 'Global', [0, 0, 0, 8]],
  ];
  test.each(cases)('%s', (src, kind, span) => {
    const { body, diagnostics } = lower(src);
    expect(diagnostics).toEqual([]);
    expect(body).toHaveLength(1);
    expect(body[0].kind).toBe(kind);
    expect(at(body[0])).toEqual(span);
  });

  test('every node of an expression has a span', () => {
    const { body } = lower('y = tf.reduce_sum(x * 2, axis=[0])[1]');
    const s = body[0] as Stmt & { kind: 'Assign' };
    const v = s.value as Expr & { kind: 'Subscript' };
    expect(at(v)).toEqual([0, 4, 0, 37]);
    const call = v.value as Expr & { kind: 'Call' };
    expect(call.kind).toBe('Call');
    expect(at(call)).toEqual([0, 4, 0, 34]);
    expect(at(call.func)).toEqual([0, 4, 0, 17]);
    expect(at(call.args[0])).toEqual([0, 18, 0, 23]);
    expect(call.keywords[0].name).toBe('axis');
    expect(at(call.keywords[0].value)).toEqual([0, 30, 0, 33]);
    expect(at(s.targets[0])).toEqual([0, 0, 0, 1]);
  });

  test('compound statements record a header span', () => {
    const { body } = lower('for i in range(3):\n    pass');
    expect((body[0] as Stmt & { kind: 'For' }).header).toEqual({
      start: { line: 0, character: 0 },
      end: { line: 0, character: 17 },
    });
  });

  test('spans are UTF-16 and carry the cell index', () => {
    const { body } = lower("s = 'é😀'\nt = 1", 4);
    expect(at(body[1])).toEqual([1, 0, 1, 5]);
    expect(body[0].span.end.character).toBe(9);
    expect(body[0].span.cell).toBe(4);
  });

  test('comparison chains, boolean operators and elif chains are flattened', () => {
    const { body } = lower('a < b <= c\nx and y and z\nif a:\n    pass\nelif b:\n    pass\nelse:\n    pass');
    const cmp = (body[0] as Stmt & { kind: 'Expr' }).value as Expr & { kind: 'Compare' };
    expect(cmp.ops).toEqual(['<', '<=']);
    const bo = (body[1] as Stmt & { kind: 'Expr' }).value as Expr & { kind: 'BoolOp' };
    expect(bo.values).toHaveLength(3);
    const iff = body[2] as Stmt & { kind: 'If' };
    expect(iff.orelse[0].kind).toBe('If');
    expect((iff.orelse[0] as Stmt & { kind: 'If' }).orelse[0].kind).toBe('Pass');
  });

  test('`not` binds tighter than `and` and `or` (the parser groups `not a and b` as `not (a and b)`)', () => {
    const { body } = lower('not a and b\nx or not a and b\nnot not a or b\nnot (a and b)');
    const value = (i: number) => (body[i] as Stmt & { kind: 'Expr' }).value;
    const first = value(0) as Expr & { kind: 'BoolOp' };
    expect([first.kind, first.op, first.values.map((v) => v.kind)]).toEqual(['BoolOp', 'and', ['Unary', 'Name']]);
    expect(at(first)).toEqual([0, 0, 0, 11]);
    const second = value(1) as Expr & { kind: 'BoolOp' };
    expect([second.op, second.values.map((v) => v.kind)]).toEqual(['or', ['Name', 'BoolOp']]);
    const third = value(2) as Expr & { kind: 'BoolOp' };
    const notNot = third.values[0] as Expr & { kind: 'Unary' };
    expect([third.op, notNot.op, notNot.operand.kind]).toEqual(['or', 'not', 'Unary']);
    expect(value(3).kind).toBe('Unary');
    // CPython 3.11 prints: False True 3 True False 5 True True [0] 0 True
    const r = run(
      'a = False\nb = True\nc = 0\nprint(not a and not b, not a or b, not 1 == 2 and 3, not a and b or c, ' +
        'not not a and b, 5 or not a and b, not (a and b), not a if c else b, ' +
        '[x for x in [0, 1, 2] if not x and True], not a and b and c, not c or not a or b)\n',
    );
    expect(r.out).toBe('False True 3 True False 5 True True [0] 0 True\n');
  });

  test('names are resolved: local, global, free, class', () => {
    const { body } = lower(py`
      g = 1
      def outer(a):
          b = 2
          def inner():
              return a + b + g
          return inner
      class C:
          k = g
    `);
    const outer = body[1] as Stmt & { kind: 'FunctionDef' };
    const inner = outer.fn.body[1] as Stmt & { kind: 'FunctionDef' };
    const ret = inner.fn.body[0] as Stmt & { kind: 'Return' };
    const sum = ret.value as Expr & { kind: 'BinOp' };
    const ab = sum.left as Expr & { kind: 'BinOp' };
    expect(ab.left).toMatchObject({ id: 'a', scope: 'free', depth: 1 });
    expect(ab.right).toMatchObject({ id: 'b', scope: 'free', depth: 1 });
    expect(sum.right).toMatchObject({ id: 'g', scope: 'global' });
    expect((outer.fn.body[0] as Stmt & { kind: 'Assign' }).targets[0]).toMatchObject({ id: 'b', scope: 'local' });
    const cls = body[2] as Stmt & { kind: 'ClassDef' };
    const k = cls.body[0] as Stmt & { kind: 'Assign' };
    expect(k.targets[0]).toMatchObject({ id: 'k', scope: 'class' });
    expect(k.value).toMatchObject({ id: 'g', scope: 'class', depth: 0 });
  });

  test('generator functions are detected', () => {
    const { body } = lower('def g():\n    yield 1\ndef h():\n    return [x for x in y]');
    expect((body[0] as Stmt & { kind: 'FunctionDef' }).fn.isGenerator).toBe(true);
    expect((body[1] as Stmt & { kind: 'FunctionDef' }).fn.isGenerator).toBe(false);
  });
});

describe('syntax errors', () => {
  test('a broken line is reported and the rest of the file still evaluates', () => {
    const r = run('a = 1\nprint(a)\nb = (2 +\n\nprint("line 5 runs", a)\n');
    expect(r.out).toBe('1\nline 5 runs 1\n');
    const syntax = r.diagnostics.filter((d) => d.code === 'syntax-error');
    expect(syntax).toHaveLength(1);
    expect(syntax[0].severity).toBe('error');
    expect(syntax[0].span.start.line).toBe(2);
  });

  test('a half-typed expression statement is skipped', () => {
    const r = run('x = 2\ny = x +\nprint(x * 3)\n');
    expect(r.out).toBe('6\n');
    expect(r.diagnostics.map((d) => [d.code, d.message, d.span.start.line])).toEqual([
      ['syntax-error', 'SyntaxError: invalid syntax', 1],
    ]);
  });

  test('unclosed brackets say so', () => {
    const { diagnostics } = lower('foo(1, 2\n');
    expect(diagnostics[0].message).toBe("SyntaxError: '(' was never closed");
  });

  test('a syntax error inside a function body drops that statement only', () => {
    const r = run('def f():\n    x = 1\n    y = (\n    return x\nprint(f())\n');
    expect(r.diagnostics.some((d) => d.code === 'syntax-error')).toBe(true);
    expect(r.diagnostics.filter((d) => d.severity === 'error')).toHaveLength(1);
  });

  test('Python 2 print and misplaced return are syntax errors', () => {
    expect(lower('print "hi"').diagnostics[0].message).toBe(
      "SyntaxError: Missing parentheses in call to 'print'. Did you mean print(...)?",
    );
    expect(lower('return 1').diagnostics[0].message).toBe("SyntaxError: 'return' outside function");
    expect(lower('f() = 1').diagnostics[0].message).toBe('SyntaxError: cannot assign to function call');
  });

  test('unsupported syntax is a warning and the statement is skipped', () => {
    const r = run('async def f():\n    pass\nmatch x:\n    case 1:\n        pass\nprint("ok")');
    expect(r.out).toBe('ok\n');
    expect(r.diagnostics.map((d) => [d.severity, d.code])).toEqual([
      ['warning', 'unsupported-syntax'],
      ['warning', 'unsupported-syntax'],
    ]);
  });

  test('syntax errors of all cells are reported before anything runs', () => {
    const order: string[] = [];
    run(['print("cell 0")', 'x = (', 'print("cell 2")'], {
      observer: {
        onPrint: (t) => order.push(`print ${t.trim()}`),
        onDiagnostic: (d) => order.push(d.code),
      },
    });
    expect(order).toEqual(['syntax-error', 'print cell 0', 'print cell 2']);
  });
});

describe('IPython magics and shell lines', () => {
  test('the pre-pass blanks magics keeping offsets', () => {
    const src = 'x = 1\n%matplotlib inline\n  !pip install tensorflow\ny = "%not a magic"\nz = (1 +\n%2)\n';
    const { text, magics } = blankMagics(src);
    expect(text.length).toBe(src.length);
    expect(magics.map((m) => m.text)).toEqual(['%matplotlib inline', '!pip install tensorflow']);
    expect(text.split('\n')[1]).toBe('pass              ');
    expect(text.split('\n')[5]).toBe('%2)');
  });

  test('the seed notebook pattern: magic inside try is skipped with a hint', () => {
    const src = py`
      from __future__ import absolute_import, division, print_function, unicode_literals
      try:
        # %tensorflow_version only exists in Colab.
        %tensorflow_version 2.x
      except Exception:
        pass
      !pip install -q tensorflow
      files = !ls
      print('after magics')
    `;
    const r = run(src);
    expect(r.out).toBe('after magics\n');
    expect(r.diagnostics.map((d) => [d.severity, d.code, d.span.start.line])).toEqual([
      ['hint', 'ipython-magic', 3],
      ['hint', 'ipython-magic', 6],
      ['hint', 'ipython-magic', 7],
    ]);
    expect(r.diagnostics[0].message).toContain('%tensorflow_version 2.x');
    expect(r.diagnostics[0].span).toEqual({ start: { line: 3, character: 2 }, end: { line: 3, character: 25 } });
  });
});

describe('cell magics', () => {
  test('%%time keeps the cell; %%bash skips the whole cell with one hint', () => {
    const r = run(['%%time\nx = 1\nprint(x)', '%%bash\necho hello\nls -la', 'print("next")']);
    expect(r.out).toBe('1\nnext\n');
    expect(r.diagnostics.map((d) => [d.code, d.span.cell, d.message])).toEqual([
      ['ipython-magic', 0, 'IPython magic `%%time` is skipped: Gradient Lens does not run magics or shell commands'],
      ['ipython-magic', 1, 'IPython magic `%%bash` is skipped: Gradient Lens does not run magics or shell commands'],
    ]);
  });
});

describe('lowered-cell cache', () => {
  test('a cell lowered again reuses its module and replays its diagnostics as copies', () => {
    const src = 'x = 2.  # 8. in a comment\ny = f(x,\nz = x + 1\n%timeit y';
    const first: Diagnostic[] = [];
    const a = lowerCell(src, 3, first);
    const second: Diagnostic[] = [];
    const b = lowerCell(src, 3, second);
    expect(b.module).toBe(a.module);
    expect(second).toEqual(first);
    expect(first.length).toBeGreaterThan(0);
    expect(second[0]).not.toBe(first[0]);
    // Another cell index is another entry (spans carry the cell).
    const other: Diagnostic[] = [];
    const c = lowerCell(src, 4, other);
    expect(c.module).not.toBe(a.module);
    expect(other[0].span.cell).toBe(4);
  });

  test('runs of the same source give the same results', () => {
    const src = 'a = 3.\nb = a * 2.\nprint(b)';
    const r1 = run(src);
    const r2 = run(src);
    expect(r1.out).toBe('6.0\n');
    expect(r2.out).toBe(r1.out);
    expect(r2.diagnostics).toEqual(r1.diagnostics);
  });
});

describe('bytes and complex literals', () => {
  test('CPython rejects non-ASCII characters in a bytes literal and mixing bytes with str', () => {
    const r = run('a = b"é"\nb = b"x" "y"\nprint("ok")');
    expect(r.out).toBe('ok\n');
    expect(r.diagnostics.map((d) => d.message)).toEqual([
      'SyntaxError: bytes can only contain ASCII literal characters',
      'SyntaxError: cannot mix bytes and nonbytes literals',
    ]);
  });
});
