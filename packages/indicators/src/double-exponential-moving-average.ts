// DEMA: 2 × EMA − EMA(EMA), each EMA seeded with an SMA as TA-Lib does.
import { ExponentialMovingAverage } from './exponential-moving-average.js';
import { checkFinite, checkPeriod, runBatch, type StreamingIndicator } from './indicator.js';

/** TA-Lib DEMA (default 30; first output at index 2 × (period − 1)). */
export class DoubleExponentialMovingAverage implements StreamingIndicator {
  readonly warmUp: number;
  private readonly first: ExponentialMovingAverage;
  private readonly second: ExponentialMovingAverage;
  private output = Number.NaN;

  constructor(readonly period = 30) {
    checkPeriod('DEMA', period);
    this.warmUp = 2 * (period - 1) + 1;
    this.first = new ExponentialMovingAverage(period);
    this.second = new ExponentialMovingAverage(period);
  }

  get ready(): boolean {
    return this.second.ready;
  }
  get value(): number {
    return this.output;
  }

  update(value: number): number {
    checkFinite('DEMA', value);
    const e1 = this.first.update(value);
    if (!this.first.ready) return Number.NaN;
    const e2 = this.second.update(e1);
    if (!this.second.ready) return Number.NaN;
    this.output = 2 * e1 - e2;
    return this.output;
  }

  reset(): void {
    this.first.reset();
    this.second.reset();
    this.output = Number.NaN;
  }
}

export function dema(values: ArrayLike<number>, period = 30): Float64Array {
  return runBatch(new DoubleExponentialMovingAverage(period), values);
}
