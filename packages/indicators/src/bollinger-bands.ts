// Bollinger Bands: SMA middle band ± deviations × population standard deviation, as TA-Lib computes them.
import { checkFinite, checkPeriod, runBatchOutputs } from './indicator.js';
import { StandardDeviation } from './standard-deviation.js';

/** TA-Lib BBANDS (5 bars, 2 up, 2 down, SMA; first output at index period − 1). */
export class BollingerBands {
  readonly warmUp: number;
  private readonly deviation: StandardDeviation;
  upper = Number.NaN;
  middle = Number.NaN;
  lower = Number.NaN;

  constructor(
    readonly period = 5,
    readonly deviationsUp = 2,
    readonly deviationsDown = 2,
  ) {
    checkPeriod('BBANDS', period, 2);
    this.deviation = new StandardDeviation(period, 1);
    this.warmUp = period;
  }

  get ready(): boolean {
    return this.deviation.ready;
  }
  get value(): number {
    return this.middle;
  }

  update(value: number): number {
    checkFinite('BBANDS', value);
    const deviation = this.deviation.update(value);
    if (!this.deviation.ready) return Number.NaN;
    this.middle = this.deviation.mean;
    const up = this.deviationsUp === 1 ? deviation : deviation * this.deviationsUp;
    const down = this.deviationsDown === 1 ? deviation : deviation * this.deviationsDown;
    this.upper = this.middle + up;
    this.lower = this.middle - down;
    return this.middle;
  }

  reset(): void {
    this.deviation.reset();
    this.upper = Number.NaN;
    this.middle = Number.NaN;
    this.lower = Number.NaN;
  }
}

export function bollingerBands(values: ArrayLike<number>, period = 5, deviationsUp = 2, deviationsDown = 2) {
  return runBatchOutputs(
    new BollingerBands(period, deviationsUp, deviationsDown),
    (index) => values[index] as number,
    values.length,
    ['upper', 'middle', 'lower'] as const,
  );
}
