// The strategy API: what a strategy author writes once and runs unchanged in backtest, paper and live.
import type { Bar, OrderFilled, Quote, StrategyId, Ticker } from '@ats/core';
import type { StrategyContext } from './strategy-context.js';

/**
 * Subclass and override the hooks you need. Register indicators in `onStart`; they are updated with
 * each closed bar before `onBar` runs, so reading them in `onBar` sees the bar just closed.
 */
export abstract class Strategy {
  constructor(
    readonly id: StrategyId,
    readonly symbols: readonly Ticker[],
  ) {}

  /** Called once before any data, with the context to register indicators on. */
  onStart(_context: StrategyContext): void {}

  /** Called for each closed bar of a subscribed symbol. */
  onBar(_bar: Bar, _context: StrategyContext): void {}

  /** Called for each quote of a subscribed symbol (optional; bars suffice for most strategies). */
  onQuote(_quote: Quote, _context: StrategyContext): void {}

  /** Called for each fill of this strategy's orders. */
  onFill(_fill: OrderFilled, _context: StrategyContext): void {}

  /** Called once when the strategy stops. */
  onStop(_context: StrategyContext): void {}
}
