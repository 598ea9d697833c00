// Population standard deviation of a window from running sums, as TA-Lib's STDDEV computes it.
import { checkFinite, checkPeriod, runBatch, type StreamingIndicator } from './indicator.js';

/**
 * TA-Lib STDDEV (default 5 bars, 1 deviation; first output at index period − 1): variance = mean of
 * squares − square of the mean, from running sums; 0 where the variance is below 1e-8.
 */
export class StandardDeviation implements StreamingIndicator {
  readonly warmUp: number;
  private readonly window: Float64Array;
  private index = 0;
  private count = 0;
  private sum = 0;
  private sumOfSquares = 0;
  private output = Number.NaN;
  /** The mean of the window at the last update (Bollinger Bands reuse it). */
  mean = Number.NaN;

  constructor(
    readonly period = 5,
    readonly deviations = 1,
  ) {
    checkPeriod('STDDEV', period, 2);
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
    checkFinite('STDDEV', value);
    this.sum += value;
    this.sumOfSquares += value * value;
    this.window[this.index] = value;
    this.index = (this.index + 1) % this.period;
    this.count++;
    if (this.count < this.period) return Number.NaN;
    const mean = this.sum / this.period;
    const meanOfSquares = this.sumOfSquares / this.period;
    const oldest = this.window[this.index] as number;
    this.sum -= oldest;
    this.sumOfSquares -= oldest * oldest;
    const variance = meanOfSquares - mean * mean;
    this.mean = mean;
    this.output =
      variance < 0.00000001
        ? 0
        : this.deviations === 1
          ? Math.sqrt(variance)
          : Math.sqrt(variance) * this.deviations;
    return this.output;
  }

  reset(): void {
    this.window.fill(0);
    this.index = 0;
    this.count = 0;
    this.sum = 0;
    this.sumOfSquares = 0;
    this.mean = Number.NaN;
    this.output = Number.NaN;
  }
}

export function standardDeviation(values: ArrayLike<number>, period = 5, deviations = 1): Float64Array {
  return runBatch(new StandardDeviation(period, deviations), values);
}
