/**
 * The inspector's boundaries: messages from the webview (untrusted) are validated against the typed protocol,
 * the webview checks what the host sends, the HTML has a strict CSP with a nonce, and stored state is re-validated.
 */
import { describe, expect, it } from 'vitest';
import { contentSecurityPolicy, inspectorHtml, makeNonce } from '../../src/extension/inspector/html';
import { MAX_TAPES, readState, tapeState } from '../../src/inspector/state';
import { isHostToInspector, isInspectorToHost } from '../../src/protocol/messages';
import { span } from './helpers';

describe('messages from the webview', () => {
  const valid = [
    { type: 'ready' },
    { type: 'reveal', span: span(3, 1, 5) },
    { type: 'reveal', span: { ...span(3), cell: 2 } },
    { type: 'copy', text: '[[8, 8], [8, 8]]' },
    {
      type: 'exportSvg',
      svg: '<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg"></svg>',
      fileName: 'a.svg',
    },
    { type: 'exportSvg', svg: '<svg></svg>', fileName: 'b.svg' },
    // The 8-byte PNG signature and an IHDR length, base64.
    { type: 'exportPng', png: 'iVBORw0KGgoAAAANSUhEUg==', fileName: 'b.png' },
    { type: 'rendered', tape: ':26:0#0', tapeId: 1, nodes: 5, items: 3, ms: 12.5 },
    { type: 'rendered', nodes: 0, items: 0, ms: 0 },
  ];
  const invalid: unknown[] = [
    null,
    undefined,
    'ready',
    42,
    [],
    {},
    { type: 'run' },
    { type: 'Ready' },
    { type: 'reveal' },
    { type: 'reveal', span: { start: { line: 1 }, end: { line: 1, character: 2 } } },
    { type: 'reveal', span: { start: { line: 1.5, character: 0 }, end: { line: 2, character: 0 } } },
    { type: 'reveal', span: { start: { line: '1', character: 0 }, end: { line: 2, character: 0 } } },
    { type: 'reveal', span: { ...span(1), cell: 'x' } },
    { type: 'copy' },
    { type: 'copy', text: 5 },
    { type: 'exportSvg', svg: '<img src=x onerror=alert(1)>', fileName: 'a.svg' },
    { type: 'exportSvg', svg: '<svg/>', fileName: 'x'.repeat(201) },
    { type: 'exportSvg', svg: '<svg></svg>' },
    { type: 'exportSvg', svg: 7, fileName: 'a.svg' },
    { type: 'exportPng', png: 'PHN2Zz48L3N2Zz4=', fileName: 'a.png' },
    { type: 'exportPng', png: 'iVBORw0KGgo<script>', fileName: 'a.png' },
    { type: 'exportPng', png: 'iVBORw0KGgo', fileName: 'x'.repeat(201) },
    { type: 'rendered', nodes: 1.5, items: 0, ms: 0 },
    { type: 'rendered', nodes: 1, items: 0, ms: Number.NaN },
    { type: 'rendered', nodes: 1, items: 0, ms: 1, tape: 7 },
  ];

  it('accepts every message of the protocol', () => {
    for (const m of valid) expect(isInspectorToHost(m), JSON.stringify(m)).toBe(true);
  });

  it('rejects everything else', () => {
    for (const m of invalid) expect(isInspectorToHost(m), JSON.stringify(m)).toBe(false);
  });

  it('each direction has its own messages: the host does not accept what it sends, nor the webview', () => {
    expect(isInspectorToHost({ type: 'focus', tape: 1 })).toBe(false);
    expect(isInspectorToHost({ type: 'empty', uri: 'u', reason: 'waiting' })).toBe(false);
    expect(isHostToInspector({ type: 'ready' })).toBe(false);
    expect(isHostToInspector({ type: 'copy', text: 'x' })).toBe(false);
  });
});

