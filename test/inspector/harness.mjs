// A stand-alone page for the inspector webview outside VS Code: the real HTML (src/extension/inspector/html.ts,
// same CSP), dist/inspector.js and media/inspector.css, a fake `acquireVsCodeApi` that records what the app posts,
// and theme variables like VS Code's Dark Modern (or a light / high-contrast set). Used by preview.mjs (screenshots
// while developing) and bench.mjs (timings in Chromium). Needs `npm run build` first.
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import * as esbuild from 'esbuild';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

const THEMES = {
  dark: {
    body: 'vscode-dark',
    vars: {
      '--vscode-font-family': 'system-ui, sans-serif',
      '--vscode-font-size': '13px',
      '--vscode-editor-font-family': "'DejaVu Sans Mono', monospace",
      '--vscode-editor-font-size': '12px',
      '--vscode-foreground': '#cccccc',
      '--vscode-editor-background': '#1f1f1f',
      '--vscode-editor-foreground': '#cccccc',
      '--vscode-editorWidget-background': '#202020',
      '--vscode-editorWidget-border': '#454545',
      '--vscode-panel-border': '#2b2b2b',
      '--vscode-descriptionForeground': '#9d9d9d',
      '--vscode-focusBorder': '#0078d4',
      '--vscode-badge-background': '#616161',
      '--vscode-badge-foreground': '#f8f8f8',
      '--vscode-button-secondaryBackground': '#313131',
      '--vscode-button-secondaryForeground': '#cccccc',
      '--vscode-button-secondaryHoverBackground': '#3c3c3c',
      '--vscode-input-background': '#313131',
      '--vscode-input-foreground': '#cccccc',
      '--vscode-input-border': '#3c3c3c',
      '--vscode-dropdown-background': '#313131',
      '--vscode-dropdown-foreground': '#cccccc',
      '--vscode-sideBar-background': '#181818',
      '--vscode-textCodeBlock-background': '#2b2b2b',
      '--vscode-charts-orange': '#d18616',
      '--vscode-charts-purple': '#b180d7',
      '--vscode-charts-yellow': '#cca700',
      '--vscode-gradientLens-positiveGradient': '#3794ff',
      '--vscode-gradientLens-negativeGradient': '#f14c4c',
      '--vscode-gradientLens-sourceNode': '#89d185',
      '--vscode-gradientLens-targetNode': '#cca700',
    },
  },
  light: {
    body: 'vscode-light',
    vars: {
      '--vscode-font-family': 'system-ui, sans-serif',
      '--vscode-font-size': '13px',
      '--vscode-editor-font-family': "'DejaVu Sans Mono', monospace",
      '--vscode-foreground': '#3b3b3b',
      '--vscode-editor-background': '#ffffff',
      '--vscode-editor-foreground': '#3b3b3b',
      '--vscode-editorWidget-background': '#f8f8f8',
      '--vscode-editorWidget-border': '#c8c8c8',
      '--vscode-panel-border': '#e5e5e5',
      '--vscode-descriptionForeground': '#717171',
      '--vscode-focusBorder': '#005fb8',
      '--vscode-badge-background': '#cccccc',
      '--vscode-badge-foreground': '#3b3b3b',
      '--vscode-button-secondaryBackground': '#e5e5e5',
      '--vscode-button-secondaryForeground': '#3b3b3b',
      '--vscode-input-background': '#ffffff',
      '--vscode-input-border': '#cecece',
      '--vscode-sideBar-background': '#f8f8f8',
      '--vscode-gradientLens-positiveGradient': '#0066bf',
      '--vscode-gradientLens-negativeGradient': '#c72e2e',
      '--vscode-gradientLens-sourceNode': '#388a34',
      '--vscode-gradientLens-targetNode': '#bf8803',
    },
  },
  hc: {
    body: 'vscode-high-contrast',
    vars: {
      '--vscode-font-family': 'system-ui, sans-serif',
      '--vscode-editor-font-family': "'DejaVu Sans Mono', monospace",
      '--vscode-foreground': '#ffffff',
      '--vscode-editor-background': '#000000',
      '--vscode-editor-foreground': '#ffffff',
      '--vscode-contrastBorder': '#6fc3df',
      '--vscode-contrastActiveBorder': '#f38518',
      '--vscode-focusBorder': '#f38518',
      '--vscode-descriptionForeground': '#ffffff',
      '--vscode-badge-background': '#000000',
      '--vscode-badge-foreground': '#ffffff',
      '--vscode-gradientLens-positiveGradient': '#4fc1ff',
      '--vscode-gradientLens-negativeGradient': '#f48771',
      '--vscode-gradientLens-sourceNode': '#89d185',
      '--vscode-gradientLens-targetNode': '#ffd700',
    },
  },
};

