/**
 * The inspector webview's HTML: a strict Content Security Policy (no inline script or style; scripts only with the
 * per-load nonce; styles, fonts, images and the stylesheet fetch for "Export SVG" only from the extension's resource
 * origin), assets by `asWebviewUri` URIs, and the static skeleton the app fills in. Pure (no `vscode` import) so it
 * is unit-tested; the panel passes in the URIs and the CSP source.
 */

export interface InspectorHtmlParts {
  /** `webview.cspSource`. */
  cspSource: string;
  /** `asWebviewUri` of dist/inspector.js and media/inspector.css. */
  scriptUri: string;
  styleUri: string;
  nonce: string;
}

const attr = (s: string): string =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** 32 characters from [A-Za-z0-9], from a CSPRNG. */
export function makeNonce(random: (bytes: Uint8Array) => Uint8Array = (b) => crypto.getRandomValues(b)): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  const bytes = random(new Uint8Array(32));
  let out = '';
  for (const b of bytes) out += alphabet[b % alphabet.length];
  return out;
}

export function contentSecurityPolicy(p: Pick<InspectorHtmlParts, 'cspSource' | 'nonce'>): string {
  return [
    "default-src 'none'",
    `img-src ${p.cspSource} data:`,
    `style-src ${p.cspSource}`,
    `font-src ${p.cspSource}`,
    `connect-src ${p.cspSource}`,
    `script-src 'nonce-${p.nonce}'`,
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
}

export function inspectorHtml(p: InspectorHtmlParts): string {
  if (!/^[A-Za-z0-9]+$/.test(p.nonce)) throw new Error('inspector: bad nonce');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${attr(contentSecurityPolicy(p))}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${attr(p.styleUri)}" data-graph-css>
<title>Tape Inspector</title>
</head>
<body>
<div id="app">
  <header class="toolbar" role="toolbar" aria-label="Tape inspector">
    <select id="tape-select" aria-label="Tape to show" title="Tape to show"></select>
    <select id="call-select" aria-label="Gradient call whose gradients are shown" title="Gradient call whose gradients are shown" hidden></select>
    <div class="search" role="search">
      <input id="search" type="search" placeholder="Search name, op, shape" aria-label="Search nodes by name, op or shape" spellcheck="false">
      <span id="search-count" class="muted" aria-live="polite"></span>
      <button id="search-prev" title="Previous match (Shift+Enter)" aria-label="Previous match">↑</button>
      <button id="search-next" title="Next match (Enter)" aria-label="Next match">↓</button>
    </div>
    <div class="buttons">
      <button id="dir" title="Switch layout direction">LR</button>
      <button id="zoom-out" title="Zoom out (−)" aria-label="Zoom out">−</button>
      <button id="zoom-fit" title="Fit to view (0)" aria-label="Fit to view">Fit</button>
      <button id="zoom-in" title="Zoom in (+)" aria-label="Zoom in">+</button>
      <button id="collapse-all" title="Collapse every group">Collapse</button>
      <button id="expand-all" title="Open the collapsed groups one level">Expand</button>
      <button id="export" title="Save the graph as an SVG file" aria-label="Export SVG">SVG</button>
      <button id="export-png" title="Save the graph as a PNG image" aria-label="Export PNG">PNG</button>
    </div>
    <div class="stepper" role="group" aria-label="Step through the backward pass">
      <button id="step-first" title="Backward pass: first step" aria-label="Backward pass: first step">|◀</button>
      <button id="step-prev" title="Previous step ([)" aria-label="Backward pass: previous step">◀</button>
      <span id="step-text" aria-live="polite">Backward</span>
      <button id="step-next" title="Next step (])" aria-label="Backward pass: next step">▶</button>
      <button id="step-last" title="Backward pass: last step" aria-label="Backward pass: last step">▶|</button>
      <button id="step-exit" title="Stop stepping (Escape)" aria-label="Stop stepping" hidden>✕</button>
    </div>
  </header>
  <div id="banner" role="status" hidden></div>
  <main id="main">
    <div id="graph" tabindex="0" role="application" aria-roledescription="graph" aria-label="Tape graph">
      <svg id="svg" class="gl-graph" xmlns="http://www.w3.org/2000/svg" aria-hidden="false"><g id="viewport"><g id="content"></g></g></svg>
      <p id="empty" class="empty">Open a Python file or notebook with a GradientTape.</p>
    </div>
    <aside id="details" aria-label="Details of the selected node" aria-live="polite"></aside>
  </main>
  <footer id="legend" aria-label="Colour legend"></footer>
  <div id="live" class="visually-hidden" aria-live="polite"></div>
</div>
<script nonce="${p.nonce}" src="${attr(p.scriptUri)}"></script>
</body>
</html>`;
}
