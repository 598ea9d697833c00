// Aroon up and down: how recently the window's high and low were made, as TA-Lib's AROON.
import {
  barReader,
  checkBar,
  checkPeriod,
  type OhlcvBar,
  type OhlcvColumns,
  runBatchOutputs,
} from './indicator.js';
import { WindowExtremes } from './window-extremes.js';

/** TA-Lib AROON (default 14; first output at index period; the window holds period + 1 bars). */
export class Aroon {
  readonly warmUp: number;
  private readonly extremes: WindowExtremes;
  private readonly factor: number;
  up = Number.NaN;
  down = Number.NaN;

  constructor(readonly period = 14) {
    checkPeriod('AROON', period, 2);
    this.warmUp = period + 1;
    this.extremes = new WindowExtremes(period + 1);
    this.factor = 100 / period;
  }

  get ready(): boolean {
    return this.extremes.full;
  }
  get value(): number {
    return this.up - this.down;
  }

  update(bar: OhlcvBar): number {
    checkBar('AROON', bar);
    this.extremes.push(bar.high, bar.low);
    if (!this.extremes.full) return Number.NaN;
    this.up = this.factor * (this.period - this.extremes.highestAge);
    this.down = this.factor * (this.period - this.extremes.lowestAge);
    return this.up;
  }

  reset(): void {
    this.extremes.reset();
    this.up = Number.NaN;
    this.down = Number.NaN;
  }
}

export function aroon(bars: OhlcvColumns, period = 14) {
  return runBatchOutputs(new Aroon(period), barReader(bars), bars.close.length, ['up', 'down'] as const);
}
