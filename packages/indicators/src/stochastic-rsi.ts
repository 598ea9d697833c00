// Stochastic RSI: the fast stochastic of RSI values, as TA-Lib's STOCHRSI.
import { checkFinite, runBatchOutputs } from './indicator.js';
import { RelativeStrengthIndex } from './relative-strength-index.js';
import { FastStochastic } from './stochastic.js';

/** TA-Lib STOCHRSI (14, 5, 3 SMA); first output at index period + fastK − 1 + fastD − 1. */
export class StochasticRsi {
  readonly warmUp: number;
  private readonly rsi: RelativeStrengthIndex;
  private readonly stochastic: FastStochastic;
  k = Number.NaN;
  d = Number.NaN;

  constructor(
    readonly period = 14,
    readonly kPeriod = 5,
    readonly dPeriod = 3,
  ) {
    this.rsi = new RelativeStrengthIndex(period);
    this.stochastic = new FastStochastic(kPeriod, dPeriod);
    this.warmUp = period + kPeriod + dPeriod - 1;
  }

  get ready(): boolean {
    return this.stochastic.ready;
  }
  get value(): number {
    return this.k;
  }

  update(value: number): number {
    checkFinite('STOCHRSI', value);
    const rsi = this.rsi.update(value);
    if (!this.rsi.ready) return Number.NaN;
    this.stochastic.updateValues(rsi, rsi, rsi);
    if (!this.stochastic.ready) return Number.NaN;
    this.k = this.stochastic.k;
    this.d = this.stochastic.d;
    return this.k;
  }

  reset(): void {
    this.rsi.reset();
    this.stochastic.reset();
    this.k = Number.NaN;
    this.d = Number.NaN;
  }
}

export function stochasticRsi(values: ArrayLike<number>, period = 14, kPeriod = 5, dPeriod = 3) {
  return runBatchOutputs(
    new StochasticRsi(period, kPeriod, dPeriod),
    (index) => values[index] as number,
    values.length,
    ['k', 'd'] as const,
  );
}
