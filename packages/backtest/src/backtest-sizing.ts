// A backtest's position sizing: the same sizer the Risk Manager builds from risk_models.sizing, fed by
// the run itself: return statistics and ATR from its bars, holdings and drawdown from its portfolio,
// each strategy's edge from its closed round trips.
import {
  AtrVolatility,
  EwmaReturnStatistics,
  type Holding,
  positionSizerOf,
  type SizingSettings,
  TradeEdgeBook,
} from '@ats/analytics';
import { type Bar, type MessageBus, type PositionSizer, type Ticker, topics } from '@ats/core';
import type { Portfolio } from '@ats/engine';

export class BacktestSizing {
  readonly sizer: PositionSizer;
  private readonly statistics = new EwmaReturnStatistics();
  private readonly atr = new AtrVolatility();
  private readonly edges = new TradeEdgeBook();
  private readonly lastClose = new Map<Ticker, number>();
  /** Each strategy's realized P&L so far, so a fill's share of it is known. */
  private readonly realized = new Map<string, number>();
  private portfolio: Portfolio | null = null;
  private peak = 0;
  private equity = 0;

  constructor(settings: SizingSettings, positionFraction: number) {
    this.sizer = positionSizerOf(settings, {
      statistics: this.statistics,
      holdings: () => this.holdings(),
      drawdown: () => (this.peak > 0 ? 1 - this.equity / this.peak : 0),
      edgeOf: (strategyId) => this.edges.edgeOf(strategyId),
      positionFraction,
      atrVolatilityOf: (symbol) => this.atr.volatilityOf(symbol),
    });
  }

  /** Follows the run's fills once its kernel exists (the portfolio has booked a fill before this sees it). */
  attach(portfolio: Portfolio, bus: MessageBus): void {
    this.portfolio = portfolio;
    bus.subscribe(topics.tradesExecuted, (event) => {
      if (event.type !== 'OrderFilled') return;
      const total = portfolio.strategyPnl(event.strategyId).realized.toNumber();
      const before = this.realized.get(event.strategyId) ?? 0;
      this.realized.set(event.strategyId, total);
      const quantity = event.lastQuantity.value;
      this.edges.recordFill(
        event.strategyId,
        event.symbol,
        event.side === 'BUY' ? quantity : -quantity,
        total - before,
      );
    });
  }

  /** One bar, before strategies see it: its close for the returns, its range for the ATR. */
  onBar(bar: Bar): void {
    const close = bar.close.toNumber();
    this.lastClose.set(bar.symbol, close);
    this.statistics.mark(bar.symbol, close);
    this.atr.update(bar.symbol, bar.high.toNumber(), bar.low.toNumber(), close);
  }

  /** The end of one time step: one return sample per bar period, and the equity for the drawdown. */
  onStepEnd(equity: number): void {
    this.statistics.sample();
    this.equity = equity;
    if (equity > this.peak) this.peak = equity;
  }

  private holdings(): Holding[] {
    const portfolio = this.portfolio;
    if (!portfolio) return [];
    const held: Holding[] = [];
    for (const [symbol, close] of this.lastClose) {
      const quantity = portfolio.netQuantity(symbol);
      if (quantity !== 0) held.push({ symbol, value: quantity * close });
    }
    return held;
  }
}
