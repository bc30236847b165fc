/**
 * The graph as SVG markup (a string: one `innerHTML` assignment in the webview, the same text for "Export SVG",
 * and testable without a DOM). Every string that came from the document — names, previews, op types, labels — goes
 * through `esc`; interaction state (selection, cursor line, search hits, backward step) is not rendered here but set
 * as classes on the elements afterwards, so it changes without re-rendering.
 *
 * Elements that can be focused or clicked carry `data-i`: an index into `Rendered.targets`, never a document string.
 */
import { type Dir, FRAME_HEAD, FRAME_PAD, frameTitle, groupBoxGeom, LINE_H, type Rect } from './geometry';
import { type Layout, pathThrough } from './layout';
import type { Group, OpNode, TapeGraph, ValueNode } from './model';
import { clip, esc, shapeText, whereText } from './text';
import { magBucket, type VisibleGraph } from './view';

export type TargetKind = 'value' | 'op' | 'group' | 'frame';
export interface Target {
  kind: TargetKind;
  /** Node id (value/op) or group id (group: collapsed box, frame: expanded group's header). */
  id: string;
}

export interface Rendered {
  /** Markup of the graph's content (frames, edges, nodes), to go inside `<g>`. */
  markup: string;
  targets: Target[];
  /** Per rendered edge (`data-e`): the visible items it joins and the nodes at its ends when visible. */
  edges: { from: string; to: string; fromNode?: string; toNode?: string }[];
  width: number;
  height: number;
}

const n = (x: number): string => String(Math.round(x * 10) / 10);

const signClass = (sign: number): string => (sign < 0 ? 'neg' : sign > 0 ? 'pos' : 'zero');

export function renderGraph(g: TapeGraph, vis: VisibleGraph, layout: Layout): Rendered {
  const targets: Target[] = [];
  const target = (kind: TargetKind, id: string): number => targets.push({ kind, id }) - 1;
  const frames: string[] = [];
  const edges: string[] = [];
  const nodes: string[] = [];
  const edgeEnds: Rendered['edges'] = [];

  // Frames, outermost first (so inner frames paint over outer ones).
  const drawFrame = (id: string, depth: number): void => {
    const group = g.groups.get(id)!;
    const b = layout.boxes.get(id)!;
    const i = target('frame', id);
    const title = clip(frameTitle(group), Math.max(12, Math.floor((b.w - 2 * FRAME_PAD) / 7.3)));
    const toggle = group.kind === 'tape' ? '' : ` role="button" tabindex="-1" aria-expanded="true"`;
    const label =
      group.kind === 'tape' ? `${group.label}, ${group.detail}` : `${group.label}, ${group.detail}, expanded`;
    frames.push(
      `<g class="frame kind-${group.kind} depth-${Math.min(depth, 4)}"><rect class="frame-box" x="${n(b.x)}" y="${n(b.y)}" width="${n(b.w)}" height="${n(b.h)}" rx="6"/>` +
        `<g class="frame-head" data-i="${i}"${toggle} aria-label="${esc(label)}"><rect class="frame-hit" x="${n(b.x)}" y="${n(b.y)}" width="${n(b.w)}" height="${FRAME_HEAD}" rx="6"/>` +
        `<text class="frame-title" x="${n(b.x + FRAME_PAD)}" y="${n(b.y + FRAME_HEAD - 7)}">${esc(title)}</text></g></g>`,
    );
    for (const k of vis.containers.get(id)!) if (vis.containers.has(k)) drawFrame(k, depth + 1);
  };
  drawFrame(g.root, 0);

  vis.edges.forEach((e, k) => {
    const pts = layout.edges.get(e.id);
    if (!pts) return;
    const b = magBucket(e.mag, g.maxMag);
    const count = e.count > 1 ? ` data-count="${e.count}"` : '';
    edges.push(
      `<path class="edge b${b}" data-e="${k}"${count} d="${pathThrough(pts, layout.dir)}" marker-end="url(#gl-arrow)"/>`,
    );
    if (e.count > 1) {
      // `multiply(y, y)` reads y twice: one edge, marked ×2.
      const end = pts[pts.length - 1];
      const label = `×${e.count}`;
      const [x, y] = layout.dir === 'LR' ? [end.x - 12 - label.length * 6, end.y - 7] : [end.x + 6, end.y - 10];
      edges.push(`<text class="edge-count" x="${n(x)}" y="${n(y)}">${label}</text>`);
    }
    edgeEnds[k] = { from: e.from, to: e.to, fromNode: e.fromNode, toNode: e.toNode };
  });

  for (const id of vis.items) {
    const b = layout.boxes.get(id)!;
    const unit = g.units.get(id);
    if (unit) nodes.push(drawUnit(g, id, b, layout, target));
    else nodes.push(drawGroupBox(g, g.groups.get(id)!, b, target));
  }

  return {
    markup: `<g class="frames">${frames.join('')}</g><g class="edges">${edges.join('')}</g><g class="nodes">${nodes.join('')}</g>`,
    targets,
    edges: edgeEnds,
    width: layout.width,
    height: layout.height,
  };
}

