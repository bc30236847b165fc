/**
 * The inspector's graph model, from real engine reports: the seed tape, loops, nested tapes, big tapes, search.
 */
import { describe, expect, it } from 'vitest';
import { buildGraph, splitIterations } from '../../src/inspector/graphBuilder';
import {
  groupPath,
  nodesOnLine,
  type OpNode,
  search,
  type TapeGraph,
  tapeKey,
  type ValueNode,
} from '../../src/inspector/model';
import { defaultExpanded, effectiveExpanded, magBucket, visibleGraph } from '../../src/inspector/view';
import { chainTape, report, SEED } from './helpers';

const graphOf = (source: string, index = 0): TapeGraph => {
  const r = report(source);
  return buildGraph(r.tapes[index], r.tapes, r.gradients);
};

const values = (g: TapeGraph): ValueNode[] => [...g.nodes.values()].filter((n): n is ValueNode => n.kind === 'value');
const ops = (g: TapeGraph): OpNode[] => [...g.nodes.values()].filter((n): n is OpNode => n.kind === 'op');
const byName = (g: TapeGraph, name: string): ValueNode => values(g).find((v) => v.name === name)!;

describe('the seed tape: x → reduce_sum → y → multiply → z', () => {
  const g = graphOf(SEED);

  it('has three value nodes with forward values 1, 4, 16 and gradients 8, 8, 1', () => {
    const [x, y, z] = ['x', 'y', 'z'].map((n) => byName(g, n));
    expect(x.value).toEqual([
      [1, 1],
      [1, 1],
    ]);
    expect(x.grad?.value).toEqual([
      [8, 8],
      [8, 8],
    ]);
    expect([y.value, y.grad?.value]).toEqual([4, 8]);
    expect([z.value, z.grad?.value]).toEqual([16, 1]);
    expect([x.shape, x.dtype, y.shape, z.shape]).toEqual([[2, 2], 'float32', [], []]);
  });

  it('marks the watched source and the target', () => {
    expect(byName(g, 'x').roles).toEqual(expect.arrayContaining(['source', 'watched']));
    expect(byName(g, 'z').roles).toContain('target');
    expect(byName(g, 'y').roles).toEqual([]);
  });

  it('has op nodes reduce_sum and multiply between them, input → op → output', () => {
    const [sum, mul] = ops(g);
    expect([sum.label, sum.op, mul.label, mul.op]).toEqual(['reduce_sum', 'Sum', 'multiply', 'Mul']);
    expect(sum.inputs).toEqual([byName(g, 'x').id]);
    expect(sum.output).toBe(byName(g, 'y').id);
    expect(mul.inputs).toEqual([byName(g, 'y').id, byName(g, 'y').id]);
    expect(mul.output).toBe(byName(g, 'z').id);
    // An op and its output are one layout unit; input edges go value → op (multiply reads y twice: one edge ×2).
    expect(g.units.get(sum.id)).toMatchObject({ op: sum.id, value: byName(g, 'y').id });
    expect(g.edges.map((e) => [g.nodes.get(e.from)!, g.nodes.get(e.to)!, e.count])).toEqual([
      [byName(g, 'x'), sum, 1],
      [byName(g, 'y'), mul, 2],
    ]);
  });

  it('keeps the gradient call and its magnitude scale', () => {
    expect(g.gradients.map((x) => x.target)).toEqual(['z']);
    expect(g.maxMag).toBe(8);
    expect(magBucket(byName(g, 'x').mag, g.maxMag)).toBe(5);
    expect(magBucket(byName(g, 'z').mag, g.maxMag)).toBe(4);
  });

  it('has no groups besides the tape itself, all visible', () => {
    expect([...g.groups.keys()]).toEqual(['tape']);
    const vis = visibleGraph(g, defaultExpanded(g));
    expect(vis.items).toHaveLength(3);
    expect(vis.edges).toHaveLength(2);
  });

  it('ids are stable across runs of the same code and survive an unrelated edit above the tape', () => {
    const again = graphOf(SEED);
    expect([...again.nodes.keys()]).toEqual([...g.nodes.keys()]);
    const edited = graphOf(SEED.replace('x = tf.ones((2, 2))', 'x = tf.ones((2, 2))  # edited'));
    expect([...edited.nodes.keys()]).toEqual([...g.nodes.keys()]);
    // lines typed above the tape block: the same ids (they are relative to the tape's line)
    const shifted = graphOf(SEED.replace('x = tf.ones((2, 2))', 'x = tf.ones((2, 2))\nw = 3\n# more'));
    expect([...shifted.nodes.keys()]).toEqual([...g.nodes.keys()]);
    const r = report(SEED);
    expect(tapeKey(r.tapes[0], r.tapes)).toBe('t#0');
  });

  it('finds nodes by name, op and shape, and the nodes of a line', () => {
    const id = (n: string) => byName(g, n).id;
    expect(search(g, 'multiply')).toEqual([ops(g)[1].id]);
    expect(search(g, 'Sum')).toEqual([ops(g)[0].id]);
    expect(search(g, '(2, 2)')).toEqual([id('x')]);
    expect(search(g, '2x2')).toEqual([id('x')]);
    expect(search(g, 'z')).toEqual([id('z')]);
    expect(search(g, 'source')).toEqual([id('x')]);
    expect(search(g, '  ')).toEqual([]);
    expect(
      nodesOnLine(g, 5)
        .map((n) => g.nodes.get(n)!.kind)
        .sort(),
    ).toEqual(['op', 'value']);
  });
});

