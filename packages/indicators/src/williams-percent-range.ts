// Williams %R: where the close sits in the window's range, from 0 (top) to −100 (bottom), as TA-Lib's WILLR.
import {
  barReader,
  checkBar,
  checkPeriod,
  type OhlcvBar,
  type OhlcvColumns,
  runBatchOf,
  type StreamingIndicator,
} from './indicator.js';
import { WindowExtremes } from './window-extremes.js';

/** TA-Lib WILLR (default 14; first output at index period − 1); 0 on a flat window. */
export class WilliamsPercentRange implements StreamingIndicator<OhlcvBar> {
  readonly warmUp: number;
  private readonly extremes: WindowExtremes;
  private output = Number.NaN;

  constructor(readonly period = 14) {
    checkPeriod('WILLR', period, 2);
    this.warmUp = period;
    this.extremes = new WindowExtremes(period);
  }

  get ready(): boolean {
    return this.extremes.full;
  }
  get value(): number {
    return this.output;
  }

  update(bar: OhlcvBar): number {
    checkBar('WILLR', bar);
    this.extremes.push(bar.high, bar.low);
    if (!this.extremes.full) return Number.NaN;
    const difference = (this.extremes.highest - this.extremes.lowest) / -100;
    this.output = difference !== 0 ? (this.extremes.highest - bar.close) / difference : 0;
    return this.output;
  }

  reset(): void {
    this.extremes.reset();
    this.output = Number.NaN;
  }
}

export function williamsPercentRange(bars: OhlcvColumns, period = 14): Float64Array {
  return runBatchOf(new WilliamsPercentRange(period), bars.close.length, barReader(bars));
}
