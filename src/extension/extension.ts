/**
 * Gradient Lens: live TensorFlow GradientTape gradients in the editor, computed by the TypeScript engine in a worker.
 * The Node entry point (`main`: desktop, remote and code-server's Node extension host): the engine runs in a
 * `worker_threads` Worker compiled with V8's code cache; the browser entry is `extension.web.ts`.
 */
import * as path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import * as vscode from 'vscode';
import { nodeTransport } from '../worker/transport.node';
import { activateWith, type Platform } from './activate';
import type { GradientLensApi } from './api';

const nodePlatform: Platform = {
  host: 'node',
  transport: (extension, ctx, options) =>
    nodeTransport({
      ...options,
      workerPath: path.join(extension.extensionPath, 'dist', 'worker.js'),
      // V8's code cache for the engine: a worker started after the first one compiles it much faster.
      codeCacheDir:
        extension.globalStorageUri.scheme === 'file'
          ? path.join(extension.globalStorageUri.fsPath, 'code-cache')
          : undefined,
      onCodeCache: (file) => {
        const c = ctx();
        if (!c) return;
        c.codeCacheFile = file;
        c.log.info(`engine code cache written: ${file}`);
      },
      // Only the extension's own tests may make the worker hang or exit (worker recovery tests).
      testHooks: extension.extensionMode === vscode.ExtensionMode.Test,
    }),
  loopDelay(resolutionMs) {
    // perf_hooks samples are the time between ticks (nanoseconds): the resolution is subtracted.
    const h = monitorEventLoopDelay({ resolution: resolutionMs });
    h.enable();
    const ms = (ns: number) => Math.max(0, ns / 1e6 - resolutionMs);
    return {
      stop() {
        h.disable();
        return {
          p50: ms(h.percentile(50)),
          p90: ms(h.percentile(90)),
          p99: ms(h.percentile(99)),
          max: ms(h.max),
          mean: ms(h.mean),
          count: h.count,
        };
      },
    };
  },
};

export function activate(extension: vscode.ExtensionContext): GradientLensApi | undefined {
  return activateWith(extension, nodePlatform);
}

export function deactivate(): void {
  // Everything is disposed through the extension context's subscriptions.
}
