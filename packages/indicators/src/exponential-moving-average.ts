// EMA: exponential smoothing with k = 2 / (period + 1), seeded with the SMA of the first period values.
import { checkFinite, checkPeriod, runBatch, type StreamingIndicator } from './indicator.js';

/** TA-Lib EMA (default period 30): first output at index period − 1, equal to the seed SMA. */
export class ExponentialMovingAverage implements StreamingIndicator {
  readonly warmUp: number;
  private readonly k: number;
  private count = 0;
  private seedTotal = 0;
  private output = Number.NaN;

  constructor(readonly period = 30) {
    checkPeriod('EMA', period);
    this.warmUp = period;
    this.k = 2 / (period + 1);
  }

  get ready(): boolean {
    return this.count >= this.period;
  }

  get value(): number {
    return this.output;
  }

  update(value: number): number {
    if (this.count >= this.period) {
      const next = (value - this.output) * this.k + this.output;
      // A NaN or infinite input makes the result non-finite: check it before it is kept (one check, not two).
      if (next - next !== 0) checkFinite('EMA', value);
      this.output = next;
      return next;
    }
    checkFinite('EMA', value);
    this.count++;
    this.seedTotal += value;
    if (this.count < this.period) return Number.NaN;
    this.output = this.seedTotal / this.period;
    return this.output;
  }

  reset(): void {
    this.count = 0;
    this.seedTotal = 0;
    this.output = Number.NaN;
  }
}

export function ema(values: ArrayLike<number>, period = 30): Float64Array {
  return runBatch(new ExponentialMovingAverage(period), values);
}
