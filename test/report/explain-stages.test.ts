/**
 * The explanation's stages one at a time (src/engine/report/explain/): formulas from the ops' display records, the
 * call graph and its paths, names for the tensors on them, the numbers along each path, and the summary line.
 * Expected values are worked out by hand in the comments.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { withoutRecording } from '../../src/engine/autodiff/recorder';
import { GradientTape, resetTapeState, type TapeNode } from '../../src/engine/autodiff/tape';
import { sigmoid, softsign } from '../../src/engine/ops/activations';
import { ones } from '../../src/engine/ops/array';
import { atom, type Expr } from '../../src/engine/ops/display';
import { add, identity, mul, pow } from '../../src/engine/ops/math';
import { reduceMean, reduceSum } from '../../src/engine/ops/reduce';
import { expressionOf, isIdentity, localFormula } from '../../src/engine/report/explain/formula';
import { CallGraph } from '../../src/engine/report/explain/graph';
import { constantText, nameNodes, subscripts } from '../../src/engine/report/explain/naming';
import { pathNumbers } from '../../src/engine/report/explain/numbers';
import { enumeratePaths, type Path } from '../../src/engine/report/explain/paths';
import { countText, elide, factor, summarise } from '../../src/engine/report/explain/summary';
import { NameBook } from '../../src/engine/report/names';
import { constant } from '../../src/engine/tensor/convert';
import type { Tensor } from '../../src/engine/tensor/tensor';

afterEach(() => resetTapeState());

/** The ops a tape records while `body` runs on watched `xs`. */
function tape(xs: Tensor[], body: () => Tensor): { nodes: TapeNode[]; y: Tensor } {
  const t = new GradientTape(false).enter();
  let y: Tensor;
  try {
    for (const x of xs) t.watch(x);
    y = body();
  } finally {
    t.exit();
  }
  return { nodes: [...t.history], y };
}

const a = atom('a');
const b = atom('b');
const sum = (text: string): Expr => ({ text, prec: 3 });

/** y = a + c with a = 3·x and c = x·x, at x = 2: two paths, dy/dx = 3 + 2·x = 7. */
function diamond() {
  const x = constant(2, 'float64');
  let av!: Tensor;
  let cv!: Tensor;
  const { nodes, y } = tape([x], () => {
    av = mul(x, 3);
    cv = mul(x, x);
    return add(av, cv);
  });
  const names = new NameBook();
  names.bind('x', x);
  names.bind('a', av);
  names.bind('y', y);
  const graph = new CallGraph(nodes, [y]);
  const reach = graph.reachFrom(x);
  const sourceKey = graph.keyOf(x);
  const targetKeys = [graph.keyOf(y)];
  return { x, y, av, cv, nodes, names, graph, reach, sourceKey, targetKeys };
}

describe('formulas from the display records', () => {
  it('writes an op as its infix form, its function name, or its input when it passes it through', () => {
    const x = constant([1, 2], 'float64');
    const { nodes } = tape([x], () => sigmoid(identity(reduceSum(mul(x, x)))));
    const ops = nodes.map((n) => n.op);
    expect(ops.map((o) => o.name)).toEqual(['Mul', 'Sum', 'Identity', 'Sigmoid']);
    expect(expressionOf(ops[0], [sum('p + q'), a]).text).toBe('(p + q)·a');
    expect(expressionOf(ops[1], [a]).text).toBe('reduce_sum(a)');
    expect(expressionOf(ops[2], [a])).toBe(a);
    expect(expressionOf(ops[3], [a]).text).toBe('σ(a)');
    expect([ops[2], ops[0]].map(isIdentity)).toEqual([true, false]);
  });

  it('writes local derivatives: merged slots, literal exponents, broadcast sums, means, and ∂name/∂x otherwise', () => {
    const x = constant([1, 2, 3, 4], 'float64');
    const w = constant(2, 'float64');
    const { nodes } = tape([x, w], () => {
      mul(x, x); // d(x·x)/dx with both slots: 2·x
      pow(x, 3); // 3·x^2
      mul(w, x); // w broadcast over x: Σ x
      reduceMean(x); // 1/4
      return softsign(x); // no derivative text: ∂softsign/∂x
    });
    const ax = atom('x');
    expect(localFormula(nodes[0], [0, 1], [ax, ax])).toBe('2·x');
    expect(localFormula(nodes[1], [0], [ax, atom('3')])).toBe('3·x^2');
    // The exponent is a scalar broadcast over x: its derivative sums over the copies.
    expect(localFormula(nodes[1], [1], [ax, atom('3')])).toBe('Σ(x^3·log(x))');
    expect(localFormula(nodes[2], [0], [atom('w'), ax])).toBe('Σ x');
    expect(localFormula(nodes[2], [1], [atom('w'), ax])).toBe('w');
    expect(localFormula(nodes[3], [0], [ax])).toBe('1/4');
    expect(localFormula(nodes[4], [0], [ax])).toBe('∂softsign/∂x');
    expect(localFormula(nodes[0], [0], [a, b])).toBe('b');
  });
});