describe('messages from the host, checked in the webview', () => {
  it('accepts reports, cursors, focus and empty', () => {
    const tape = { id: 1, values: [], ops: [] };
    expect(isHostToInspector({ type: 'report', uri: 'file:///a.py', key: 'k', tapes: [tape], gradients: [] })).toBe(
      true,
    );
    expect(
      isHostToInspector({ type: 'report', uri: 'u', key: 'k', tapes: [], gradients: [], focus: { tape: 1 } }),
    ).toBe(true);
    expect(isHostToInspector({ type: 'cursor', line: 3 })).toBe(true);
    expect(isHostToInspector({ type: 'cursor', line: 3, cell: 1 })).toBe(true);
    expect(isHostToInspector({ type: 'focus', tape: 2 })).toBe(true);
    expect(isHostToInspector({ type: 'empty', uri: 'u', reason: 'waiting' })).toBe(true);
  });

  it('rejects malformed ones', () => {
    for (const m of [
      { type: 'report', uri: 'u', key: 'k', tapes: [{ id: 'x', values: [], ops: [] }], gradients: [] },
      { type: 'report', uri: 'u', key: 'k', tapes: {}, gradients: [] },
      { type: 'report', uri: 'u', key: 'k', tapes: [], gradients: [], focus: { tape: '1' } },
      { type: 'cursor', line: -0.5 },
      { type: 'empty', uri: 'u', reason: 'gone' },
      { type: 'eval', code: 'alert(1)' },
      null,
    ])
      expect(isHostToInspector(m), JSON.stringify(m)).toBe(false);
  });
});

describe('the webview HTML', () => {
  const parts = {
    cspSource: 'https://file+.vscode-resource.vscode-cdn.net',
    scriptUri: 'https://file+.vscode-resource.vscode-cdn.net/ext/dist/inspector.js',
    styleUri: 'https://file+.vscode-resource.vscode-cdn.net/ext/media/inspector.css?"><script>alert(1)</script>',
    nonce: makeNonce(),
  };
  const html = inspectorHtml(parts);

  it('has a strict CSP with the nonce and no inline script or style', () => {
    const csp = contentSecurityPolicy(parts);
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain(`script-src 'nonce-${parts.nonce}'`);
    expect(csp).toContain(`style-src ${parts.cspSource}`);
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).not.toContain('unsafe-eval');
    expect(html).toContain('http-equiv="Content-Security-Policy"');
    const scripts = [...html.matchAll(/<script([^>]*)>/g)].map((m) => m[1]);
    expect(scripts).toHaveLength(1);
    expect(scripts[0]).toContain(`nonce="${parts.nonce}"`);
    expect(scripts[0]).toContain(`src="${parts.scriptUri}"`);
    expect(html).not.toMatch(/<style/);
    expect(html).not.toMatch(/\son\w+=/);
  });

  it('escapes the asset URIs', () => {
    expect(html).not.toContain('"><script>alert(1)</script>');
    expect(html).toContain('&quot;&gt;&lt;script&gt;');
  });

  it('makes 32-character alphanumeric nonces and refuses others', () => {
    const a = makeNonce();
    expect(a).toMatch(/^[A-Za-z0-9]{32}$/);
    expect(makeNonce()).not.toBe(a);
    expect(() => inspectorHtml({ ...parts, nonce: `x' 'unsafe-inline` })).toThrow();
  });
});

describe('webview state', () => {
  it('turns anything into a valid state', () => {
    for (const raw of [undefined, null, 5, 'x', [], { tapes: 5 }, { dir: 'XY', tapes: { a: null } }]) {
      const s = readState(raw);
      expect(s.v).toBe(1);
      expect(s.dir).toBe('LR');
      expect(typeof s.tapes).toBe('object');
    }
  });

  it('keeps what is valid', () => {
    const s = readState({
      uri: 'file:///a.py',
      tape: ':26:0#0',
      dir: 'TB',
      query: 'y',
      tapes: { ':26:0#0': { view: { x: 1, y: 2, k: 0.5 }, selected: 'v|x', expanded: ['g', 7], collapsed: [] } },
    });
    expect(s).toMatchObject({ uri: 'file:///a.py', tape: ':26:0#0', dir: 'TB', query: 'y' });
    expect(s.tapes[':26:0#0']).toEqual({
      view: { x: 1, y: 2, k: 0.5 },
      selected: 'v|x',
      expanded: ['g'],
      collapsed: [],
    });
    expect(readState({ tapes: { a: { view: { x: 1, y: 2, k: -1 } } } }).tapes.a.view).toBeUndefined();
  });

  it('remembers a bounded number of tapes', () => {
    const s = readState(undefined);
    for (let i = 0; i < MAX_TAPES + 10; i++) tapeState(s, `t${i}`);
    expect(Object.keys(s.tapes)).toHaveLength(MAX_TAPES);
    expect(s.tapes[`t${MAX_TAPES + 9}`]).toBeDefined();
  });
});