/**
 * Writes the page into a temp dir and serves it on 127.0.0.1 (the browser may reach loopback only). Returns its URL
 * and `close()`, which stops the server and removes the dir.
 */
export async function writeHarness(theme = 'dark') {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gl-inspector-'));
  const server = http.createServer((req, res) => {
    const name = path.basename(new URL(req.url, 'http://x').pathname) || 'index.html';
    const file = path.join(dir, name);
    if (!fs.existsSync(file)) {
      res.writeHead(404).end();
      return;
    }
    const type = name.endsWith('.js') ? 'text/javascript' : name.endsWith('.css') ? 'text/css' : 'text/html';
    res.writeHead(200, { 'content-type': `${type}; charset=utf-8` }).end(fs.readFileSync(file));
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  const origin = `http://127.0.0.1:${server.address().port}`;
  const out = path.join(dir, 'html.mjs');
  await esbuild.build({
    entryPoints: [path.join(root, 'src/extension/inspector/html.ts')],
    outfile: out,
    bundle: true,
    format: 'esm',
    platform: 'node',
  });
  const { inspectorHtml, makeNonce } = await import(pathToFileURL(out).href);
  fs.copyFileSync(path.join(root, 'dist/inspector.js'), path.join(dir, 'inspector.js'));
  fs.copyFileSync(path.join(root, 'media/inspector.css'), path.join(dir, 'inspector.css'));
  const t = THEMES[theme];
  fs.writeFileSync(
    path.join(dir, 'theme.css'),
    `html{${Object.entries(t.vars)
      .map(([k, v]) => `${k}:${v};`)
      .join('')}}`,
  );
  fs.writeFileSync(
    path.join(dir, 'fake-api.js'),
    `document.body.classList.add(${JSON.stringify(t.body)});
window.posted = [];
let saved = undefined;
window.acquireVsCodeApi = () => ({ postMessage: (m) => window.posted.push(m), getState: () => saved, setState: (s) => { saved = s; } });`,
  );
  const nonce = makeNonce();
  let html = inspectorHtml({
    cspSource: origin,
    scriptUri: `${origin}/inspector.js`,
    styleUri: `${origin}/inspector.css`,
    nonce,
  });
  html = html
    .replace('</head>', `<link rel="stylesheet" href="${origin}/theme.css">\n</head>`)
    .replace(
      `<script nonce="${nonce}"`,
      `<script nonce="${nonce}" src="${origin}/fake-api.js"></script>\n<script nonce="${nonce}"`,
    );
  fs.writeFileSync(path.join(dir, 'index.html'), html);
  const close = () => {
    server.close();
    fs.rmSync(dir, { recursive: true, force: true });
  };
  return { dir, url: `${origin}/index.html`, close };
}

/** A `report` message for the app from a RunReport. */
export const reportMessage = (r, uri = 'file:///work/example.py', focus) => ({
  type: 'report',
  uri,
  key: `${uri}@1`,
  tapes: r.tapes,
  gradients: r.gradients,
  ...(focus ? { focus } : {}),
});
