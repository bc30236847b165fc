/**
 * Workloads and timing for the inspector benchmark (bench.mjs bundles this file for Node and the webview page).
 * Not a unit test: timings depend on the machine.
 */

import { buildGraph } from '../../src/inspector/graphBuilder';
import { LayoutCache, layoutGraph } from '../../src/inspector/layout';
import { renderGraph } from '../../src/inspector/render';
import { defaultExpanded, visibleGraph } from '../../src/inspector/view';
import type { TapeOpNode, TapeRecord, TapeValueNode } from '../../src/protocol/report';

const span = (line: number, from = 2, to = 30) => ({ start: { line, character: from }, end: { line, character: to } });

/**
 * A tape of `nOps` ops. Each op reads the previous value and one of the 4 before it (an MLP-like local DAG), plus
 * every 10th op reads the watched source `w`. `body` > 0: a loop whose body has `body` statements (same spans
 * repeat, iteration indices as the engine counts them); 0: straight-line code, one statement per op.
 */
export function syntheticTape(nOps: number, body = 0, seed = 1): TapeRecord {
  let r = seed;
  const rand = (): number => {
    r = (r * 1103515245 + 12345) % 2147483648;
    return r / 2147483648;
  };
  const values: TapeValueNode[] = [
    {
      id: 1,
      name: 'w',
      shape: [8, 8],
      dtype: 'float32',
      preview: '[[0.1, -0.2, …]] (64)',
      grad: { preview: '[[1.5, 0.2, …]] (64)' },
      role: ['source', 'watched'],
      span: span(0),
    },
    { id: 2, name: 'x', shape: [8], dtype: 'float32', preview: '[1, 2, 3, …] (8)', role: ['constant'], span: span(1) },
  ];
  const ops: TapeOpNode[] = [];
  const iters = new Map<string, number>();
  const types = ['MatMul', 'AddV2', 'Tanh', 'Mul', 'Sum', 'Sigmoid'];
  const names = ['matmul', 'add', 'tanh', 'multiply', 'reduce_sum', 'sigmoid'];
  for (let i = 0; i < nOps; i++) {
    const id = values.length + 1;
    const prev = values[values.length - 1].id;
    const back = values[Math.max(1, values.length - 1 - Math.floor(rand() * 5))].id;
    const inputs = [prev];
    if (back !== prev) inputs.push(back);
    if (i % 10 === 0) inputs.push(1);
    const line = body > 0 ? 3 + (i % body) : 3 + i;
    const type = body > 0 ? (i % body) % types.length : i % types.length;
    const op = types[type];
    const key = `${line}|${op}`;
    const it = iters.get(key) ?? 0;
    iters.set(key, it + 1);
    const g = (rand() - 0.3) * 10 ** -Math.floor(rand() * 4);
    values.push({
      id,
      name: `h${i % 13}`,
      shape: [8],
      dtype: 'float32',
      preview: `[${(rand() * 2 - 1).toFixed(3)}, ${(rand() * 2 - 1).toFixed(3)}, …] (8)`,
      grad: { preview: `[${g.toPrecision(3)}, 0.01, …] (8)` },
      role: i === nOps - 1 ? ['target'] : [],
      span: span(line),
    });
    ops.push({ id: i + 1, op, name: names[type], inputs, output: id, span: span(line), iteration: it });
  }
  return {
    id: 1,
    name: 't',
    span: span(2, 0, 27),
    persistent: false,
    watchAccessedVariables: true,
    watched: [{ id: 1, name: 'w', shape: [8, 8], dtype: 'float32' }],
    values,
    ops,
    truncated: false,
    opCount: nOps,
  };
}

export interface Timing {
  name: string;
  nodes: number;
  items: number;
  dagreRuns: number;
  buildMs: number;
  layoutMs: number;
  renderMs: number;
  totalMs: number;
  markupKB: number;
}

/** Model → visible graph → dagre layout → SVG markup, timed (a cold layout cache unless one is passed). */
export function measure(name: string, tape: TapeRecord, open: 'default' | 'all', cache = new LayoutCache()): Timing {
  const t0 = performance.now();
  const g = buildGraph(tape, [tape], []);
  const expanded = open === 'all' ? new Set(g.groups.keys()) : defaultExpanded(g);
  const vis = visibleGraph(g, expanded);
  const t1 = performance.now();
  const layout = layoutGraph(g, vis, 'LR', cache);
  const t2 = performance.now();
  const r = renderGraph(g, vis, layout);
  const t3 = performance.now();
  return {
    name,
    nodes: g.nodes.size,
    items: vis.items.length,
    dagreRuns: layout.dagreRuns,
    buildMs: t1 - t0,
    layoutMs: t2 - t1,
    renderMs: t3 - t2,
    totalMs: t3 - t0,
    markupKB: Math.round(r.markup.length / 1024),
  };
}

export const WORKLOADS: { name: string; tape: () => TapeRecord; open: 'default' | 'all' }[] = [
  { name: '1,000 nodes (500 ops, straight-line), default view', tape: () => syntheticTape(500), open: 'default' },
  { name: '1,000 nodes (500 ops, straight-line), every group open', tape: () => syntheticTape(500), open: 'all' },
  { name: '1,000 nodes (500 ops, loop of 5), default view', tape: () => syntheticTape(500, 5), open: 'default' },
  { name: '10,000 ops (loop of 4), default view', tape: () => syntheticTape(10_000, 4), open: 'default' },
  { name: '10,000 ops (straight-line), default view', tape: () => syntheticTape(10_000), open: 'default' },
];
