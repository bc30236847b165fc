/**
 * The details pane and the legend, as DOM: the selected node (full value, gradient, chain-rule steps, actions), the
 * selected group (counts, largest |∇|, lines), or the tape (its gradient summaries); the legend of gradient
 * magnitude buckets. Every document string goes in through `textContent`, never as markup.
 */
import { derivativeLabel } from '../protocol/derivative';
import type { Span } from '../protocol/report';
import { type App, tapeView } from './app';
import { explain, nodeTitle } from './details';
import { fmt } from './geometry';
import type { GraphNode, Group, TapeGraph, ValueNode } from './model';
import { nestedText, shapeText, whereText } from './text';
import { valueExtras } from './valuePane';
import { BUCKET_FLOOR, BUCKET_GLYPH } from './view';

export function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  props: { className?: string; text?: string; title?: string } = {},
  ...children: (Node | string | undefined | false)[]
): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  if (props.className) e.className = props.className;
  if (props.text !== undefined) e.textContent = props.text;
  if (props.title) e.title = props.title;
  for (const c of children) if (c !== undefined && c !== false) e.append(c);
  return e;
}

function button(text: string, onClick: () => void, label?: string): HTMLButtonElement {
  const b = el('button', { text });
  if (label) b.setAttribute('aria-label', label);
  b.addEventListener('click', onClick);
  return b;
}

/** `1–3; cell 2, 5` for a group's line ranges per cell (1-based). */
export function linesText(lines: Group['lines']): string {
  return [...lines.entries()]
    .map(([cell, [a, b]]) => `${cell ? `cell ${Number(cell) + 1}, ` : ''}${a + 1}${b > a ? `–${b + 1}` : ''}`)
    .join('; ');
}

export function renderDetails(app: App): void {
  const pane = app.ui.details;
  const { graph } = app;
  if (!graph) {
    pane.replaceChildren();
    return;
  }
  const id = tapeView(app)!.selected;
  const node = id ? graph.nodes.get(id) : undefined;
  const group = id ? graph.groups.get(id) : undefined;
  if (node) pane.replaceChildren(...nodeDetails(app, graph, node));
  else if (group) pane.replaceChildren(...groupDetails(app, group));
  else pane.replaceChildren(...tapeDetails(graph));
}

function groupDetails(app: App, group: Group): Node[] {
  const open = app.vis?.containers.has(group.id) ?? false;
  return [
    el('h2', { text: group.label }),
    el('p', { className: 'muted', text: group.detail }),
    el(
      'dl',
      {},
      el('dt', { text: 'Ops' }),
      el('dd', { text: String(group.opCount) }),
      el('dt', { text: 'Largest |∇|' }),
      el('dd', { text: group.mag === undefined ? 'no gradient' : fmt(group.mag) }),
      el('dt', { text: 'Lines' }),
      el('dd', { text: linesText(group.lines) }),
    ),
    ...(group.kind !== 'tape'
      ? [
          el(
            'div',
            { className: 'actions' },
            button(open ? 'Collapse' : 'Expand', () => app.toggleGroup(group.id, !open)),
          ),
        ]
      : []),
  ];
}

function tapeDetails(graph: TapeGraph): Node[] {
  return [
    el('h2', { text: graph.title }),
    el('p', { className: 'muted', text: graph.groups.get(graph.root)!.detail }),
    el('p', { text: 'Select a node to see its full value, its gradient and the chain-rule step that produced it.' }),
    ...graph.gradients.flatMap((gr) =>
      gr.results.flatMap((r) =>
        r.explanation
          ? [el('p', { className: 'formula', text: r.explanation.summary })]
          : r.none
            ? [el('p', { text: `d${gr.target}/d${r.label}: None — ${r.none.message}` })]
            : [],
      ),
    ),
  ];
}

