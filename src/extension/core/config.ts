/**
 * The `gradientLens.*` settings, typed, with their defaults and bounds in one place. `package.json` declares the same
 * defaults (a unit test keeps the two in step). Reads through any `get(key, default)` source, so it stays vscode-free.
 */
import type { RunOptions } from '../../protocol/report';

export interface GradientLensConfig {
  liveMode: boolean;
  debounceMs: number;
  timeBudgetMs: number;
  maxTensorElements: number;
  maxTotalMemoryMb: number;
  maxSteps: number;
  numberPrecision: number;
  codeLensEnabled: boolean;
  hoverEnabled: boolean;
  inlayHintsEnabled: boolean;
  diagnosticsEnabled: boolean;
}

/** Setting key (under `gradientLens.`) → config field, default, and bounds for numbers. */
export const SETTINGS = {
  liveMode: { key: 'liveMode', default: true },
  debounceMs: { key: 'debounceMs', default: 300, min: 0, max: 10_000 },
  timeBudgetMs: { key: 'timeBudgetMs', default: 2000, min: 100, max: 120_000 },
  maxTensorElements: { key: 'maxTensorElements', default: 10_000_000, min: 1, max: 1_000_000_000 },
  maxTotalMemoryMb: { key: 'maxTotalMemoryMb', default: 2048, min: 16, max: 65_536 },
  maxSteps: { key: 'maxSteps', default: 50_000_000, min: 1000, max: 1_000_000_000 },
  numberPrecision: { key: 'numberPrecision', default: 4, min: 0, max: 16 },
  codeLensEnabled: { key: 'codeLens.enabled', default: true },
  hoverEnabled: { key: 'hover.enabled', default: true },
  inlayHintsEnabled: { key: 'inlayHints.enabled', default: true },
  diagnosticsEnabled: { key: 'diagnostics.enabled', default: true },
} as const;

export interface ConfigSource {
  get<T>(key: string, defaultValue: T): T;
}

export function readConfig(source: ConfigSource): GradientLensConfig {
  const out: Record<string, unknown> = {};
  for (const [field, s] of Object.entries(SETTINGS)) {
    const raw: unknown = source.get(s.key, s.default);
    if (typeof s.default === 'boolean') out[field] = typeof raw === 'boolean' ? raw : s.default;
    else {
      const { min, max } = s as { min: number; max: number };
      const n = typeof raw === 'number' && Number.isFinite(raw) ? Math.round(raw) : s.default;
      out[field] = Math.min(max, Math.max(min, n));
    }
  }
  return out as unknown as GradientLensConfig;
}

/** Tensors up to this many elements carry their full value in the report (previews, "Copy full value"). */
export const FULL_VALUE_LIMIT = 1000;
/** Tape ops kept per tape in the report (the inspector groups loops; the op count stays exact). */
export const MAX_TAPE_OPS = 20_000;

export function runOptions(c: GradientLensConfig): RunOptions {
  return {
    timeBudgetMs: c.timeBudgetMs,
    maxTensorElements: c.maxTensorElements,
    maxTotalMemoryMb: c.maxTotalMemoryMb,
    maxSteps: c.maxSteps,
    fullValueLimit: FULL_VALUE_LIMIT,
    maxTapeOps: MAX_TAPE_OPS,
    // The report follows what the editor shows; the worker keeps the run for the rest (tape graphs, explanations,
    // full values), asked for on demand.
    bounded: true,
  };
}

/** True when a change between two configs needs documents to be evaluated again. */
export const needsRerun = (a: GradientLensConfig, b: GradientLensConfig): boolean =>
  JSON.stringify(runOptions(a)) !== JSON.stringify(runOptions(b)) || (!a.liveMode && b.liveMode);