describe('the call graph and its paths', () => {
  it('finds both paths of a diamond, shortest first, and counts them', () => {
    const { graph, reach, sourceKey, targetKeys, av, cv } = diamond();
    const listed = enumeratePaths(graph, reach, sourceKey, targetKeys, 12, 64);
    expect([listed.truncated, listed.tooLong]).toEqual([false, false]);
    expect(listed.paths.map((p) => p.steps.map((s) => s.edge.key))).toEqual([
      [av.id, sourceKey],
      [cv.id, sourceKey],
    ]);
    // y = a + c: two inputs on the path, so ∂; c = x·x: one tensor in both slots, one edge.
    expect(listed.paths[1].steps.map((s) => [s.fanIn, s.edge.slots])).toEqual([
      [2, [1]],
      [1, [0, 1]],
    ]);
    expect(graph.countPaths(reach, sourceKey, targetKeys)).toBe(2);
    expect(graph.countRelevantOps(reach)).toBe(3);
  });

  it('stops at maxPaths (truncated) and at maxSteps (too long)', () => {
    const { graph, reach, sourceKey, targetKeys } = diamond();
    const one = enumeratePaths(graph, reach, sourceKey, targetKeys, 1, 64);
    expect([one.paths.length, one.truncated]).toEqual([1, true]);
    expect(enumeratePaths(graph, reach, sourceKey, targetKeys, 12, 1).tooLong).toBe(true);
  });

  it('sorts paths by length: y = (x·x)·x has a one-step and a two-step path to x', () => {
    const x = constant(3, 'float64');
    const { nodes, y } = tape([x], () => mul(mul(x, x), x));
    const graph = new CallGraph(nodes, [y]);
    const listed = enumeratePaths(graph, graph.reachFrom(x), graph.keyOf(x), [graph.keyOf(y)], 12, 64);
    expect(listed.paths.map((p) => p.steps.length)).toEqual([1, 2]);
  });
});

describe('names for the tensors on the paths', () => {
  it('uses Python names, the call labels, short expressions and constant values', () => {
    const { graph, reach, sourceKey, targetKeys, names, cv, av } = diamond();
    const { paths } = enumeratePaths(graph, reach, sourceKey, targetKeys, 12, 64);
    const exprOf = nameNodes({ graph, names, sourceKey, sourceLabel: 'x', targetLabel: 'y', targetKeys }, paths);
    expect([exprOf(sourceKey).text, exprOf(targetKeys[0]).text, exprOf(av.id).text, exprOf(cv.id).text]).toEqual([
      'x',
      'y',
      'a',
      'x·x',
    ]);
    // The constant 3 in a = x*3 is named by its value.
    const three = graph.nodes[0].inputs[1];
    expect(exprOf(graph.keyOf(three), 1).text).toBe('3');
  });

  it('numbers one name on several tensors in creation order', () => {
    const paths: Path[] = [
      { target: 9, steps: [5, 7, 3].map((key) => ({ k: 0, edge: { key, slots: [0] }, fanIn: 1 })) },
    ];
    const base = new Map([
      [5, 'h'],
      [3, 'h'],
      [7, 'g'],
      [9, 'out'],
    ]);
    expect([...subscripts(paths, (k) => base.get(k))].sort()).toEqual([
      [3, 'h₁'],
      [5, 'h₂'],
    ]);
  });

  it('shows small constants by value and others as c', () => {
    expect(constantText(constant(2.5))).toBe('2.5');
    expect(constantText(constant([1, 2]))).toBe('[1, 2]');
    expect(constantText(constant([[1, 2]]))).toBe('c');
    expect(constantText(undefined)).toBe('c');
  });
});