function nodeDetails(app: App, g: TapeGraph, node: GraphNode): Node[] {
  const out: Node[] = [];
  const ex = explain(g, node.id);
  if (node.kind === 'value') {
    out.push(
      el(
        'h2',
        {},
        el('span', { text: node.name ?? 'unnamed value' }),
        el('span', { className: 'muted', text: ` · value` }),
      ),
      el('p', {
        className: 'muted',
        text: `${shapeText(node.shape)} ${node.dtype}${node.roles.length ? ` · ${node.roles.join(', ')}` : ''}`,
      }),
    );
    const producer = node.producer ? g.nodes.get(node.producer) : undefined;
    if (producer) out.push(el('p', { className: 'muted', text: `output of ${nodeTitle(producer)}` }));
    out.push(
      el('h3', { text: 'Value' }),
      el('pre', { text: node.value !== undefined ? nestedText(node.value) : node.preview }),
    );
    if (node.value === undefined && !node.stats)
      out.push(el('p', { className: 'muted', text: 'Preview only: the full value is too large to embed.' }));
    out.push(...valueExtras(node, el));
    const call = node.gradCall !== undefined ? g.tape.calls?.[node.gradCall] : undefined;
    const target = call?.target ?? g.gradients[g.gradients.length - 1]?.target;
    out.push(el('h3', { text: target ? `Gradient ${derivativeLabel(target, node.name ?? '·')}` : 'Gradient' }));
    if (node.grad)
      out.push(
        el('pre', {
          className: 'grad',
          text: node.grad.value !== undefined ? nestedText(node.grad.value) : node.grad.preview,
        }),
      );
    else
      out.push(
        el('p', {
          className: 'muted',
          text: g.gradients.length
            ? 'No gradient reached this value: it is not on a path from a source to the target.'
            : 'No gradient yet: call tape.gradient(target, sources) after the tape block.',
        }),
      );
  } else {
    const name = (id: string): string => (g.nodes.get(id) as ValueNode | undefined)?.name ?? 'unnamed';
    out.push(
      el('h2', {}, el('span', { text: node.label }), el('span', { className: 'muted', text: ` · op ${node.op}` })),
      el(
        'p',
        { className: 'muted' },
        `${node.inputs.map(name).join(', ')} → ${name(node.output)}`,
        node.iteration ? ` · iteration ${node.iteration}` : '',
        node.backward ? ' · recorded during a gradient computation' : '',
      ),
    );
  }
  if (ex.steps.length || ex.summary) {
    out.push(el('h3', { text: 'Chain rule' }));
    const list = el('ul', { className: 'steps' });
    for (const s of ex.steps) list.append(el('li', { className: 'formula', text: s }));
    if (ex.more) list.append(el('li', { className: 'muted', text: `… ${ex.more} more` }));
    out.push(list);
    if (ex.summary) out.push(el('p', { className: 'formula summary', text: ex.summary }));
  }
  const actions = el('div', { className: 'actions' });
  const span: Span | undefined = node.span;
  if (span)
    actions.append(
      button(
        `Reveal ${whereText(span)}`,
        () => app.post({ type: 'reveal', span }),
        `Reveal ${whereText(span)} in the editor`,
      ),
    );
  if (node.kind === 'value') {
    actions.append(
      button('Copy value', () =>
        app.post({ type: 'copy', text: node.value !== undefined ? nestedText(node.value) : node.preview }),
      ),
    );
    const grad = node.grad;
    if (grad)
      actions.append(
        button('Copy gradient', () =>
          app.post({ type: 'copy', text: grad.value !== undefined ? nestedText(grad.value) : grad.preview }),
        ),
      );
  }
  out.push(actions);
  return out;
}

/** The legend's title and bucket labels for a tape whose largest |∇| is `max` (pure, for tests). */
export function legendTexts(max: number, hasGrad: boolean): { title: string; buckets: string[] } {
  const title =
    max > 0
      ? `|∇| relative to the largest (${fmt(max)}):`
      : hasGrad
        ? 'Every gradient on this tape is 0.'
        : 'No gradient computed on this tape yet.';
  const buckets: string[] = [];
  if (max > 0)
    for (let b = 5; b >= 0; b--) {
      const label = b === 0 ? '0' : b === 1 ? `< ${fmt(BUCKET_FLOOR[2] * max)}` : `≥ ${fmt(BUCKET_FLOOR[b] * max)}`;
      buckets.push(`${BUCKET_GLYPH[b]} ${b === 5 ? `≥ ${fmt(max / 2)}` : label}`);
    }
  return { title, buckets };
}

export function renderLegend(app: App): void {
  const { graph, ui } = app;
  if (!graph) {
    ui.legend.replaceChildren();
    return;
  }
  const max = graph.maxMag;
  const { title, buckets } = legendTexts(max, graph.hasGrad);
  const items: Node[] = [el('span', { className: 'legend-title', text: title })];
  if (max > 0) {
    buckets.forEach((text, k) => {
      items.push(el('span', { className: `legend-item b${5 - k} pos` }, el('span', { className: 'swatch' }), text));
    });
    items.push(
      el('span', { className: 'legend-item b5 neg' }, el('span', { className: 'swatch' }), 'negative'),
      el('span', { className: 'legend-item', text: '∇ — no gradient' }),
      el('span', { className: 'legend-item', text: 'edge width ∝ |∇|' }),
    );
  }
  items.push(el('span', { className: 'legend-item', text: '◆ source  ◎ target' }));
  ui.legend.replaceChildren(...items);
}
