/** A big tensor's counts and moments in one line, for hovers: `1,000,000 elements · min -4.8 · max 4.9 · …`. */
import type { TensorStats } from '../../protocol/report';
import { type FormatOptions, formatNumber } from './format';
import type { Translate } from './translate';

export function statsLine(s: TensorStats, fmt: FormatOptions, t: Translate): string {
  const num = (x: number) => formatNumber(x, fmt.precision);
  const parts = [s.count === 1 ? t('1 element') : t('{0} elements', s.count.toLocaleString('en-US'))];
  if (s.min !== undefined && s.max !== undefined) parts.push(`min ${num(s.min)}`, `max ${num(s.max)}`);
  if (s.mean !== undefined && s.std !== undefined) parts.push(`mean ${num(s.mean)}`, `std ${num(s.std)}`);
  parts.push(`${s.nan} NaN`, `${s.inf} Inf`);
  return parts.join(' · ');
}
