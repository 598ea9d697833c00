// Supertrend: ATR bands around the bar's midpoint that ratchet with the trend and flip on a close through them.
import { AverageTrueRange } from './average-true-range.js';
import { barReader, checkBar, type OhlcvBar, type OhlcvColumns, runBatchOutputs } from './indicator.js';

/**
 * Supertrend (ATR 10, multiplier 3), Olivier Seban's definition: basic upper/lower = (high + low) / 2 ±
 * multiplier × ATR. The final upper band only falls (it takes the basic one when that is lower or the
 * previous close was above the previous final upper); the final lower band only rises, symmetrically.
 * The trend turns up when the close rises above the final upper band and down when it falls below the
 * final lower band; Supertrend is the final lower band in an up trend and the final upper in a down
 * trend. The first ready bar starts in an up trend. `direction` is 1 (up) or −1 (down).
 */
export class Supertrend {
  readonly warmUp: number;
  private readonly atr: AverageTrueRange;
  private finalUpper = Number.NaN;
  private finalLower = Number.NaN;
  private previousClose = Number.NaN;
  value = Number.NaN;
  direction = Number.NaN;

  constructor(
    readonly atrPeriod = 10,
    readonly multiplier = 3,
  ) {
    this.atr = new AverageTrueRange(atrPeriod);
    this.warmUp = this.atr.warmUp;
  }

  get ready(): boolean {
    return this.atr.ready;
  }

  update(bar: OhlcvBar): number {
    checkBar('Supertrend', bar);
    const range = this.atr.update(bar);
    const previousClose = this.previousClose;
    this.previousClose = bar.close;
    if (!this.atr.ready) return Number.NaN;
    const middle = (bar.high + bar.low) / 2;
    const basicUpper = middle + this.multiplier * range;
    const basicLower = middle - this.multiplier * range;
    if (Number.isNaN(this.direction)) {
      this.finalUpper = basicUpper;
      this.finalLower = basicLower;
      this.direction = 1;
    } else {
      this.finalUpper =
        basicUpper < this.finalUpper || previousClose > this.finalUpper ? basicUpper : this.finalUpper;
      this.finalLower =
        basicLower > this.finalLower || previousClose < this.finalLower ? basicLower : this.finalLower;
      if (this.direction === -1 && bar.close > this.finalUpper) this.direction = 1;
      else if (this.direction === 1 && bar.close < this.finalLower) this.direction = -1;
    }
    this.value = this.direction === 1 ? this.finalLower : this.finalUpper;
    return this.value;
  }

  reset(): void {
    this.atr.reset();
    this.finalUpper = Number.NaN;
    this.finalLower = Number.NaN;
    this.previousClose = Number.NaN;
    this.value = Number.NaN;
    this.direction = Number.NaN;
  }
}

export function supertrend(bars: OhlcvColumns, atrPeriod = 10, multiplier = 3) {
  return runBatchOutputs(new Supertrend(atrPeriod, multiplier), barReader(bars), bars.close.length, [
    'value',
    'direction',
  ] as const);
}
