// Momentum and rate of change: the change against the value `period` bars ago, absolute or in percent.
import { checkFinite, checkPeriod, runBatch, type StreamingIndicator } from './indicator.js';

type Kind = 'momentum' | 'rate-of-change';

class LaggedDifference implements StreamingIndicator {
  readonly warmUp: number;
  private readonly window: Float64Array;
  private count = 0;
  private output = Number.NaN;

  constructor(
    private readonly kind: Kind,
    readonly period: number,
  ) {
    checkPeriod(kind === 'momentum' ? 'MOM' : 'ROC', period);
    this.warmUp = period + 1;
    this.window = new Float64Array(period);
  }

  get ready(): boolean {
    return this.count > this.period;
  }
  get value(): number {
    return this.output;
  }

  update(value: number): number {
    checkFinite(this.kind === 'momentum' ? 'MOM' : 'ROC', value);
    const slot = this.count % this.period;
    const past = this.window[slot] as number;
    this.window[slot] = value;
    this.count++;
    if (this.count <= this.period) return Number.NaN;
    if (this.kind === 'momentum') this.output = value - past;
    else this.output = past !== 0 ? (value / past - 1) * 100 : 0;
    return this.output;
  }

  reset(): void {
    this.window.fill(0);
    this.count = 0;
    this.output = Number.NaN;
  }
}

/** TA-Lib MOM (default 10): value − value `period` bars ago; first output at index period. */
export class Momentum extends LaggedDifference {
  constructor(period = 10) {
    super('momentum', period);
  }
}

/** TA-Lib ROC (default 10): (value / value `period` bars ago − 1) × 100; 0 when the old value is 0. */
export class RateOfChange extends LaggedDifference {
  constructor(period = 10) {
    super('rate-of-change', period);
  }
}

export function momentum(values: ArrayLike<number>, period = 10): Float64Array {
  return runBatch(new Momentum(period), values);
}

export function rateOfChange(values: ArrayLike<number>, period = 10): Float64Array {
  return runBatch(new RateOfChange(period), values);
}
