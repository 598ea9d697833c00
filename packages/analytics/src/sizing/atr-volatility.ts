// Daily volatility from the average true range: ATR(14) of each symbol's daily bars (bars.{symbol},
// timeframe 1d) over its close, for the volatility-target sizer's `atr` measure. Fed from the bus
// live, or bar by bar in a backtest.
import { type MessageBus, type Subscription, topics } from '@ats/core';
import { AverageTrueRange } from '@ats/indicators';

export class AtrVolatility {
  private readonly ranges = new Map<string, { atr: AverageTrueRange; close: number }>();
  private subscription: Subscription | null = null;

  constructor(private readonly period = 14) {}

  /** Feeds one daily bar (O(1)). */
  update(symbol: string, high: number, low: number, close: number): void {
    let entry = this.ranges.get(symbol);
    if (!entry) {
      entry = { atr: new AverageTrueRange(this.period), close };
      this.ranges.set(symbol, entry);
    }
    entry.atr.update({ high, low, close });
    entry.close = close;
  }

  /** ATR / close, or null before the ATR has its first value. */
  volatilityOf(symbol: string): number | null {
    const entry = this.ranges.get(symbol);
    if (!entry?.atr.ready || !(entry.close > 0)) return null;
    return entry.atr.value / entry.close;
  }

  start(bus: MessageBus): void {
    this.subscription = bus.subscribe(topics.allBars, (event) => {
      if (event.type !== 'BarClosed' || event.bar.timeframe !== '1d') return;
      const { bar } = event;
      this.update(bar.symbol, bar.high.toNumber(), bar.low.toNumber(), bar.close.toNumber());
    });
  }

  async stop(): Promise<void> {
    await this.subscription?.unsubscribe();
  }
}
