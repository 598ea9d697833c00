// Volatility target: the position whose annualized volatility is the target share of equity,
// value = equity × target / (σ_daily √periodsPerYear) × strength (Moreira and Muir 2017, "Volatility-managed portfolios").
import type { PositionSizer, SizingDecision, SizingRequest } from '@ats/core';
import { cappedSize } from './capped-size.js';

export interface VolatilityTargetOptions {
  /** The annualized volatility one position should carry, as a fraction of equity (e.g. 0.02). */
  readonly targetVolatility: number;
  /**
   * The symbol's daily volatility as a fraction of price (realized: the EWMA standard deviation of
   * returns; or ATR / price), or null while not yet known.
   */
  readonly volatilityOf: (symbol: string) => number | null;
  /** 'realized' or 'atr': which measure `volatilityOf` gives (shown in the explanation). */
  readonly measure: 'realized' | 'atr';
  readonly periodsPerYear?: number;
}

export class VolatilityTargetSizer implements PositionSizer {
  readonly name = 'volatility_target';

  constructor(private readonly options: VolatilityTargetOptions) {
    if (!(options.targetVolatility > 0))
      throw new RangeError(`volatility target must be positive, got ${options.targetVolatility}`);
  }

  size(request: SizingRequest): SizingDecision {
    const daily = this.options.volatilityOf(request.symbol);
    if (daily === null || !(daily > 0))
      return {
        quantity: 0,
        explanation: `volatility target: no ${this.options.measure} volatility for ${request.symbol} yet`,
      };
    const annual = daily * Math.sqrt(this.options.periodsPerYear ?? 252);
    const value = (request.equity * this.options.targetVolatility * request.strength) / annual;
    return cappedSize(
      request,
      value,
      `volatility target ${this.options.targetVolatility} / ${this.options.measure} ${annual.toFixed(4)} a year x equity ${request.equity.toFixed(2)} x ${request.strength}`,
    );
  }
}