describe('the numbers along each path', () => {
  const numbersOf = (maxWork: number) => {
    const d = diamond();
    const { paths } = enumeratePaths(d.graph, d.reach, d.sourceKey, d.targetKeys, 12, 64);
    const exprOf = nameNodes(
      {
        graph: d.graph,
        names: d.names,
        sourceKey: d.sourceKey,
        sourceLabel: 'x',
        targetLabel: 'y',
        targetKeys: d.targetKeys,
      },
      paths,
    );
    return withoutRecording(() =>
      pathNumbers(
        {
          graph: d.graph,
          exprOf,
          named: (id) => Boolean(d.names.firstName(id)),
          adjoints: new Map(),
          seed: (k) => ones(d.graph.tensors.get(k)!.shape, 'float64'),
          maxWork,
          maxFactors: 8,
        },
        paths,
      ),
    );
  };

  it('evaluates each step and each path: dy/dx = 1·3 + 1·(2·x) = 3 + 4 at x = 2', () => {
    const n = numbersOf(1e6);
    expect(n.exceeded).toBe(false);
    expect(n.paths.map((p) => p.contribution)).toEqual(['3', '4']);
    expect(n.paths.map((p) => p.steps.map((s) => [s.name, s.output, s.input, s.localFormula, s.localValue]))).toEqual([
      [
        ['add', 'y', 'a', '1', '1'],
        ['multiply', 'a', 'x', '3', '3'],
      ],
      [
        ['add', 'y', 'x·x', '1', '1'],
        ['multiply', 'x·x', 'x', '2·x', '4'],
      ],
    ]);
    expect(n.symbolic).toEqual(['∂y/∂a · da/dx', '∂y/∂(x·x) · d(x·x)/dx']);
    expect(n.factorValues).toEqual([
      ['1', '3'],
      ['1', '(2·x = 4)'],
    ]);
    expect(n.raw.map((t) => t?.num(0))).toEqual([3, 4]);
  });

  it('stops when the work budget runs out', () => {
    const n = numbersOf(1);
    expect(n.exceeded).toBe(true);
    expect(n.paths).toEqual([]);
  });
});

describe('the summary line', () => {
  const step = (localFormula: string, localValue: string) => ({
    op: 'Mul',
    name: 'multiply',
    output: 'y',
    input: 'x',
    localFormula,
    localValue,
    upstream: '1',
    downstream: localValue,
  });
  const base = {
    lhs: 'dy/dx',
    total: '7',
    truncated: false,
    pathCount: 2,
    maxFactors: 8,
    maxChars: 320,
  };

  it('one factor: the formula, then its value (the total not repeated)', () => {
    const s = summarise({
      ...base,
      total: '4',
      pathCount: 1,
      paths: [{ steps: [step('2·x', '4')], contribution: '4' }],
      symbolic: ['dy/dx'],
      factorValues: [['(2·x = 4)']],
      shownSteps: [[0]],
    });
    expect(s).toBe('dy/dx = 2·x = 4');
  });

  it('several paths: symbols, factors, path values, total', () => {
    const input = {
      ...base,
      paths: [
        { steps: [step('1', '1'), step('3', '3')], contribution: '3' },
        { steps: [step('1', '1'), step('2·x', '4')], contribution: '4' },
      ],
      symbolic: ['∂y/∂a · da/dx', '∂y/∂c · dc/dx'],
      factorValues: [
        ['1', '3'],
        ['1', '(2·x = 4)'],
      ],
      shownSteps: [
        [0, 1],
        [0, 1],
      ],
    };
    expect(summarise(input)).toBe('dy/dx = ∂y/∂a · da/dx + ∂y/∂c · dc/dx = 1 · 3 + 1 · (2·x = 4) = 3 + 4 = 7');
    // Too long: the symbols go first, and with them the bare 1s.
    expect(summarise({ ...input, maxChars: 60 })).toBe(
      'dy/dx = 3 + (2·x = 4) = 3 + 4 = 7 (the sum over 2 paths; see the steps)',
    );
    expect(summarise({ ...input, maxChars: 10 })).toBe('dy/dx = 7 (the sum over 2 paths; see the steps)');
    expect(summarise({ ...input, truncated: true, pathCount: 1234 })).toBe(
      'dy/dx = ∂y/∂a · da/dx + ∂y/∂c · dc/dx + … (1,234 paths) = 1 · 3 + 1 · (2·x = 4) + … = 3 + 4 + … = 7',
    );
  });

  it('text helpers: factors, elision, counts', () => {
    expect([factor('2·y', '8'), factor('1', '1'), factor('−1', '-1')]).toEqual(['(2·y = 8)', '1', '-1']);
    expect(elide(['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i'], 8)).toEqual(['a', 'b', 'c', '…', 'h', 'i']);
    expect(elide(['a', 'b'], 8)).toEqual(['a', 'b']);
    expect([countText(1234567), countText(1e13)]).toEqual(['1,234,567', 'more than 10¹²']);
  });
});
