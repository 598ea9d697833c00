// RSI: Wilder's relative strength index, seeded and smoothed exactly as TA-Lib does.
import { checkFinite, checkPeriod, isZero, runBatch, type StreamingIndicator } from './indicator.js';

/** TA-Lib RSI (default 14; first output at index period). 0 when gains and losses are both zero. */
export class RelativeStrengthIndex implements StreamingIndicator {
  readonly warmUp: number;
  private count = 0;
  private previous = 0;
  private gain = 0;
  private loss = 0;
  private output = Number.NaN;

  constructor(readonly period = 14) {
    checkPeriod('RSI', period, 2);
    this.warmUp = period + 1;
  }

  get ready(): boolean {
    return this.count > this.period;
  }
  get value(): number {
    return this.output;
  }

  update(value: number): number {
    checkFinite('RSI', value);
    this.count++;
    if (this.count === 1) {
      this.previous = value;
      return Number.NaN;
    }
    const change = value - this.previous;
    this.previous = value;
    if (this.count <= this.period + 1) {
      if (change < 0) this.loss -= change;
      else this.gain += change;
      if (this.count <= this.period) return Number.NaN;
      this.loss /= this.period;
      this.gain /= this.period;
    } else {
      this.loss *= this.period - 1;
      this.gain *= this.period - 1;
      if (change < 0) this.loss -= change;
      else this.gain += change;
      this.loss /= this.period;
      this.gain /= this.period;
    }
    const total = this.gain + this.loss;
    this.output = isZero(total) ? 0 : 100 * (this.gain / total);
    return this.output;
  }

  reset(): void {
    this.count = 0;
    this.previous = 0;
    this.gain = 0;
    this.loss = 0;
    this.output = Number.NaN;
  }
}

export function rsi(values: ArrayLike<number>, period = 14): Float64Array {
  return runBatch(new RelativeStrengthIndex(period), values);
}
