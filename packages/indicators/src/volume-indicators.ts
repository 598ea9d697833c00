// Volume indicators: on-balance volume, the accumulation/distribution line, and the Chaikin oscillator (TA-Lib).
import {
  barReader,
  checkBar,
  checkPeriod,
  type OhlcvBar,
  type OhlcvColumns,
  runBatchOf,
  type StreamingIndicator,
} from './indicator.js';

function volumeOf(name: string, bar: OhlcvBar): number {
  const volume = bar.volume ?? 0;
  if (!Number.isFinite(volume) || volume < 0)
    throw new RangeError(`${name}: volume ${volume} is not a non-negative number`);
  return volume;
}

/** TA-Lib OBV: starts at the first bar's volume, adds volume on up closes and subtracts on down closes. */
export class OnBalanceVolume implements StreamingIndicator<OhlcvBar> {
  readonly warmUp = 1;
  private previousClose = Number.NaN;
  private output = Number.NaN;

  get ready(): boolean {
    return !Number.isNaN(this.output);
  }
  get value(): number {
    return this.output;
  }

  update(bar: OhlcvBar): number {
    checkBar('OBV', bar);
    const volume = volumeOf('OBV', bar);
    if (Number.isNaN(this.previousClose)) this.output = volume;
    else if (bar.close > this.previousClose) this.output += volume;
    else if (bar.close < this.previousClose) this.output -= volume;
    this.previousClose = bar.close;
    return this.output;
  }

  reset(): void {
    this.previousClose = Number.NaN;
    this.output = Number.NaN;
  }
}

/** One step of the A/D line: the close location value times volume; a zero-range bar adds nothing. */
function accumulationStep(bar: OhlcvBar, volume: number): number {
  const range = bar.high - bar.low;
  return range > 0 ? ((bar.close - bar.low - (bar.high - bar.close)) / range) * volume : 0;
}

/** TA-Lib AD: the cumulative accumulation/distribution line; first output at index 0. */
export class AccumulationDistribution implements StreamingIndicator<OhlcvBar> {
  readonly warmUp = 1;
  private total = 0;
  private started = false;

  get ready(): boolean {
    return this.started;
  }
  get value(): number {
    return this.started ? this.total : Number.NaN;
  }

  update(bar: OhlcvBar): number {
    checkBar('AD', bar);
    this.total += accumulationStep(bar, volumeOf('AD', bar));
    this.started = true;
    return this.total;
  }

  reset(): void {
    this.total = 0;
    this.started = false;
  }
}

/**
 * TA-Lib ADOSC (3, 10): fast EMA − slow EMA of the A/D line, both seeded with the first A/D value
 * (not an SMA) and smoothed as k × value + (1 − k) × previous; first output at index slow − 1.
 */
export class ChaikinOscillator implements StreamingIndicator<OhlcvBar> {
  readonly warmUp: number;
  private readonly fastK: number;
  private readonly slowK: number;
  private count = 0;
  private line = 0;
  private fast = 0;
  private slow = 0;
  private output = Number.NaN;

  constructor(
    readonly fastPeriod = 3,
    readonly slowPeriod = 10,
  ) {
    checkPeriod('ADOSC fast', fastPeriod, 2);
    checkPeriod('ADOSC slow', slowPeriod, 2);
    this.fastK = 2 / (fastPeriod + 1);
    this.slowK = 2 / (slowPeriod + 1);
    this.warmUp = Math.max(fastPeriod, slowPeriod);
  }

  get ready(): boolean {
    return this.count >= this.warmUp;
  }
  get value(): number {
    return this.output;
  }

  update(bar: OhlcvBar): number {
    checkBar('ADOSC', bar);
    this.line += accumulationStep(bar, volumeOf('ADOSC', bar));
    this.count++;
    if (this.count === 1) {
      this.fast = this.line;
      this.slow = this.line;
    } else {
      this.fast = this.fastK * this.line + (1 - this.fastK) * this.fast;
      this.slow = this.slowK * this.line + (1 - this.slowK) * this.slow;
    }
    if (this.count < this.warmUp) return Number.NaN;
    this.output = this.fast - this.slow;
    return this.output;
  }

  reset(): void {
    this.count = 0;
    this.line = 0;
    this.fast = 0;
    this.slow = 0;
    this.output = Number.NaN;
  }
}

export function onBalanceVolume(bars: OhlcvColumns): Float64Array {
  return runBatchOf(new OnBalanceVolume(), bars.close.length, barReader(bars));
}

export function accumulationDistribution(bars: OhlcvColumns): Float64Array {
  return runBatchOf(new AccumulationDistribution(), bars.close.length, barReader(bars));
}

export function chaikinOscillator(bars: OhlcvColumns, fastPeriod = 3, slowPeriod = 10): Float64Array {
  return runBatchOf(new ChaikinOscillator(fastPeriod, slowPeriod), bars.close.length, barReader(bars));
}
