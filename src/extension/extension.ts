/**
 * Gradient Lens: live TensorFlow GradientTape gradients in the editor, computed by the TypeScript engine in a worker.
 * `activate` builds the one context object, registers the features on it and returns the test API.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { type NodeTransportOptions, nodeTransport } from '../worker/transport.node';
import { createApi, type GradientLensApi } from './api';
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

export function activate(extension: vscode.ExtensionContext): GradientLensApi | undefined {
  try {
    let ctx: GradientLensContext | undefined;
    const workerOptions: NodeTransportOptions = {
      workerPath: path.join(extension.extensionPath, 'dist', 'worker.js'),
      // V8's code cache for the engine: a worker started after the first one compiles it much faster.
      codeCacheDir:
        extension.globalStorageUri.scheme === 'file'
          ? path.join(extension.globalStorageUri.fsPath, 'code-cache')
          : undefined,
      onCodeCache: (file) => {
        if (!ctx) return;
        ctx.codeCacheFile = file;
        ctx.log.info(`engine code cache written: ${file}`);
      },
      // Only the extension's own tests may make the worker hang or exit (worker recovery tests).
      testHooks: extension.extensionMode === vscode.ExtensionMode.Test,
    };
    const transport = nodeTransport(workerOptions);
    ctx = new GradientLensContext(extension, transport);
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
    registerKernel(ctx, nodeTransport({ ...workerOptions, warmUp: false }));
    ctx.log.info(
      `activated ${extension.extension.packageJSON.version} (VS Code ${vscode.version}, ${vscode.env.appName})`,
    );
    return createApi(ctx);
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    console.error('[gradient-lens] activation failed', e);
    void vscode.window.showErrorMessage(vscode.l10n.t('Gradient Lens could not start: {0}', message));
    return undefined;
  }
}

export function deactivate(): void {
  // Everything is disposed through the extension context's subscriptions.
}