describe('loops', () => {
  const LOOP = `import tensorflow as tf
x = tf.constant(1.5)
with tf.GradientTape() as t:
  t.watch(x)
  h = x * 1.0
  for i in range(50):
    a = h * x
    h = tf.tanh(a)
g = t.gradient(h, x)
`;

  it('groups repeated iterations (same span) into a loop with one group per iteration', () => {
    const g = graphOf(LOOP, 0);
    const loops = [...g.groups.values()].filter((x) => x.kind === 'loop');
    expect(loops).toHaveLength(1);
    expect(loops[0].label).toBe('loop · lines 7–8');
    expect(loops[0].parent).toBe('tape');
    expect(loops[0].detail).toBe('50 iterations · multiply ×50, tanh ×50');
    const iterations = [...g.groups.values()].filter((x) => x.kind === 'iteration');
    expect(iterations).toHaveLength(50);
    expect(iterations.every((it) => it.unitCount === 2)).toBe(true);
    expect(loops[0].nodeCount).toBe(200);
    // What a collapsed loop and the details pane count: its ops (50 iterations × multiply, tanh), as the lens does.
    expect(loops[0].opCount).toBe(100);
    expect(g.groups.get(g.root)!.opCount).toBe(g.tape.opCount);
  });

  it('chunks a group with many children, so every group stays small', () => {
    const g = graphOf(LOOP, 0);
    for (const group of g.groups.values()) expect(group.children.length).toBeLessThanOrEqual(32);
    const chunks = [...g.groups.values()].filter((x) => x.kind === 'chunk');
    expect(chunks.map((c) => c.label)).toEqual(['iterations 0–23', 'iterations 24–47', 'iterations 48–49']);
  });

  it('shows a big loop collapsed by default, and lifts edges to its box', () => {
    const g = graphOf(LOOP, 0);
    const open = defaultExpanded(g);
    const vis = visibleGraph(g, open);
    const loop = [...g.groups.values()].find((x) => x.kind === 'loop')!;
    expect(vis.collapsed.has(loop.id)).toBe(true);
    const x = byName(g, 'x').id;
    const h0 = g.nodes.get(byName(g, 'x').consumers[0])!.unit;
    // x, the constant 1.0, h = x * 1.0, and the loop's box
    expect(vis.items).toHaveLength(4);
    expect(vis.items[0]).toBe(x);
    expect(vis.items.slice(2)).toEqual([h0, loop.id]);
    expect(
      vis.edges
        .filter((e) => e.to === loop.id)
        .map((e) => e.from)
        .sort(),
    ).toEqual([h0, x].sort());
    // The user opens it: its chunks show, collapsed or open within the budget.
    const opened = visibleGraph(g, effectiveExpanded(g, open, { expanded: new Set([loop.id]) }));
    expect(opened.containers.has(loop.id)).toBe(true);
    expect(opened.items.length).toBeGreaterThan(2);
    // …and closes it again.
    const closed = visibleGraph(
      g,
      effectiveExpanded(g, open, { expanded: new Set([loop.id]), collapsed: new Set([loop.id]) }),
    );
    expect(closed.collapsed.has(loop.id)).toBe(true);
  });

  it('groups the tutorial loop (output = multiply(output, x), twice) but not the two reads of x * x', () => {
    const g = graphOf(
      `import tensorflow as tf
def f(x, y):
  output = 1.0
  for i in range(y):
    if i > 1 and i < 5:
      output = tf.multiply(output, x)
  return output
x = tf.convert_to_tensor(2.0)
with tf.GradientTape() as t:
  t.watch(x)
  out = f(x, 4)
g = t.gradient(out, x)
`,
    );
    const loop = [...g.groups.values()].find((x) => x.kind === 'loop');
    expect(loop?.detail).toBe('2 iterations · multiply ×2');
    const v = graphOf(`import tensorflow as tf
x = tf.Variable(1.0)
with tf.GradientTape() as t:
  y = x * x * x
g = t.gradient(y, x)
`);
    expect([...v.groups.values()].map((x) => x.kind)).toEqual(['tape']);
    expect(ops(v).map((o) => o.label)).toEqual(['read_value', 'read_value', 'multiply', 'read_value', 'multiply']);
  });

  it('splits a run of op keys into iterations', () => {
    expect(splitIterations(['a', 'b', 'a', 'b', 'a', 'b'])).toEqual([2, 2, 2]);
    expect(splitIterations(['a', 'a', 'a'])).toEqual([1, 1, 1]);
    // not periodic (an `if` inside the loop): cut where the first op comes back
    expect(splitIterations(['a', 'b', 'a', 'c', 'b', 'a', 'b'])).toEqual([2, 3, 2]);
    expect(splitIterations([])).toEqual([]);
  });
});

