// Corporate actions (splits, cash dividends) and the adjustment of a raw bar history by them.
import { InvalidInputError } from '../errors/ats-error.js';
import type { Ticker } from '../identifiers/identifiers.js';
import { Price } from '../values/price.js';
import type { Bar } from './market-data.js';
import { multiplyFactors, type RationalFactor, rationalFactor, scaleRaw } from './rational-scale.js';

/** A split: every `from` shares became `to` shares on the ex-date (NVDA 2024-06-10: from 1 to 10). */
export interface SplitAction {
  readonly kind: 'split';
  readonly symbol: Ticker;
  /** The ex-date: 00:00 UTC of the first session trading on the new basis (epoch ms). */
  readonly exDate: number;
  readonly from: number;
  readonly to: number;
  readonly source: string;
}

/** A cash dividend per share, paid to holders before the ex-date. */
export interface DividendAction {
  readonly kind: 'dividend';
  readonly symbol: Ticker;
  readonly exDate: number;
  readonly amount: Price;
  readonly source: string;
}

export type CorporateAction = SplitAction | DividendAction;

/** `split`: prices and volumes on today's share basis; `all`: dividends also taken out (total return). */
export type AdjustmentMode = 'raw' | 'split' | 'all';

/** Checks a split's ratio: positive whole share counts that differ. */
export function checkedSplit(action: SplitAction): SplitAction {
  if (
    !Number.isSafeInteger(action.from) ||
    !Number.isSafeInteger(action.to) ||
    action.from <= 0 ||
    action.to <= 0
  )
    throw new InvalidInputError('split', `ratio ${action.to}:${action.from} must be positive whole numbers`);
  if (action.from === action.to)
    throw new InvalidInputError('split', `ratio ${action.to}:${action.from} changes nothing`);
  return action;
}

function scaleVolume(volume: number, factor: RationalFactor): number {
  // Volumes take the inverse of the price factor: ten times the shares after a 10-for-1 split.
  const scaled = (BigInt(volume) * factor.denominator * 2n + factor.numerator) / (factor.numerator * 2n);
  return Number(scaled);
}

/**
 * Adjusts a raw bar history (time order not required) by the symbol's corporate actions: each bar
 * before an ex-date takes that action's factor. Splits: prices · from/to, volumes · to/from. Cash
 * dividends (mode `all`): prices · (C − D) / C with C the last raw close before the ex-date (the CRSP
 * convention), taken from `closesBeforeExDate` for an ex-date after the history's last bar; a
 * dividend with no earlier bar, or not below that close, is skipped.
 * Prices are rounded half-even to 1/10,000 once, from the exact product of all factors.
 */
export function adjustBars(
  bars: readonly Bar[],
  actions: readonly CorporateAction[],
  mode: AdjustmentMode,
  /** The raw close of the last session before each dividend's ex-date, when it is not among `bars`. */
  closesBeforeExDate: ReadonlyMap<number, Price> = new Map(),
): Bar[] {
  if (mode === 'raw' || bars.length === 0) return [...bars];
  const ordered = [...bars].sort((a, b) => a.time - b.time);
  const relevant = actions
    .filter((action) => action.kind === 'split' || mode === 'all')
    .sort((a, b) => b.exDate - a.exDate);
  // Walk from the newest bar back, composing the factor of every action whose ex-date is passed.
  const result: Bar[] = new Array(ordered.length);
  // Prices take an exact rational factor (volumes its inverse).
  let factor = rationalFactor(1n, 1n);
  let volumeFactor = factor;
  let next = 0;
  for (let index = ordered.length - 1; index >= 0; index--) {
    const bar = ordered[index] as Bar;
    while (next < relevant.length && (relevant[next] as CorporateAction).exDate > bar.time) {
      const action = relevant[next] as CorporateAction;
      if (action.kind === 'split') {
        checkedSplit(action);
        const split = rationalFactor(BigInt(action.from), BigInt(action.to));
        factor = multiplyFactors(factor, split);
        volumeFactor = multiplyFactors(volumeFactor, split);
      } else {
        // The close of the session before the ex-date: given by the caller when the history ends
        // earlier, else the bar at hand (the last one before the ex-date).
        const close = (closesBeforeExDate.get(action.exDate) ?? bar.close).raw;
        if (close > action.amount.raw)
          factor = multiplyFactors(factor, rationalFactor(BigInt(close - action.amount.raw), BigInt(close)));
      }
      next++;
    }
    if (factor.numerator === factor.denominator && volumeFactor.numerator === volumeFactor.denominator) {
      result[index] = bar;
      continue;
    }
    const adjusted: Bar = {
      ...bar,
      open: Price.fromRaw(scaleRaw(bar.open.raw, factor)),
      high: Price.fromRaw(scaleRaw(bar.high.raw, factor)),
      low: Price.fromRaw(scaleRaw(bar.low.raw, factor)),
      close: Price.fromRaw(scaleRaw(bar.close.raw, factor)),
      volume: scaleVolume(bar.volume, volumeFactor),
    };
    result[index] = adjusted;
  }
  return result;
}
