// Least-squares line over the last `period` values: its value at the newest bar and its slope (TA-Lib).
import { checkFinite, checkPeriod, runBatchOutputs } from './indicator.js';

/**
 * TA-Lib LINEARREG and LINEARREG_SLOPE (default 14; first output at index period − 1). The sums over
 * the window are recomputed each bar in TA-Lib's order, which keeps the results bit-for-bit close.
 */
export class LinearRegression {
  readonly warmUp: number;
  private readonly window: Float64Array;
  private readonly sumX: number;
  private readonly divisor: number;
  private count = 0;
  value = Number.NaN;
  slope = Number.NaN;

  constructor(readonly period = 14) {
    checkPeriod('LINEARREG', period, 2);
    this.warmUp = period;
    this.window = new Float64Array(period);
    this.sumX = period * (period - 1) * 0.5;
    const sumXSquared = (period * (period - 1) * (2 * period - 1)) / 6;
    this.divisor = this.sumX * this.sumX - period * sumXSquared;
  }

  get ready(): boolean {
    return this.count >= this.period;
  }

  update(input: number): number {
    checkFinite('LINEARREG', input);
    this.window[this.count % this.period] = input;
    this.count++;
    if (this.count < this.period) return Number.NaN;
    let sumXY = 0;
    let sumY = 0;
    // x counts back from the newest bar (x = period − 1 for the oldest), as TA-Lib does; the oldest sits
    // in the slot after the newest, so walk the ring from there without a modulo per value.
    const window = this.window;
    const oldest = this.count % this.period;
    let back = this.period - 1;
    for (let slot = oldest; slot < this.period; slot++, back--) {
      const y = window[slot] as number;
      sumY += y;
      sumXY += back * y;
    }
    for (let slot = 0; slot < oldest; slot++, back--) {
      const y = window[slot] as number;
      sumY += y;
      sumXY += back * y;
    }
    const m = (this.period * sumXY - this.sumX * sumY) / this.divisor;
    const b = (sumY - m * this.sumX) / this.period;
    this.slope = m;
    this.value = b + m * (this.period - 1);
    return this.value;
  }

  reset(): void {
    this.window.fill(0);
    this.count = 0;
    this.value = Number.NaN;
    this.slope = Number.NaN;
  }
}

export function linearRegression(values: ArrayLike<number>, period = 14) {
  return runBatchOutputs(new LinearRegression(period), (index) => values[index] as number, values.length, [
    'value',
    'slope',
  ] as const);
}
