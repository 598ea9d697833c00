// Corporate actions (splits, cash dividends) and the adjustment of a raw bar history by them.
import { InvalidInputError } from '../errors/ats-error.js';
import type { Ticker } from '../identifiers/identifiers.js';
import { Price } from '../values/price.js';
import type { Bar } from './market-data.js';

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

/** An exact rational factor, multiplied into prices (volumes take its inverse). */
interface Factor {
  numerator: bigint;
  denominator: bigint;
}

function multiply(a: Factor, b: Factor): Factor {
  return { numerator: a.numerator * b.numerator, denominator: a.denominator * b.denominator };
}

/** raw · n / d rounded half to even, in exact integers. */
function scaleRaw(raw: number, factor: Factor): number {
  const numerator = BigInt(raw) * factor.numerator;
  const denominator = factor.denominator;
  let quotient = numerator / denominator;
  const remainder = numerator - quotient * denominator;
  const twice = (remainder < 0n ? -remainder : remainder) * 2n;
  if (twice > denominator || (twice === denominator && quotient % 2n !== 0n))
    quotient += numerator < 0n ? -1n : 1n;
  return Number(quotient);
}

function scaleVolume(volume: number, factor: Factor): number {
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
  let factor: Factor = { numerator: 1n, denominator: 1n };
  let volumeFactor: Factor = { numerator: 1n, denominator: 1n };
  let next = 0;
  for (let index = ordered.length - 1; index >= 0; index--) {
    const bar = ordered[index] as Bar;
    while (next < relevant.length && (relevant[next] as CorporateAction).exDate > bar.time) {
      const action = relevant[next] as CorporateAction;
      if (action.kind === 'split') {
        checkedSplit(action);
        const split = { numerator: BigInt(action.from), denominator: BigInt(action.to) };
        factor = multiply(factor, split);
        volumeFactor = multiply(volumeFactor, split);
      } else {
        // The close of the session before the ex-date: given by the caller when the history ends
        // earlier, else the bar at hand (the last one before the ex-date).
        const close = (closesBeforeExDate.get(action.exDate) ?? bar.close).raw;
        if (close > action.amount.raw)
          factor = multiply(factor, {
            numerator: BigInt(close - action.amount.raw),
            denominator: BigInt(close),
          });
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