describe('nested tapes (higher-order gradients)', () => {
  const NESTED = `import tensorflow as tf
x = tf.Variable(1.0)
with tf.GradientTape() as t:
  with tf.GradientTape() as t2:
    y = x * x * x
  dy_dx = t2.gradient(y, x)
d2y_dx2 = t.gradient(dy_dx, x)
`;

  it('draws the inner tape as a nested frame and the recorded backward pass as its own frame', () => {
    const r = report(NESTED);
    const outer = r.tapes.find((t) => t.parent === undefined && t.ops.length)!;
    const inner = r.tapes.find((t) => t.parent === outer.id)!;
    const g = buildGraph(outer, r.tapes, r.gradients);
    const nested = [...g.groups.values()].filter((x) => x.kind === 'nested');
    const backward = [...g.groups.values()].filter((x) => x.kind === 'backward');
    expect(nested).toHaveLength(1);
    expect(backward).toHaveLength(1);
    expect(nested[0].parent).toBe('tape');
    expect(nested[0].label).toMatch(/^nested tape t2 · line 4/);
    expect(nested[0].unitCount).toBe(inner.ops.length);
    // every op of the inner tape sits in the nested frame
    for (const op of inner.ops) expect(groupPath(g, g.opIds.get(op.id)!)).toContain(nested[0].id);
    for (const op of outer.ops.filter((o) => o.backward))
      expect(groupPath(g, g.opIds.get(op.id)!)).toContain(backward[0].id);
    expect(byName(g, 'dy_dx').roles).toContain('target');
    expect(defaultExpanded(g).has(nested[0].id)).toBe(true);
    // the inner tape on its own has no frames inside
    const gi = buildGraph(inner, r.tapes, r.gradients);
    expect([...gi.groups.values()].map((x) => x.kind)).toEqual(['tape']);
    expect(gi.title).toBe('tape t2 · line 4 (inside tape t)');
    expect(tapeKey(inner, r.tapes)).not.toBe(tapeKey(outer, r.tapes));
  });
});

describe('large tapes', () => {
  it('a 10,000-op loop is a few nested chunks, shown as one box', () => {
    const g = buildGraph(chainTape(10_000, 2), [], []);
    expect(g.nodes.size).toBe(20_001);
    for (const group of g.groups.values()) expect(group.children.length).toBeLessThanOrEqual(32);
    const vis = visibleGraph(g, defaultExpanded(g));
    expect(vis.items.length).toBeLessThanOrEqual(80);
    expect(vis.items.length).toBeGreaterThanOrEqual(2);
  });

  it('a long tape without loops is chunked into groups that open within the budget', () => {
    const g = buildGraph(chainTape(500), [], []);
    const chunks = [...g.groups.values()].filter((x) => x.kind === 'chunk');
    expect(chunks.length).toBeGreaterThan(0);
    expect(chunks[0].label).toBe('ops 1–23');
    const vis = visibleGraph(g, defaultExpanded(g));
    expect(vis.items.length).toBeLessThanOrEqual(80);
    // all open: every unit visible
    const all = visibleGraph(g, new Set(g.groups.keys()));
    expect(all.items.length).toBe(501);
    expect(all.edges.length).toBe(g.edges.length);
  });

  it('reads gradient magnitudes from previews when values are not embedded', () => {
    const g = buildGraph(chainTape(3), [], []);
    const v = values(g).find((x) => x.preview.startsWith('[1,'))!;
    expect(v.mag).toBe(2);
    expect(v.sign).toBe(1);
  });
});

