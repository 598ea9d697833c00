// True range: the bar's range extended to the previous close, in TA-Lib's arithmetic.
import {
  barReader,
  checkBar,
  type OhlcvBar,
  type OhlcvColumns,
  type StreamingIndicator,
} from './indicator.js';

/** TA-Lib TRANGE: max(high − low, |previous close − high|, |low − previous close|); first output at index 1. */
export function trueRangeOf(high: number, low: number, previousClose: number): number {
  let greatest = high - low;
  const toHigh = Math.abs(previousClose - high);
  if (toHigh > greatest) greatest = toHigh;
  const toLow = Math.abs(low - previousClose);
  if (toLow > greatest) greatest = toLow;
  return greatest;
}

export class TrueRange implements StreamingIndicator<OhlcvBar> {
  readonly warmUp = 2;
  private previousClose = Number.NaN;
  private output = Number.NaN;

  get ready(): boolean {
    return !Number.isNaN(this.output);
  }
  get value(): number {
    return this.output;
  }

  update(bar: OhlcvBar): number {
    checkBar('TRANGE', bar);
    const previous = this.previousClose;
    this.previousClose = bar.close;
    if (Number.isNaN(previous)) return Number.NaN;
    this.output = trueRangeOf(bar.high, bar.low, previous);
    return this.output;
  }

  reset(): void {
    this.previousClose = Number.NaN;
    this.output = Number.NaN;
  }
}

export function trueRange(bars: OhlcvColumns): Float64Array {
  const indicator = new TrueRange();
  const read = barReader(bars);
  const output = new Float64Array(bars.close.length);
  for (let index = 0; index < output.length; index++) output[index] = indicator.update(read(index));
  return output;
}
