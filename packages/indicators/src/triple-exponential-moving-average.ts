// TEMA: 3 × EMA − 3 × EMA(EMA) + EMA(EMA(EMA)), each EMA seeded with an SMA as TA-Lib does.
import { ExponentialMovingAverage } from './exponential-moving-average.js';
import { checkFinite, checkPeriod, runBatch, type StreamingIndicator } from './indicator.js';

/** TA-Lib TEMA (default 30; first output at index 3 × (period − 1)). */
export class TripleExponentialMovingAverage implements StreamingIndicator {
  readonly warmUp: number;
  private readonly first: ExponentialMovingAverage;
  private readonly second: ExponentialMovingAverage;
  private readonly third: ExponentialMovingAverage;
  private output = Number.NaN;

  constructor(readonly period = 30) {
    checkPeriod('TEMA', period);
    this.warmUp = 3 * (period - 1) + 1;
    this.first = new ExponentialMovingAverage(period);
    this.second = new ExponentialMovingAverage(period);
    this.third = new ExponentialMovingAverage(period);
  }

  get ready(): boolean {
    return this.third.ready;
  }
  get value(): number {
    return this.output;
  }

  update(value: number): number {
    checkFinite('TEMA', value);
    const e1 = this.first.update(value);
    if (!this.first.ready) return Number.NaN;
    const e2 = this.second.update(e1);
    if (!this.second.ready) return Number.NaN;
    const e3 = this.third.update(e2);
    if (!this.third.ready) return Number.NaN;
    this.output = 3 * e1 - 3 * e2 + e3;
    return this.output;
  }

  reset(): void {
    this.first.reset();
    this.second.reset();
    this.third.reset();
    this.output = Number.NaN;
  }
}

export function tema(values: ArrayLike<number>, period = 30): Float64Array {
  return runBatch(new TripleExponentialMovingAverage(period), values);
}