function drawUnit(
  g: TapeGraph,
  id: string,
  b: Rect,
  layout: Layout,
  target: (kind: TargetKind, id: string) => number,
): string {
  const geom = layout.units.get(id)!;
  const unit = g.units.get(id)!;
  const v = g.nodes.get(unit.value) as ValueNode;
  let out = `<g class="unit" transform="translate(${n(b.x)},${n(b.y)})">`;
  if (unit.op && geom.op && geom.arrow) {
    const op = g.nodes.get(unit.op) as OpNode;
    const r = geom.op;
    const i = target('op', op.id);
    const [a, z] = geom.arrow;
    out +=
      `<g class="node op${op.backward ? ' backward' : ''}" data-i="${i}" role="button" tabindex="-1" aria-label="${esc(opAria(g, op))}">` +
      `<title>${esc(`${op.op} · ${whereText(op.span) || 'no source'}${op.iteration ? ` · iteration ${op.iteration}` : ''}`)}</title>` +
      `<rect class="op-pill" x="${n(r.x)}" y="${n(r.y)}" width="${n(r.w)}" height="${n(r.h)}" rx="${n(r.h / 2)}"/>` +
      `<text class="op-label" x="${n(r.x + r.w / 2)}" y="${n(r.y + r.h / 2 + 4)}" text-anchor="middle">${esc(op.label)}</text></g>` +
      `<path class="op-out" d="M${n(a.x)},${n(a.y)}L${n(z.x - 2)},${n(z.y)}" marker-end="url(#gl-arrow)"/>`;
  }
  const c = geom.card;
  const t = geom.text;
  const i = target('value', v.id);
  const roles = v.roles.map((r) => ` role-${r}`).join('');
  const x = n(c.x + 9);
  const line = (k: number): string => n(c.y + 7 + LINE_H * (k + 1) - 4);
  const title = t.title
    ? `<tspan class="v-name">${esc(t.title)}</tspan>${t.badges ? `<tspan class="v-badges" dx="8">${esc(t.badges)}</tspan>` : ''}`
    : `<tspan class="v-badges">${esc(t.badges || 'value')}</tspan>`;
  out +=
    `<g class="node value b${t.bucket} ${signClass(v.sign)}${roles}" data-i="${i}" role="button" tabindex="-1" aria-label="${esc(valueAria(v))}">` +
    `<rect class="card" x="${n(c.x)}" y="${n(c.y)}" width="${n(c.w)}" height="${n(c.h)}" rx="4"/>` +
    `<text x="${x}" y="${line(0)}">${title}</text>` +
    `<text class="v-shape" x="${x}" y="${line(1)}">${esc(t.shape)}</text>` +
    `<text class="v-value" x="${x}" y="${line(2)}">${esc(t.value)}</text>` +
    `<text class="v-grad${v.grad ? '' : ' none'}" x="${x}" y="${line(3)}">${esc(t.grad)}</text>` +
    `<text class="v-grad-pending" x="${x}" y="${line(3)}">∇ ?</text></g>`;
  return `${out}</g>`;
}

