// The simple moving average of fixed-point prices with an exact running sum, and exact comparison of two.
import { checkPeriod } from './indicator.js';

/**
 * SMA of integer inputs (prices as raw counts of their smallest unit, e.g. 1/10,000). The running sum
 * stays an integer, so it never drifts and two averages that are equal in decimal compare equal; the
 * float `value` is for display and plotting only. Throws when an input or the sum leaves the safe
 * integer range.
 */
export class FixedPointSimpleMovingAverage {
  readonly warmUp: number;
  private readonly window: Float64Array;
  private index = 0;
  private count = 0;
  private total = 0;

  constructor(
    readonly period: number,
    /** Raw units per whole (10,000 for four decimal places): only `value` uses it. */
    readonly scale = 10_000,
  ) {
    checkPeriod('fixed-point SMA', period);
    this.warmUp = period;
    this.window = new Float64Array(period);
  }

  get ready(): boolean {
    return this.count >= this.period;
  }

  /** The exact sum of the last `period` inputs (raw units); meaningful once ready. */
  get sum(): number {
    return this.total;
  }

  /** The average as a float in whole units (NaN until ready); never compare two of these for ties. */
  get value(): number {
    return this.ready ? this.total / this.period / this.scale : Number.NaN;
  }

  /** Feeds one raw integer input. */
  update(raw: number): void {
    // The refusals are calls of their own: their messages' text building made this method too large
    // for the optimizing compiler to inline into a bar handler (it inlines up to a total size).
    if (!Number.isSafeInteger(raw)) refuseInput(raw);
    const leaving = this.count >= this.period ? (this.window[this.index] as number) : 0;
    const total = this.total + raw - leaving;
    if (!Number.isSafeInteger(total)) refuseSum(total);
    this.total = total;
    this.window[this.index] = raw;
    this.index = this.index + 1 === this.period ? 0 : this.index + 1;
    if (this.count < this.period) this.count++;
  }

  reset(): void {
    this.window.fill(0);
    this.index = 0;
    this.count = 0;
    this.total = 0;
  }
}

function refuseInput(raw: number): never {
  throw new RangeError(`fixed-point SMA: input ${raw} is not a safe integer of raw units`);
}

function refuseSum(total: number): never {
  throw new RangeError(`fixed-point SMA: the running sum ${total} leaves the safe integer range`);
}

/**
 * The sign of (first − second) of two ready averages, exactly: −1, 0 or 1. Cross-multiplied by the
 * other's period (a/p − b/q has the sign of a·q − b·p), so no division and no rounding.
 */
export function compareAverages(
  first: FixedPointSimpleMovingAverage,
  second: FixedPointSimpleMovingAverage,
): number {
  const left = first.sum * second.period;
  const right = second.sum * first.period;
  if (!Number.isSafeInteger(left) || !Number.isSafeInteger(right)) refuseProduct();
  return left > right ? 1 : left < right ? -1 : 0;
}

function refuseProduct(): never {
  throw new RangeError('compareAverages: sum × period leaves the safe integer range');
}
