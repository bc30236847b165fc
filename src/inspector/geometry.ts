/**
 * Sizes and inner geometry of what the graph draws: a unit (op pill → value card), a collapsed group box, a frame.
 * Text is monospace (the editor font), so widths follow from character counts without measuring the DOM — the same
 * numbers in the webview, in tests and in the benchmark.
 */
import type { Group, OpNode, TapeGraph, Unit, ValueNode } from './model';
import { clip, shapeText } from './text';
import { BUCKET_GLYPH, magBucket } from './view';

export type Dir = 'LR' | 'TB';
export interface Point {
  x: number;
  y: number;
}
export interface Rect {
  x: number;
  y: number;
  w: number;
  h: number;
}

export const FONT_PX = 12;
export const CHAR_W = 7.3;
export const LINE_H = 16;
const PAD_X = 9;
const PAD_Y = 7;
const PILL_H = 24;
const GAP = 22;
export const FRAME_PAD = 12;
export const FRAME_HEAD = 24;
const PREVIEW_CHARS = 30;
const NAME_CHARS = 32;

const textW = (s: string): number => s.length * CHAR_W;

export interface CardText {
  title: string;
  badges: string;
  shape: string;
  value: string;
  grad: string;
  bucket: number;
}

const ROLE_BADGES: [string, string][] = [
  ['source', '◆ source'],
  ['target', '◎ target'],
  ['variable', 'var'],
  ['constant', 'const'],
];

export function cardText(v: ValueNode, maxMag: number): CardText {
  const badges = ROLE_BADGES.filter(([r]) => v.roles.includes(r as never)).map(([, b]) => b);
  if (v.roles.includes('watched') && !v.roles.includes('source')) badges.push('watched');
  const bucket = magBucket(v.mag, maxMag);
  return {
    title: clip(v.name ?? '', NAME_CHARS),
    badges: badges.join(' '),
    shape: `${shapeText(v.shape)} ${v.dtype}`,
    value: `= ${clip(v.preview, PREVIEW_CHARS)}`,
    grad: v.grad ? `∇ ${BUCKET_GLYPH[Math.max(0, bucket)]} ${clip(v.grad.preview, PREVIEW_CHARS)}` : '∇ —',
    bucket,
  };
}

export interface UnitGeom {
  w: number;
  h: number;
  op?: Rect;
  card: Rect;
  /** Where incoming edges end and outgoing ones start (unit coordinates). */
  inPort: Point;
  outPort: Point;
  /** The op → value arrow inside the unit. */
  arrow?: [Point, Point];
  text: CardText;
}

export function unitGeom(g: TapeGraph, unit: Unit, dir: Dir): UnitGeom {
  const v = g.nodes.get(unit.value) as ValueNode;
  const text = cardText(v, g.maxMag);
  const titleLine = text.title.length + (text.badges ? text.badges.length + 2 : 0);
  const chars = Math.max(titleLine, text.shape.length, text.value.length, text.grad.length, 6);
  const cw = Math.ceil(chars * CHAR_W + 2 * PAD_X);
  const ch = 4 * LINE_H + 2 * PAD_Y;
  if (!unit.op) {
    const card = { x: 0, y: 0, w: cw, h: ch };
    return {
      w: cw,
      h: ch,
      card,
      text,
      inPort: dir === 'LR' ? { x: 0, y: ch / 2 } : { x: cw / 2, y: 0 },
      outPort: dir === 'LR' ? { x: cw, y: ch / 2 } : { x: cw / 2, y: ch },
    };
  }
  const op = g.nodes.get(unit.op) as OpNode;
  const pw = Math.ceil(textW(op.label) + 2 * 12);
  if (dir === 'LR') {
    const opRect = { x: 0, y: (ch - PILL_H) / 2, w: pw, h: PILL_H };
    const card = { x: pw + GAP, y: 0, w: cw, h: ch };
    return {
      w: pw + GAP + cw,
      h: ch,
      op: opRect,
      card,
      text,
      inPort: { x: 0, y: ch / 2 },
      outPort: { x: pw + GAP + cw, y: ch / 2 },
      arrow: [
        { x: pw, y: ch / 2 },
        { x: pw + GAP, y: ch / 2 },
      ],
    };
  }
  const w = Math.max(pw, cw);
  const opRect = { x: (w - pw) / 2, y: 0, w: pw, h: PILL_H };
  const card = { x: (w - cw) / 2, y: PILL_H + GAP, w: cw, h: ch };
  return {
    w,
    h: PILL_H + GAP + ch,
    op: opRect,
    card,
    text,
    inPort: { x: w / 2, y: 0 },
    outPort: { x: w / 2, y: PILL_H + GAP + ch },
    arrow: [
      { x: w / 2, y: PILL_H },
      { x: w / 2, y: PILL_H + GAP },
    ],
  };
}

export interface BoxText {
  title: string;
  detail: string;
  stats: string;
}

export function groupBoxText(g: TapeGraph, group: Group): BoxText {
  const bucket = magBucket(group.mag, g.maxMag);
  const grad =
    group.mag === undefined ? 'no gradient' : `max |∇| ${BUCKET_GLYPH[Math.max(0, bucket)]} ${fmt(group.mag)}`;
  return {
    title: `⊞ ${group.label}`,
    detail: clip(group.detail || kindWord(group), 48),
    stats: `${group.opCount} op${group.opCount === 1 ? '' : 's'} · ${grad}`,
  };
}

const kindWord = (group: Group): string =>
  group.kind === 'chunk'
    ? 'collapsed part of a large graph'
    : group.kind === 'iteration'
      ? 'one loop iteration'
      : group.kind === 'layer'
        ? 'layer call'
        : '';

export function groupBoxGeom(g: TapeGraph, group: Group): { w: number; h: number; text: BoxText } {
  const text = groupBoxText(g, group);
  const chars = Math.max(text.title.length, text.detail.length, text.stats.length, 12);
  return { w: Math.ceil(chars * CHAR_W + 2 * PAD_X + 6), h: 3 * LINE_H + 2 * PAD_Y + 6, text };
}

/** A frame's header text (expanded group). */
export function frameTitle(group: Group): string {
  const mark = group.kind === 'tape' ? '' : '⊟ ';
  return `${mark}${group.label}${group.detail ? ` — ${group.detail}` : ''}`;
}

export const frameHeadWidth = (group: Group): number => textW(frameTitle(group)) + 2 * FRAME_PAD;

/** Numbers in stats: 3 significant digits. */
export function fmt(x: number): string {
  if (!Number.isFinite(x)) return x > 0 ? 'inf' : x < 0 ? '-inf' : 'nan';
  if (x === 0) return '0';
  const a = Math.abs(x);
  if (a >= 1e5 || a < 1e-3) return x.toExponential(2);
  return String(Number(x.toPrecision(3)));
}
