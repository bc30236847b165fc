/**
 * Activation shared by the two entry points: `extension.ts` (Node: desktop, remote and code-server's Node extension
 * host) and `extension.web.ts` (a browser's web worker extension host: VS Code for the Web, github.dev). Each entry
 * passes its `Platform` — how the engine worker is started and how the host's event-loop delay is measured — and
 * everything else (the context, the features, the inspector, the API) is the same code.
 */
import * as vscode from 'vscode';
import type { TransportFactory } from '../worker/transport';
import { createApi, type GradientLensApi, type LoopDelayMonitor } from './api';
import { GradientLensContext } from './context';
import { registerCodeLenses } from './features/codeLensProvider';
import { registerCommands } from './features/commands';
import { registerDiagnostics } from './features/diagnostics';
import { registerHover } from './features/hoverProvider';
import { registerInlayHints } from './features/inlayHintsProvider';
import { registerKernel } from './features/kernelController';
import { registerLanguageStatus } from './features/languageStatus';
import { registerLiveDocuments } from './features/liveDocuments';
import { registerNotebookStatus } from './features/notebookStatus';
import { registerQuickFixes } from './features/quickFixProvider';
import { registerInspectorPanel } from './inspector/inspectorPanel';

export interface Platform {
  /** Which extension host runs the extension: Node (`worker_threads`) or a browser's web worker (Web Workers). */
  host: 'node' | 'web';
  /**
   * The engine worker's transport. `ctx()` is the context once it exists (for logging what the worker reports);
   * `warmUp: false` for a worker that runs no lens program (the notebook kernel's).
   */
  transport(
    extension: vscode.ExtensionContext,
    ctx: () => GradientLensContext | undefined,
    options?: { warmUp?: boolean },
  ): TransportFactory;
  /** Starts measuring the host's event-loop delay (samples every `resolutionMs`). */
  loopDelay(resolutionMs: number): LoopDelayMonitor;
}

export function activateWith(extension: vscode.ExtensionContext, platform: Platform): GradientLensApi | undefined {
  try {
    let ctx: GradientLensContext | undefined;
    ctx = new GradientLensContext(
      extension,
      platform.transport(extension, () => ctx),
    );
    extension.subscriptions.push(ctx);
    registerCommands(ctx);
    registerCodeLenses(ctx);
    registerHover(ctx);
    registerInlayHints(ctx);
    registerDiagnostics(ctx);
    registerQuickFixes(ctx);
    registerLanguageStatus(ctx);
    registerNotebookStatus(ctx);
    registerLiveDocuments(ctx);
    ctx.inspectorPanel = registerInspectorPanel(ctx);
    // The notebook kernel: a worker per notebook, apart from the lens's (no warm-up: it runs no lens program).
    registerKernel(
      ctx,
      platform.transport(extension, () => ctx, { warmUp: false }),
    );
    ctx.log.info(
      `activated ${extension.extension.packageJSON.version} (VS Code ${vscode.version}, ${vscode.env.appName}, ${platform.host} extension host)`,
    );
    return createApi(ctx, platform);
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    console.error('[gradient-lens] activation failed', e);
    void vscode.window.showErrorMessage(vscode.l10n.t('Gradient Lens could not start: {0}', message));
    return undefined;
  }
}
