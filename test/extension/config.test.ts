import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { needsRerun, readConfig, runOptions, SETTINGS } from '../../src/extension/core/config';

const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8'));
const props = pkg.contributes.configuration.properties as Record<
  string,
  { default: unknown; markdownDescription?: string }
>;
const source = (values: Record<string, unknown>) => ({
  get: <T>(key: string, d: T): T => (key in values ? (values[key] as T) : d),
});

describe('config', () => {
  test('every setting is declared in package.json with the same default and a markdownDescription', () => {
    for (const s of Object.values(SETTINGS)) {
      const p = props[`gradientLens.${s.key}`];
      expect(p, s.key).toBeDefined();
      expect(p.default, s.key).toEqual(s.default);
      expect(p.markdownDescription?.length, s.key).toBeGreaterThan(20);
    }
    expect(Object.keys(props).sort()).toEqual(
      Object.values(SETTINGS)
        .map((s) => `gradientLens.${s.key}`)
        .sort(),
    );
  });

  test('defaults, clamping and wrong types', () => {
    const c = readConfig(source({ debounceMs: -5, timeBudgetMs: 'x', numberPrecision: 2.6, 'hover.enabled': false }));
    expect(c).toMatchObject({
      debounceMs: 0,
      timeBudgetMs: 2000,
      numberPrecision: 3,
      hoverEnabled: false,
      liveMode: true,
    });
    expect(runOptions(c)).toMatchObject({ timeBudgetMs: 2000, maxTensorElements: 10_000_000, maxTotalMemoryMb: 2048 });
  });

  test('what needs a rerun', () => {
    const a = readConfig(source({}));
    expect(needsRerun(a, { ...a, hoverEnabled: false })).toBe(false);
    expect(needsRerun(a, { ...a, timeBudgetMs: 5000 })).toBe(true);
    expect(needsRerun({ ...a, liveMode: false }, a)).toBe(true);
  });
});
