// The SMA crossover: long when the fast average crosses above the slow one, flat when it crosses below.
import type { Bar, StrategyId, Ticker } from '@ats/core';
import { Strategy, type StrategyContext } from '@ats/engine';
import { SimpleMovingAverage } from '@ats/indicators';

export interface SmaCrossParameters {
  /** Bars of the fast average. */
  readonly fast: number;
  /** Bars of the slow average; must be longer than the fast one. */
  readonly slow: number;
}

interface Averages {
  readonly fast: SimpleMovingAverage;
  readonly slow: SimpleMovingAverage;
  /** Whether fast was above slow at the previous bar; null before both are ready. */
  above: boolean | null;
}

/**
 * Long-only. A cross is a change of sign of (fast − slow) between two consecutive bars with both
 * averages ready, so the first ready bar never trades on its own.
 */
export class SmaCrossStrategy extends Strategy {
  private readonly averages = new Map<Ticker, Averages>();

  constructor(
    id: StrategyId,
    symbols: readonly Ticker[],
    readonly parameters: SmaCrossParameters,
  ) {
    super(id, symbols);
  }

  override onStart(context: StrategyContext): void {
    for (const symbol of this.symbols) {
      this.averages.set(symbol, {
        fast: context.registerIndicator(symbol, new SimpleMovingAverage(this.parameters.fast)),
        slow: context.registerIndicator(symbol, new SimpleMovingAverage(this.parameters.slow)),
        above: null,
      });
    }
  }

  override onBar(bar: Bar, context: StrategyContext): void {
    const averages = this.averages.get(bar.symbol);
    if (!averages?.fast.ready || !averages.slow.ready) return;
    const above = averages.fast.value > averages.slow.value;
    const previous = averages.above;
    averages.above = above;
    if (previous === null || previous === above) return;
    if (above && context.position(bar.symbol) <= 0) context.signal(bar.symbol, 'LONG');
    else if (!above && context.position(bar.symbol) > 0) context.signal(bar.symbol, 'FLAT');
  }
}
