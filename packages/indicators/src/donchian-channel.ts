// Donchian channel: highest high and lowest low of the last `period` bars, and their midpoint.
import {
  barReader,
  checkBar,
  checkPeriod,
  type OhlcvBar,
  type OhlcvColumns,
  runBatchOutputs,
} from './indicator.js';
import { WindowExtremes } from './window-extremes.js';

/** Donchian (default 20): upper = highest high, lower = lowest low, middle = (upper + lower) / 2, the current bar included. */
export class DonchianChannel {
  readonly warmUp: number;
  private readonly extremes: WindowExtremes;
  upper = Number.NaN;
  middle = Number.NaN;
  lower = Number.NaN;

  constructor(readonly period = 20) {
    checkPeriod('Donchian', period);
    this.warmUp = period;
    this.extremes = new WindowExtremes(period);
  }

  get ready(): boolean {
    return this.extremes.full;
  }
  get value(): number {
    return this.middle;
  }

  update(bar: OhlcvBar): number {
    checkBar('Donchian', bar);
    this.extremes.push(bar.high, bar.low);
    if (!this.extremes.full) return Number.NaN;
    this.upper = this.extremes.highest;
    this.lower = this.extremes.lowest;
    this.middle = (this.upper + this.lower) / 2;
    return this.middle;
  }

  reset(): void {
    this.extremes.reset();
    this.upper = Number.NaN;
    this.middle = Number.NaN;
    this.lower = Number.NaN;
  }
}

export function donchianChannel(bars: OhlcvColumns, period = 20) {
  return runBatchOutputs(new DonchianChannel(period), barReader(bars), bars.close.length, [
    'upper',
    'middle',
    'lower',
  ] as const);
}