describe('op labels', () => {
  it("shows each op by the report's name for it (its TensorFlow function), keeping the op type", () => {
    const g = buildGraph(chainTape(2), [], []);
    expect(ops(g).map((o) => [o.label, o.op])).toEqual([
      ['add', 'AddV2'],
      ['multiply', 'Mul'],
    ]);
  });
});

describe('Keras layer calls', () => {
  const g = graphOf(`import tensorflow as tf
import keras
keras.utils.set_random_seed(0)
model = keras.Sequential([keras.Input((3,)), keras.layers.Dense(4, activation="relu"), keras.layers.Dense(1)])
x = tf.ones((2, 3))
with tf.GradientTape() as tape:
    y = model(x)
    y2 = model(x)
    loss = tf.reduce_mean(y + y2)
grads = tape.gradient(loss, model.trainable_variables)
`);
  const layerGroups = [...g.groups.values()].filter((x) => x.kind === 'layer');

  it('groups the ops of each layer call under the layer, inside the model call', () => {
    const labels = layerGroups.map((x) => `${g.groups.get(x.parent!)!.kind === 'layer' ? '  ' : ''}${x.label}`);
    expect(labels).toEqual([
      'sequential (Sequential)',
      '  dense (Dense)',
      '  dense_1 (Dense)',
      'sequential (Sequential)',
      '  dense (Dense)',
      '  dense_1 (Dense)',
    ]);
    const dense = layerGroups[1];
    const opsIn = dense.children.map((c) => g.units.get(c)?.op).filter((o): o is string => !!o);
    // Dense with relu: kernel read, matmul, bias read, bias add, relu (the ops the call ran).
    expect(opsIn.map((o) => (g.nodes.get(o) as OpNode).op)).toContain('MatMul');
    expect(opsIn.map((o) => (g.nodes.get(o) as OpNode).op)).toContain('Relu');
    expect(dense.detail).toMatch(/matmul/);
  });

  it('keeps the op after the model calls outside every layer group', () => {
    const mean = ops(g).find((o) => o.op === 'Mean')!;
    expect(groupPath(g, mean.id)).toEqual([g.root]);
  });

  it('gives the two calls of one layer different, stable group ids', () => {
    expect(new Set(layerGroups.map((x) => x.id)).size).toBe(6);
    const again = graphOf(`import tensorflow as tf
import keras
keras.utils.set_random_seed(0)
model = keras.Sequential([keras.Input((3,)), keras.layers.Dense(4, activation="relu"), keras.layers.Dense(1)])
x = tf.ones((2, 3))
with tf.GradientTape() as tape:
    y = model(x)
    y2 = model(x)
    loss = tf.reduce_mean(y + y2)
grads = tape.gradient(loss, model.trainable_variables)
`);
    expect([...again.groups.values()].filter((x) => x.kind === 'layer').map((x) => x.id)).toEqual(
      layerGroups.map((x) => x.id),
    );
  });
});

describe('Keras layer calls in a loop', () => {
  const g = graphOf(`import tensorflow as tf
import keras
keras.utils.set_random_seed(0)
layer = keras.layers.Dense(2)
x = tf.ones((1, 2))
with tf.GradientTape() as tape:
    for _ in range(3):
        x = layer(x)
    loss = tf.reduce_sum(x)
grads = tape.gradient(loss, layer.trainable_variables)
`);

  it('finds the loop over the calls and keeps each call whole in its iteration', () => {
    const loop = [...g.groups.values()].find((x) => x.kind === 'loop')!;
    expect(loop.detail).toMatch(/^3 iterations/);
    const iterations = loop.children.map((c) => g.groups.get(c)!);
    expect(iterations.map((it) => it.kind)).toEqual(['iteration', 'iteration', 'iteration']);
    for (const it of iterations) {
      expect(it.children.map((c) => g.groups.get(c)?.label)).toEqual(['dense (Dense)']);
    }
  });
});