function drawGroupBox(g: TapeGraph, group: Group, b: Rect, target: (kind: TargetKind, id: string) => number): string {
  const { text } = groupBoxGeom(g, group);
  const i = target('group', group.id);
  const bucket = magBucket(group.mag, g.maxMag);
  const x = n(b.x + 12);
  const line = (k: number): string => n(b.y + 7 + LINE_H * (k + 1) - 2);
  const label = `collapsed ${group.label}: ${group.detail ? `${group.detail}, ` : ''}${text.stats}`;
  return (
    `<g class="node group kind-${group.kind} b${bucket} ${signClass(group.sign)}" data-i="${i}" role="button" tabindex="-1" aria-expanded="false" aria-label="${esc(label)}">` +
    `<rect class="stack" x="${n(b.x + 6)}" y="${n(b.y)}" width="${n(b.w - 6)}" height="${n(b.h - 6)}" rx="5"/>` +
    `<rect class="card" x="${n(b.x)}" y="${n(b.y + 6)}" width="${n(b.w - 6)}" height="${n(b.h - 6)}" rx="5"/>` +
    `<text class="g-title" x="${x}" y="${line(0)}">${esc(text.title)}</text>` +
    `<text class="g-detail" x="${x}" y="${line(1)}">${esc(text.detail)}</text>` +
    `<text class="g-stats" x="${x}" y="${line(2)}">${esc(text.stats)}</text></g>`
  );
}

export function valueAria(v: ValueNode): string {
  const parts = [
    `value ${v.name ?? 'unnamed'}`,
    `shape ${shapeText(v.shape)}`,
    v.dtype,
    `value ${clip(v.preview, 60)}`,
    v.grad ? `gradient ${clip(v.grad.preview, 60)}` : 'no gradient',
  ];
  if (v.roles.length) parts.push(v.roles.join(' '));
  const where = whereText(v.span);
  if (where) parts.push(where);
  return parts.join(', ');
}

export function opAria(g: TapeGraph, op: OpNode): string {
  const name = (id: string): string => (g.nodes.get(id) as ValueNode | undefined)?.name ?? 'unnamed';
  const parts = [`op ${op.label} (${op.op})`, `inputs ${op.inputs.map(name).join(', ')}`, `output ${name(op.output)}`];
  const where = whereText(op.span);
  if (where) parts.push(where);
  if (op.iteration) parts.push(`iteration ${op.iteration}`);
  return parts.join(', ');
}

/** The `<defs>` every rendering needs (arrow head). */
export const SVG_DEFS =
  '<defs><marker id="gl-arrow" viewBox="0 0 10 10" refX="9" refY="5" markerUnits="userSpaceOnUse" markerWidth="9" markerHeight="9" orient="auto-start-reverse"><path class="arrow-head" d="M0,0L10,5L0,10z"/></marker></defs>';

/**
 * A standalone SVG document of a rendering, for "Export SVG": the theme's colours resolved into a `<style>` (the
 * webview passes its computed CSS), and a title.
 */
export function standaloneSvg(r: Rendered, css: string, title: string, dir: Dir): string {
  return (
    `<?xml version="1.0" encoding="UTF-8"?>\n<svg xmlns="http://www.w3.org/2000/svg" class="gl-graph dir-${dir}" width="${n(r.width)}" height="${n(r.height)}" viewBox="0 0 ${n(r.width)} ${n(r.height)}">` +
    `<title>${esc(title)}</title><style>${css.replace(/<\/?style/gi, '')}</style>${SVG_DEFS}` +
    `<rect class="export-bg" x="0" y="0" width="${n(r.width)}" height="${n(r.height)}"/>${r.markup}</svg>\n`
  );
}
