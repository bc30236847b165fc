/**
 * What the details pane and the backward-pass stepper say about a node, from the tape and its gradient calls:
 * the chain-rule step that produced a value's gradient (from the `GradientRecord` explanation), an op's local
 * derivatives, and the order in which reverse mode reaches the nodes. Pure.
 */

import { spansEqual } from '../engine/span';
import { dName } from '../protocol/derivative';
import type { ChainStep, GradientRecord } from '../protocol/report';
import type { GraphNode, OpNode, TapeGraph, ValueNode } from './model';

const local = (s: ChainStep): string =>
  s.localFormula === s.localValue ? s.localValue : `(${s.localFormula} = ${s.localValue})`;

/** `dz/dy = dz/dz · ∂z/∂y = 1 · (2·y = 8) = 8` */
export function stepText(target: string, s: ChainStep): string {
  const T = dName(target);
  return `d${T}/d${dName(s.input)} = d${T}/d${dName(s.output)} · ∂${dName(s.output)}/∂${dName(s.input)} = ${s.upstream} · ${local(s)} = ${s.downstream}`;
}

interface FoundStep {
  gradient: GradientRecord;
  step: ChainStep;
}

function stepsOf(g: TapeGraph): FoundStep[] {
  const out: FoundStep[] = [];
  for (const gradient of g.gradients)
    for (const r of gradient.results)
      for (const p of r.explanation?.paths ?? []) for (const step of p.steps) out.push({ gradient, step });
  return out;
}

const matchesOp = (s: ChainStep, op: OpNode): boolean => s.op === op.op && spansEqual(s.span, op.span);

export interface NodeExplanation {
  /** Chain-rule lines, most relevant first. */
  steps: string[];
  /** The gradient call's own summary when the node is one of its sources. */
  summary?: string;
  /** Set when more steps matched than listed. */
  more: number;
}

/** The chain-rule step(s) that produced this node's gradient (value), or its local derivatives (op). */
export function explain(g: TapeGraph, nodeId: string, limit = 6): NodeExplanation {
  const node = g.nodes.get(nodeId);
  if (!node) return { steps: [], more: 0 };
  const all = stepsOf(g);
  const lines: string[] = [];
  let summary: string | undefined;
  if (node.kind === 'value') {
    if (node.roles.includes('target')) {
      for (const gr of g.gradients)
        if (!node.name || gr.target === node.name) lines.push(`seed: d${dName(gr.target)}/d${dName(gr.target)} = 1`);
    }
    const consumers = node.consumers.map((c) => g.nodes.get(c) as OpNode);
    for (const { gradient, step } of all) {
      if (!consumers.some((op) => matchesOp(step, op))) continue;
      if (node.name !== undefined && step.input !== node.name) continue;
      lines.push(stepText(gradient.target, step));
    }
    for (const gr of g.gradients)
      for (const r of gr.results)
        if (node.name !== undefined && r.label === node.name && r.explanation) summary = r.explanation.summary;
  } else {
    for (const { gradient, step } of all) {
      if (!matchesOp(step, node)) continue;
      lines.push(stepText(gradient.target, step));
    }
  }
  const unique = [...new Set(lines)];
  return { steps: unique.slice(0, limit), summary, more: Math.max(0, unique.length - limit) };
}

/**
 * Reverse mode, node by node: the targets (seeded with 1), then each op from the last recorded to the first that
 * lies on a gradient path, followed by each input whose gradient is complete after it (its earliest reader on the
 * path has run). Nodes without a gradient are left out.
 */
export function backwardOrder(g: TapeGraph): string[] {
  const ops = [...g.nodes.values()].filter((n): n is OpNode => n.kind === 'op').sort((a, b) => a.index - b.index);
  const hasGrad = (id: string): boolean => (g.nodes.get(id) as ValueNode | undefined)?.grad !== undefined;
  const onPath = ops.filter((o) => hasGrad(o.output));
  const earliest = new Map<string, number>();
  for (const o of onPath) for (const i of o.inputs) if (!earliest.has(i)) earliest.set(i, o.index);
  const seq: string[] = [];
  const seen = new Set<string>();
  const push = (id: string): void => {
    if (!seen.has(id)) {
      seen.add(id);
      seq.push(id);
    }
  };
  const values = [...g.nodes.values()].filter((n): n is ValueNode => n.kind === 'value');
  for (const v of values) if (v.roles.includes('target') && v.grad) push(v.id);
  for (let k = onPath.length - 1; k >= 0; k--) {
    const op = onPath[k];
    push(op.output);
    push(op.id);
    for (const i of op.inputs) if (hasGrad(i) && earliest.get(i) === op.index) push(i);
  }
  for (const v of values) if (v.grad) push(v.id);
  return seq;
}

/** The names people know a node by (`y`, `reduce_sum`). */
export function nodeTitle(node: GraphNode): string {
  return node.kind === 'op' ? node.label : (node.name ?? 'unnamed value');
}
