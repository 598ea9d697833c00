// KAMA: Kaufman's adaptive moving average, smoothing from the efficiency ratio, in TA-Lib's steps.
import { checkFinite, checkPeriod, isZero, runBatch, type StreamingIndicator } from './indicator.js';

/**
 * TA-Lib KAMA (default 30; first output at index period). Fastest constant 2/3, slowest 2/31.
 * As in TA-Lib, the efficiency ratio is 1 when the sum of moves is zero or not above the signed change.
 */
export class KaufmanAdaptiveMovingAverage implements StreamingIndicator {
  readonly warmUp: number;
  private readonly window: Float64Array;
  private readonly constantMax = 2 / 31;
  private readonly constantDifference = 2 / 3 - 2 / 31;
  private count = 0;
  private sumOfMoves = 0;
  private previous = Number.NaN;
  private output = Number.NaN;

  constructor(readonly period = 30) {
    checkPeriod('KAMA', period);
    this.warmUp = period + 1;
    // The last period + 1 values: the change is measured over `period` bars.
    this.window = new Float64Array(period + 1);
  }

  get ready(): boolean {
    return this.count > this.period;
  }
  get value(): number {
    return this.output;
  }

  private at(age: number): number {
    return this.window[(this.count - 1 - age) % (this.period + 1)] as number;
  }

  update(value: number): number {
    checkFinite('KAMA', value);
    const previousValue = this.count > 0 ? this.at(0) : value;
    this.window[this.count % (this.period + 1)] = value;
    this.count++;
    if (this.count <= this.period) {
      if (this.count > 1) this.sumOfMoves += Math.abs(previousValue - value);
      return Number.NaN;
    }
    const trailing = this.at(this.period);
    if (this.count === this.period + 1) {
      // TA-Lib's first step: the moves of the first period + 1 values; KAMA starts from the previous value.
      this.sumOfMoves += Math.abs(previousValue - value);
      this.output = previousValue;
    } else {
      // The move that left the window is between the old trailing value and the new one.
      this.sumOfMoves -= Math.abs(this.previous - trailing);
      this.sumOfMoves += Math.abs(value - previousValue);
    }
    this.previous = trailing;
    const change = value - trailing;
    let ratio: number;
    if (this.sumOfMoves <= change || isZero(this.sumOfMoves)) ratio = 1;
    else ratio = Math.abs(change / this.sumOfMoves);
    let constant = ratio * this.constantDifference + this.constantMax;
    constant *= constant;
    this.output = (value - this.output) * constant + this.output;
    return this.output;
  }

  reset(): void {
    this.window.fill(0);
    this.count = 0;
    this.sumOfMoves = 0;
    this.previous = Number.NaN;
    this.output = Number.NaN;
  }
}

export function kama(values: ArrayLike<number>, period = 30): Float64Array {
  return runBatch(new KaufmanAdaptiveMovingAverage(period), values);
}
