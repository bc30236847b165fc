/**
 * The browser entry point (`browser`: VS Code for the Web, github.dev, a browser-hosted workbench's web worker
 * extension host). Same activation as the Node entry (`activate.ts`); the engine runs in a Web Worker
 * (`transport.web.ts`) started from the text of `dist/worker.web.js`, and the event-loop delay is measured with a
 * timer chain. No V8 code cache (the browser caches compiled scripts itself) and no Node module.
 */
import * as vscode from 'vscode';
import { webTransport } from '../worker/transport.web';
import { activateWith, type Platform } from './activate';
import type { GradientLensApi } from './api';
import { timerLoopDelay } from './core/loopDelay';

/**
 * The engine bundle's text. `fetch` reaches the extension's own files in every web host: VS Code's web worker host
 * maps `vscode-remote:` and `file:` URIs to its resource URLs, and `https:` ones (vscode.dev) are fetched as they are.
 */
async function readEngine(extensionUri: vscode.Uri): Promise<string> {
  const uri = vscode.Uri.joinPath(extensionUri, 'dist', 'worker.web.js');
  const response = await fetch(uri.toString(true));
  if (!response.ok) throw new Error(`${uri.toString(true)}: ${response.status} ${response.statusText}`);
  return response.text();
}

const webPlatform: Platform = {
  host: 'web',
  transport: (extension, _ctx, options) =>
    webTransport({
      ...options,
      loadScript: () => readEngine(extension.extensionUri),
      // Only the extension's own tests may make the worker hang or crash (worker recovery tests).
      testHooks: extension.extensionMode === vscode.ExtensionMode.Test,
    }),
  loopDelay: (resolutionMs) => timerLoopDelay(resolutionMs),
};

export function activate(extension: vscode.ExtensionContext): GradientLensApi | undefined {
  return activateWith(extension, webPlatform);
}

export function deactivate(): void {
  // Everything is disposed through the extension context's subscriptions.
}
