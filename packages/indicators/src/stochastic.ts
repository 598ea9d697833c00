// Stochastic oscillator, fast and slow, with TA-Lib's %K formula and simple moving averages.
import {
  barReader,
  checkBar,
  checkPeriod,
  type OhlcvBar,
  type OhlcvColumns,
  runBatchOutputs,
} from './indicator.js';
import { SimpleMovingAverage } from './simple-moving-average.js';
import { WindowExtremes } from './window-extremes.js';

/** Raw %K of the last `period` bars: (close − lowest low) / ((highest high − lowest low) / 100); 0 on a flat window. */
class RawStochastic {
  private readonly extremes: WindowExtremes;

  constructor(readonly period: number) {
    this.extremes = new WindowExtremes(period);
  }

  get full(): boolean {
    return this.extremes.full;
  }

  update(high: number, low: number, close: number): number {
    this.extremes.push(high, low);
    if (!this.extremes.full) return Number.NaN;
    const difference = (this.extremes.highest - this.extremes.lowest) / 100;
    return difference !== 0 ? (close - this.extremes.lowest) / difference : 0;
  }

  reset(): void {
    this.extremes.reset();
  }
}

/** TA-Lib STOCHF (5, 3 SMA): fast %K and its SMA %D; first output at index fastK − 1 + fastD − 1. */
export class FastStochastic {
  readonly warmUp: number;
  private readonly raw: RawStochastic;
  private readonly smoothing: SimpleMovingAverage;
  k = Number.NaN;
  d = Number.NaN;

  constructor(
    readonly kPeriod = 5,
    readonly dPeriod = 3,
  ) {
    checkPeriod('STOCHF %K', kPeriod);
    checkPeriod('STOCHF %D', dPeriod);
    this.raw = new RawStochastic(kPeriod);
    this.smoothing = new SimpleMovingAverage(dPeriod);
    this.warmUp = kPeriod + dPeriod - 1;
  }

  get ready(): boolean {
    return this.smoothing.ready;
  }
  get value(): number {
    return this.k;
  }

  update(bar: OhlcvBar): number {
    checkBar('STOCHF', bar);
    return this.updateValues(bar.high, bar.low, bar.close);
  }

  /** The same on one series (Stochastic RSI feeds RSI values as high, low and close). */
  updateValues(high: number, low: number, close: number): number {
    const k = this.raw.update(high, low, close);
    if (!this.raw.full) return Number.NaN;
    const d = this.smoothing.update(k);
    if (!this.smoothing.ready) return Number.NaN;
    this.k = k;
    this.d = d;
    return k;
  }

  reset(): void {
    this.raw.reset();
    this.smoothing.reset();
    this.k = Number.NaN;
    this.d = Number.NaN;
  }
}

/** TA-Lib STOCH (5, 3 SMA, 3 SMA): slow %K = SMA of fast %K, slow %D = SMA of slow %K. */
export class SlowStochastic {
  readonly warmUp: number;
  private readonly raw: RawStochastic;
  private readonly kSmoothing: SimpleMovingAverage;
  private readonly dSmoothing: SimpleMovingAverage;
  k = Number.NaN;
  d = Number.NaN;

  constructor(
    readonly fastKPeriod = 5,
    readonly slowKPeriod = 3,
    readonly slowDPeriod = 3,
  ) {
    checkPeriod('STOCH fast %K', fastKPeriod);
    checkPeriod('STOCH slow %K', slowKPeriod);
    checkPeriod('STOCH slow %D', slowDPeriod);
    this.raw = new RawStochastic(fastKPeriod);
    this.kSmoothing = new SimpleMovingAverage(slowKPeriod);
    this.dSmoothing = new SimpleMovingAverage(slowDPeriod);
    this.warmUp = fastKPeriod + slowKPeriod + slowDPeriod - 2;
  }

  get ready(): boolean {
    return this.dSmoothing.ready;
  }
  get value(): number {
    return this.k;
  }

  update(bar: OhlcvBar): number {
    checkBar('STOCH', bar);
    const fastK = this.raw.update(bar.high, bar.low, bar.close);
    if (!this.raw.full) return Number.NaN;
    const slowK = this.kSmoothing.update(fastK);
    if (!this.kSmoothing.ready) return Number.NaN;
    const slowD = this.dSmoothing.update(slowK);
    if (!this.dSmoothing.ready) return Number.NaN;
    this.k = slowK;
    this.d = slowD;
    return slowK;
  }

  reset(): void {
    this.raw.reset();
    this.kSmoothing.reset();
    this.dSmoothing.reset();
    this.k = Number.NaN;
    this.d = Number.NaN;
  }
}

export function fastStochastic(bars: OhlcvColumns, kPeriod = 5, dPeriod = 3) {
  return runBatchOutputs(new FastStochastic(kPeriod, dPeriod), barReader(bars), bars.close.length, [
    'k',
    'd',
  ] as const);
}

export function slowStochastic(bars: OhlcvColumns, fastKPeriod = 5, slowKPeriod = 3, slowDPeriod = 3) {
  return runBatchOutputs(
    new SlowStochastic(fastKPeriod, slowKPeriod, slowDPeriod),
    barReader(bars),
    bars.close.length,
    ['k', 'd'] as const,
  );
}
