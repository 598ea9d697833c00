// +DI, −DI and ADX: Wilder's directional movement, in TA-Lib's steps (sums first, then smoothing).
import {
  barReader,
  checkBar,
  checkPeriod,
  isZero,
  type OhlcvBar,
  type OhlcvColumns,
  runBatchOutputs,
} from './indicator.js';
import { trueRangeOf } from './true-range.js';

/**
 * TA-Lib PLUS_DI and MINUS_DI (default 14; first output at index period) and ADX (first output at
 * index 2 × period − 1). The directional moves and true ranges are summed over the first period − 1
 * bars, then smoothed as sum − sum / period + new; DX is averaged over `period` bars, then smoothed.
 */
export class DirectionalMovement {
  readonly warmUp: number;
  private count = 0;
  private previousHigh = 0;
  private previousLow = 0;
  private previousClose = 0;
  private plusMovement = 0;
  private minusMovement = 0;
  private range = 0;
  private dxSum = 0;
  private dxCount = 0;
  private adxValue = Number.NaN;
  plusDi = Number.NaN;
  minusDi = Number.NaN;
  adx = Number.NaN;

  constructor(readonly period = 14) {
    checkPeriod('ADX', period, 2);
    this.warmUp = 2 * period;
  }

  /** True once ADX (the last of the three outputs) has a value. */
  get ready(): boolean {
    return !Number.isNaN(this.adx);
  }
  /** +DI and −DI are ready earlier, from index period. */
  get directionalIndicatorsReady(): boolean {
    return this.count > this.period;
  }
  get value(): number {
    return this.adx;
  }

  update(bar: OhlcvBar): number {
    checkBar('ADX', bar);
    this.count++;
    if (this.count === 1) {
      this.previousHigh = bar.high;
      this.previousLow = bar.low;
      this.previousClose = bar.close;
      return Number.NaN;
    }
    const plusMove = bar.high - this.previousHigh;
    const minusMove = this.previousLow - bar.low;
    this.previousHigh = bar.high;
    this.previousLow = bar.low;
    const range = trueRangeOf(bar.high, bar.low, this.previousClose);
    this.previousClose = bar.close;
    const period = this.period;
    if (this.count < period + 1) {
      if (minusMove > 0 && plusMove < minusMove) this.minusMovement += minusMove;
      else if (plusMove > 0 && plusMove > minusMove) this.plusMovement += plusMove;
      this.range += range;
      return Number.NaN;
    }
    this.minusMovement -= this.minusMovement / period;
    this.plusMovement -= this.plusMovement / period;
    if (minusMove > 0 && plusMove < minusMove) this.minusMovement += minusMove;
    else if (plusMove > 0 && plusMove > minusMove) this.plusMovement += plusMove;
    this.range = this.range - this.range / period + range;
    let dx = Number.NaN;
    if (isZero(this.range)) {
      this.plusDi = 0;
      this.minusDi = 0;
    } else {
      this.minusDi = 100 * (this.minusMovement / this.range);
      this.plusDi = 100 * (this.plusMovement / this.range);
      const sum = this.minusDi + this.plusDi;
      if (!isZero(sum)) dx = 100 * (Math.abs(this.minusDi - this.plusDi) / sum);
    }
    if (this.dxCount < period) {
      // TA-Lib adds DX only when it is defined, and still counts the bar.
      if (!Number.isNaN(dx)) this.dxSum += dx;
      this.dxCount++;
      if (this.dxCount === period) {
        this.adxValue = this.dxSum / period;
        this.adx = this.adxValue;
      }
    } else if (!Number.isNaN(dx)) {
      this.adxValue = (this.adxValue * (period - 1) + dx) / period;
      this.adx = this.adxValue;
    }
    return this.adx;
  }

  reset(): void {
    this.count = 0;
    this.plusMovement = 0;
    this.minusMovement = 0;
    this.range = 0;
    this.dxSum = 0;
    this.dxCount = 0;
    this.adxValue = Number.NaN;
    this.plusDi = Number.NaN;
    this.minusDi = Number.NaN;
    this.adx = Number.NaN;
  }
}

export function directionalMovement(bars: OhlcvColumns, period = 14) {
  return runBatchOutputs(new DirectionalMovement(period), barReader(bars), bars.close.length, [
    'plusDi',
    'minusDi',
    'adx',
  ] as const);
}
