// Time-series momentum: hold a symbol while its own return over the lookback is above a threshold.
import type { Bar, StrategyId, Ticker } from '@ats/core';
import { Strategy, type StrategyContext } from '@ats/engine';
import { RateOfChange } from '@ats/indicators';

export interface TimeSeriesMomentumParameters {
  /** Bars of the return the decision reads (e.g. 126: six months of daily bars). */
  readonly lookback: number;
  /** The return (a fraction) above which the symbol is held. */
  readonly threshold: number;
  /** Go short below −threshold (needs a margin account and shorts allowed). */
  readonly allowShort: boolean;
}

/** Long while the lookback return is above `threshold`; short below −threshold when allowed, else flat. */
export class TimeSeriesMomentumStrategy extends Strategy {
  private readonly returns = new Map<Ticker, RateOfChange>();

  constructor(
    id: StrategyId,
    symbols: readonly Ticker[],
    readonly parameters: TimeSeriesMomentumParameters,
  ) {
    super(id, symbols);
  }

  override onStart(context: StrategyContext): void {
    for (const symbol of this.symbols)
      this.returns.set(symbol, context.registerIndicator(symbol, new RateOfChange(this.parameters.lookback)));
  }

  override onBar(bar: Bar, context: StrategyContext): void {
    const change = this.returns.get(bar.symbol);
    if (!change?.ready) return;
    // RateOfChange is in percent (TA-Lib's ROC).
    const lookbackReturn = change.value / 100;
    const { threshold, allowShort } = this.parameters;
    const wanted =
      lookbackReturn > threshold ? 'LONG' : allowShort && lookbackReturn < -threshold ? 'SHORT' : 'FLAT';
    const position = context.position(bar.symbol);
    const holds = wanted === 'LONG' ? position > 0 : wanted === 'SHORT' ? position < 0 : position === 0;
    if (!holds) context.signal(bar.symbol, wanted);
  }
}
