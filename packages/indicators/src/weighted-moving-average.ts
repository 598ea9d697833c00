// WMA: linearly weighted mean (weights 1..period, newest heaviest), with TA-Lib's running sums.
import { checkFinite, checkPeriod, runBatch, type StreamingIndicator } from './indicator.js';

/**
 * TA-Lib WMA (default 30; first output at index period − 1). Two running sums as in TA-Lib: the plain
 * sum of the window and the weighted sum, which loses one of each value's weight per bar.
 */
export class WeightedMovingAverage implements StreamingIndicator {
  readonly warmUp: number;
  private readonly window: Float64Array;
  private readonly divider: number;
  private count = 0;
  private index = 0;
  private periodSum = 0;
  private periodSub = 0;
  private trailing = 0;
  private output = Number.NaN;

  constructor(readonly period = 30) {
    checkPeriod('WMA', period);
    this.warmUp = period;
    this.window = new Float64Array(period);
    this.divider = (period * (period + 1)) / 2;
  }

  get ready(): boolean {
    return this.count >= this.period;
  }
  get value(): number {
    return this.output;
  }

  update(value: number): number {
    checkFinite('WMA', value);
    this.window[this.index] = value;
    this.index = (this.index + 1) % this.period;
    this.count++;
    if (this.count < this.period) {
      this.periodSub += value;
      this.periodSum += value * this.count;
      return Number.NaN;
    }
    this.periodSub += value;
    this.periodSub -= this.trailing;
    this.periodSum += value * this.period;
    // The oldest value of the window now; TA-Lib subtracts it from the plain sum on the next bar.
    this.trailing = this.window[this.index] as number;
    this.output = this.periodSum / this.divider;
    this.periodSum -= this.periodSub;
    return this.output;
  }

  reset(): void {
    this.window.fill(0);
    this.count = 0;
    this.index = 0;
    this.periodSum = 0;
    this.periodSub = 0;
    this.trailing = 0;
    this.output = Number.NaN;
  }
}

export function wma(values: ArrayLike<number>, period = 30): Float64Array {
  return runBatch(new WeightedMovingAverage(period), values);
}
