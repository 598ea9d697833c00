// CCI: distance of the typical price from its mean, in units of 0.015 × mean absolute deviation (TA-Lib).
import {
  barReader,
  checkBar,
  checkPeriod,
  type OhlcvBar,
  type OhlcvColumns,
  runBatchOf,
  type StreamingIndicator,
} from './indicator.js';

/** TA-Lib CCI (default 14; first output at index period − 1); 0 when the deviation or the distance is 0. */
export class CommodityChannelIndex implements StreamingIndicator<OhlcvBar> {
  readonly warmUp: number;
  private readonly window: Float64Array;
  private index = 0;
  private count = 0;
  private sum = 0;
  private output = Number.NaN;

  constructor(readonly period = 14) {
    checkPeriod('CCI', period, 2);
    this.warmUp = period;
    this.window = new Float64Array(period);
  }

  get ready(): boolean {
    return this.count >= this.period;
  }
  get value(): number {
    return this.output;
  }

  update(bar: OhlcvBar): number {
    checkBar('CCI', bar);
    const typical = (bar.high + bar.low + bar.close) / 3;
    const slot = this.index;
    this.window[slot] = typical;
    this.sum += typical;
    this.index = (this.index + 1) % this.period;
    this.count++;
    if (this.count < this.period) return Number.NaN;
    const average = this.sum / this.period;
    // The deviation sum runs over the buffer in slot order, as TA-Lib's circular buffer does.
    let deviation = 0;
    for (let position = 0; position < this.period; position++)
      deviation += Math.abs((this.window[position] as number) - average);
    const distance = typical - average;
    this.output = distance !== 0 && deviation !== 0 ? distance / (0.015 * (deviation / this.period)) : 0;
    this.sum -= this.window[this.index] as number;
    return this.output;
  }

  reset(): void {
    this.window.fill(0);
    this.index = 0;
    this.count = 0;
    this.sum = 0;
    this.output = Number.NaN;
  }
}

export function commodityChannelIndex(bars: OhlcvColumns, period = 14): Float64Array {
  return runBatchOf(new CommodityChannelIndex(period), bars.close.length, barReader(bars));
}
