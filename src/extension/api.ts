/**
 * What `activate` returns: a small API for tests (and other extensions) to wait for results without sleeping.
 */
import type * as vscode from 'vscode';
import type { RunReport } from '../protocol/report';
import type { GradientLensContext } from './context';
import type { RunStatus } from './core/reportCache';

export interface GradientLensApi {
  /**
   * Resolves with the latest report of a file or notebook once no run for it is waiting or running (and at least
   * one report exists), or `undefined` after `timeoutMs`.
   */
  settled(uri: vscode.Uri, timeoutMs?: number): Promise<RunReport | undefined>;
  status(uri: vscode.Uri): RunStatus | undefined;
  /** Engine workers started so far (1 + restarts). */
  workersStarted(): number;
}

export function createApi(ctx: GradientLensContext): GradientLensApi {
  return {
    async settled(uri, timeoutMs = 20_000) {
      const key = uri.toString();
      const end = Date.now() + timeoutMs;
      while (Date.now() < end) {
        const latest = ctx.cache.get(key)?.latest;
        if (latest && !ctx.runner.isPending(key)) return latest.report;
        await new Promise((r) => setTimeout(r, 25));
      }
      return undefined;
    },
    status: (uri) => ctx.cache.get(uri.toString())?.status,
    workersStarted: () => ctx.runner.workersStarted,
  };
}
