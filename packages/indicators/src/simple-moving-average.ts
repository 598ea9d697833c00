// SMA: the arithmetic mean of the last `period` values, with TA-Lib's running-sum order of operations.
import { checkFinite, checkPeriod, runBatch, type StreamingIndicator } from './indicator.js';

/**
 * TA-Lib SMA (default period 30; first output at index period − 1). The running total adds the new
 * value, divides, then drops the oldest — the same order as TA-Lib, so floating-point results match.
 */
export class SimpleMovingAverage implements StreamingIndicator {
  readonly warmUp: number;
  private readonly window: Float64Array;
  private index = 0;
  private count = 0;
  private total = 0;
  private output = Number.NaN;

  constructor(readonly period = 30) {
    checkPeriod('SMA', period);
    this.warmUp = period;
    this.window = new Float64Array(period);
  }

  get ready(): boolean {
    return this.count >= this.period;
  }

  get value(): number {
    return this.output;
  }

  update(value: number): number {
    checkFinite('SMA', value);
    this.total += value;
    if (this.count < this.period) {
      this.window[this.index] = value;
      this.index = (this.index + 1) % this.period;
      this.count++;
      if (this.count < this.period) return Number.NaN;
      this.output = this.total / this.period;
      this.total -= this.window[this.index] as number;
      return this.output;
    }
    this.window[this.index] = value;
    // A compare instead of a modulo: this is the hottest line of the library.
    this.index = this.index + 1 === this.period ? 0 : this.index + 1;
    this.output = this.total / this.period;
    this.total -= this.window[this.index] as number;
    return this.output;
  }

  reset(): void {
    this.window.fill(0);
    this.index = 0;
    this.count = 0;
    this.total = 0;
    this.output = Number.NaN;
  }
}

export function sma(values: ArrayLike<number>, period = 30): Float64Array {
  return runBatch(new SimpleMovingAverage(period), values);
}
