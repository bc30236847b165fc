/**
 * The one object `activate` builds. It owns every disposable (subscriptions are disposed in one place), the typed
 * configuration, the log channel, the report cache and the engine runner; features receive it and read from it.
 */
import * as vscode from 'vscode';
import type { InspectorTarget } from '../protocol/messages';
import type { TransportFactory } from '../worker/transport';
import { type GradientLensConfig, needsRerun, readConfig } from './core/config';
import type { FormatOptions } from './core/format';
import { IterationSelections } from './core/iterations';
import { ReportCache } from './core/reportCache';
import type { Translate } from './core/translate';
import { Runner } from './runner';

/**
 * The tape inspector panel plugs in here: `ctx.inspectorPanel = …` at activation. Until a panel is registered,
 * "Open Tape Inspector" opens nothing and logs that the inspector is not available.
 */
export interface InspectorPanelHook {
  show(target: InspectorTarget): void | Thenable<void>;
}

export const SECTION = 'gradientLens';

export class GradientLensContext implements vscode.Disposable {
  readonly subscriptions: vscode.Disposable[] = [];
  readonly log: vscode.LogOutputChannel;
  readonly cache = new ReportCache();
  /** The loop iteration each document's lenses, hints and hovers show ("Show Iteration…"). */
  readonly iterations = new IterationSelections();
  readonly runner: Runner;
  readonly t: Translate = (message, ...args) => vscode.l10n.t(message, ...args);
  inspectorPanel?: InspectorPanelHook;
  /** The engine's V8 code cache, once a worker wrote it this session. */
  codeCacheFile?: string;
  private current: GradientLensConfig;
  private readonly configChanged = new vscode.EventEmitter<GradientLensConfig>();
  readonly onDidChangeConfig = this.configChanged.event;

  constructor(
    readonly extension: vscode.ExtensionContext,
    transport: TransportFactory,
  ) {
    this.log = vscode.window.createOutputChannel('Gradient Lens', { log: true });
    this.subscriptions.push(this.log, this.configChanged, this.cache, this.iterations);
    this.current = readConfig(vscode.workspace.getConfiguration(SECTION));
    this.runner = new Runner(this, transport);
    this.subscriptions.push(this.runner);
    vscode.workspace.onDidChangeConfiguration(
      (e) => {
        if (!e.affectsConfiguration(SECTION)) return;
        const before = this.current;
        this.current = readConfig(vscode.workspace.getConfiguration(SECTION));
        this.log.info(`settings changed: ${JSON.stringify(this.current)}`);
        this.configChanged.fire(this.current);
        if (needsRerun(before, this.current)) this.runner.rerunAll('settings changed');
      },
      this,
      this.subscriptions,
    );
  }

  get config(): GradientLensConfig {
    return this.current;
  }

  /** Number formatting for one-line previews (lenses, hints, the cell status). */
  get fmt(): FormatOptions {
    return { precision: this.config.numberPrecision, maxChars: 60 };
  }

  dispose(): void {
    for (const d of this.subscriptions.splice(0).reverse()) {
      try {
        d.dispose();
      } catch (e) {
        console.error('[gradient-lens] dispose failed', e);
      }
    }
  }
}
