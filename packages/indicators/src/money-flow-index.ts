// MFI: volume-weighted RSI of the typical price, as TA-Lib's MFI.
import {
  barReader,
  checkBar,
  checkPeriod,
  type OhlcvBar,
  type OhlcvColumns,
  runBatchOf,
  type StreamingIndicator,
} from './indicator.js';

/** TA-Lib MFI (default 14; first output at index period); 0 when the total money flow is below 1. */
export class MoneyFlowIndex implements StreamingIndicator<OhlcvBar> {
  readonly warmUp: number;
  private readonly positive: Float64Array;
  private readonly negative: Float64Array;
  private count = 0;
  private previousTypical = 0;
  private positiveSum = 0;
  private negativeSum = 0;
  private output = Number.NaN;

  constructor(readonly period = 14) {
    checkPeriod('MFI', period, 2);
    this.warmUp = period + 1;
    this.positive = new Float64Array(period);
    this.negative = new Float64Array(period);
  }

  get ready(): boolean {
    return this.count > this.period;
  }
  get value(): number {
    return this.output;
  }

  update(bar: OhlcvBar): number {
    checkBar('MFI', bar);
    const volume = bar.volume ?? 0;
    if (!Number.isFinite(volume) || volume < 0)
      throw new RangeError(`MFI: volume ${volume} is not a non-negative number`);
    const typical = (bar.high + bar.low + bar.close) / 3;
    this.count++;
    if (this.count === 1) {
      this.previousTypical = typical;
      return Number.NaN;
    }
    const slot = (this.count - 2) % this.period;
    if (this.count > this.period + 1) {
      this.positiveSum -= this.positive[slot] as number;
      this.negativeSum -= this.negative[slot] as number;
    }
    const flow = typical * volume;
    const change = typical - this.previousTypical;
    this.previousTypical = typical;
    const up = change > 0 ? flow : 0;
    const down = change < 0 ? flow : 0;
    this.positive[slot] = up;
    this.negative[slot] = down;
    this.positiveSum += up;
    this.negativeSum += down;
    if (this.count <= this.period) return Number.NaN;
    const total = this.positiveSum + this.negativeSum;
    this.output = total < 1 ? 0 : 100 * (this.positiveSum / total);
    return this.output;
  }

  reset(): void {
    this.positive.fill(0);
    this.negative.fill(0);
    this.count = 0;
    this.previousTypical = 0;
    this.positiveSum = 0;
    this.negativeSum = 0;
    this.output = Number.NaN;
  }
}

export function moneyFlowIndex(bars: OhlcvColumns, period = 14): Float64Array {
  return runBatchOf(new MoneyFlowIndex(period), bars.close.length, barReader(bars));
}
