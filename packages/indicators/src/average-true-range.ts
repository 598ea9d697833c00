// ATR and NATR: Wilder-smoothed true range (seeded with the mean of the first `period`), as TA-Lib does.
import {
  barReader,
  checkBar,
  checkPeriod,
  isZero,
  type OhlcvBar,
  type OhlcvColumns,
  type StreamingIndicator,
} from './indicator.js';
import { trueRangeOf } from './true-range.js';

/** TA-Lib ATR (default 14; first output at index period). */
export class AverageTrueRange implements StreamingIndicator<OhlcvBar> {
  readonly warmUp: number;
  private count = 0;
  private previousClose = 0;
  private seed = 0;
  private output = Number.NaN;

  constructor(readonly period = 14) {
    checkPeriod('ATR', period);
    this.warmUp = period + 1;
  }

  get ready(): boolean {
    return this.count > this.period;
  }
  get value(): number {
    return this.output;
  }

  update(bar: OhlcvBar): number {
    checkBar('ATR', bar);
    this.count++;
    const previousClose = this.previousClose;
    this.previousClose = bar.close;
    if (this.count === 1) return Number.NaN;
    const range = trueRangeOf(bar.high, bar.low, previousClose);
    if (this.count <= this.period + 1) {
      this.seed += range;
      if (this.count <= this.period) return Number.NaN;
      this.output = this.seed / this.period;
      return this.output;
    }
    this.output *= this.period - 1;
    this.output += range;
    this.output /= this.period;
    return this.output;
  }

  reset(): void {
    this.count = 0;
    this.previousClose = 0;
    this.seed = 0;
    this.output = Number.NaN;
  }
}

/** TA-Lib NATR (default 14): ATR / close × 100; 0 when the close is zero. */
export class NormalizedAverageTrueRange implements StreamingIndicator<OhlcvBar> {
  readonly warmUp: number;
  private readonly atr: AverageTrueRange;
  private output = Number.NaN;

  constructor(readonly period = 14) {
    this.atr = new AverageTrueRange(period);
    this.warmUp = this.atr.warmUp;
  }

  get ready(): boolean {
    return this.atr.ready;
  }
  get value(): number {
    return this.output;
  }

  update(bar: OhlcvBar): number {
    const atr = this.atr.update(bar);
    if (!this.atr.ready) return Number.NaN;
    this.output = isZero(bar.close) ? 0 : (atr / bar.close) * 100;
    return this.output;
  }

  reset(): void {
    this.atr.reset();
    this.output = Number.NaN;
  }
}

// The batch functions run the streaming class in their own loop (one call site per class, so V8 keeps
// the update call monomorphic and inlined) over one reused bar: no object per bar.
export function averageTrueRange(bars: OhlcvColumns, period = 14): Float64Array {
  const indicator = new AverageTrueRange(period);
  const { high, low, close } = bars;
  const bar = { high: 0, low: 0, close: 0 };
  const output = new Float64Array(close.length);
  for (let index = 0; index < output.length; index++) {
    bar.high = high[index] as number;
    bar.low = low[index] as number;
    bar.close = close[index] as number;
    output[index] = indicator.update(bar);
  }
  return output;
}

export function normalizedAverageTrueRange(bars: OhlcvColumns, period = 14): Float64Array {
  const indicator = new NormalizedAverageTrueRange(period);
  const read = barReader(bars);
  const output = new Float64Array(bars.close.length);
  for (let index = 0; index < output.length; index++) output[index] = indicator.update(read(index));
  return output;
}
