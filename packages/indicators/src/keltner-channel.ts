// Keltner channel: EMA of the close ± multiplier × ATR (the modern Raschke form).
import { AverageTrueRange } from './average-true-range.js';
import { ExponentialMovingAverage } from './exponential-moving-average.js';
import { barReader, checkBar, type OhlcvBar, type OhlcvColumns, runBatchOutputs } from './indicator.js';

/**
 * Keltner (EMA 20 of the close, ATR 10, multiplier 2): middle = EMA, upper/lower = EMA ± 2 × ATR.
 * Source: Linda Bradford Raschke's version of Chester Keltner's 1960 channel. EMA and ATR here are the
 * TA-Lib-matching ones (SMA-seeded EMA, Wilder ATR); ready when both are.
 */
export class KeltnerChannel {
  readonly warmUp: number;
  private readonly ema: ExponentialMovingAverage;
  private readonly atr: AverageTrueRange;
  upper = Number.NaN;
  middle = Number.NaN;
  lower = Number.NaN;

  constructor(
    readonly emaPeriod = 20,
    readonly atrPeriod = 10,
    readonly multiplier = 2,
  ) {
    this.ema = new ExponentialMovingAverage(emaPeriod);
    this.atr = new AverageTrueRange(atrPeriod);
    this.warmUp = Math.max(this.ema.warmUp, this.atr.warmUp);
  }

  get ready(): boolean {
    return this.ema.ready && this.atr.ready;
  }
  get value(): number {
    return this.middle;
  }

  update(bar: OhlcvBar): number {
    checkBar('Keltner', bar);
    const middle = this.ema.update(bar.close);
    const range = this.atr.update(bar);
    if (!this.ready) return Number.NaN;
    this.middle = middle;
    this.upper = middle + this.multiplier * range;
    this.lower = middle - this.multiplier * range;
    return middle;
  }

  reset(): void {
    this.ema.reset();
    this.atr.reset();
    this.upper = Number.NaN;
    this.middle = Number.NaN;
    this.lower = Number.NaN;
  }
}

export function keltnerChannel(bars: OhlcvColumns, emaPeriod = 20, atrPeriod = 10, multiplier = 2) {
  return runBatchOutputs(
    new KeltnerChannel(emaPeriod, atrPeriod, multiplier),
    barReader(bars),
    bars.close.length,
    ['upper', 'middle', 'lower'] as const,
  );
}
