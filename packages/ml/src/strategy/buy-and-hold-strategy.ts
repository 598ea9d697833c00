// Buy and hold from a given time: the benchmark the ML strategy's out-of-sample result is reported beside.
import type { Bar, StrategyId, Ticker } from '@ats/core';
import { Strategy, type StrategyContext } from '@ats/engine';

export class BuyAndHoldStrategy extends Strategy {
  constructor(
    id: StrategyId,
    symbols: readonly Ticker[],
    /** Epoch ms: the first bar at or after it buys (the start of the out-of-sample window). */
    readonly from: number,
  ) {
    super(id, symbols);
  }

  private readonly bought = new Set<Ticker>();

  override onBar(bar: Bar, context: StrategyContext): void {
    // One signal per symbol: the order fills at a later bar, before which the position still reads 0.
    if (bar.time < this.from || this.bought.has(bar.symbol)) return;
    this.bought.add(bar.symbol);
    context.signal(bar.symbol, 'LONG');
  }
}
