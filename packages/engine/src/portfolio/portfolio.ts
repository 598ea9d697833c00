// The portfolio: the account ledger, positions per account and per strategy, marks, PnL and updates.
import {
  type AccountId,
  AccountLedger,
  Money,
  type OrderFilled,
  Position,
  type PositionChange,
  type PositionSnapshot,
  type Price,
  RecentTable,
  SCALE,
  type Ticker,
} from '@ats/core';
import type { PortfolioView } from './portfolio-view.js';

export interface PortfolioState {
  readonly cash: Money;
  readonly equity: Money;
  readonly realizedPnl: Money;
  readonly unrealizedPnl: Money;
  readonly commissions: Money;
  readonly positions: readonly PositionSnapshot[];
}

/**
 * Fills change it; quotes only move marks. Positions are netted per account and symbol (the
 * portfolio_positions table) and kept again per strategy so PnL is known per strategy.
 */
/** One symbol's mark, the time it was seen, and the account's position in it (null before a fill). */
interface SymbolState {
  readonly symbol: Ticker;
  mark: Price | null;
  /**
   * Market time of the mark (epoch ms), NaN when it came with none: a number field from the start, so
   * V8 keeps it unboxed and a bar's time is written in place (a field that held null first took a new
   * heap number at every bar).
   */
  markAt: number;
  position: Position | null;
}

export class Portfolio implements PortfolioView {
  readonly ledger: AccountLedger;
  private readonly positions = new Map<Ticker, Position>();
  private readonly strategyPositions = new Map<string, Map<Ticker, Position>>();
  /**
   * Each symbol's mark, its time and its position in one record updated in place: a bar's mark looks
   * the symbol up once (it was four table operations), and a time in a record's field is not boxed as
   * one set into a Map is (epoch ms are not small integers). A one-symbol run marks the same symbol at
   * every bar: the table remembers the record looked up last.
   */
  private readonly states = new RecentTable<Ticker, SymbolState>((symbol) => ({
    symbol,
    mark: null,
    markAt: Number.NaN,
    position: null,
  }));
  private dayStart: Money;
  /**
   * Σ mark × net quantity and Σ |mark × net quantity| over open positions, in raw 1/10,000: kept as
   * marks and fills change them (integers, so exact), because equity is read on every bar of a
   * backtest and summing every position there made a universe of n symbols cost O(n) per bar.
   */
  private valueRaw = 0;
  private grossValueRaw = 0;

  constructor(
    readonly accountId: AccountId,
    startingCash: Money,
  ) {
    this.ledger = new AccountLedger(accountId, startingCash);
    this.dayStart = startingCash;
  }

  /** Applies a fill; returns what it realized at the account level (stored as the trade's pnl). */
  applyFill(fill: OrderFilled): PositionChange {
    const position = this.positionOf(this.positions, fill.symbol);
    const state = this.states.of(fill.symbol);
    state.position = position;
    const valueBefore = position.netQuantity * (state.mark?.raw ?? 0);
    const change = position.apply(fill.side, fill.lastQuantity, fill.lastPrice, fill.commission);
    this.ledger.applyFill(fill.side, fill.lastQuantity, fill.lastPrice, fill.commission, change.realized);
    let byStrategy = this.strategyPositions.get(fill.strategyId);
    if (!byStrategy) {
      byStrategy = new Map();
      this.strategyPositions.set(fill.strategyId, byStrategy);
    }
    this.positionOf(byStrategy, fill.symbol).apply(
      fill.side,
      fill.lastQuantity,
      fill.lastPrice,
      fill.commission,
    );
    let mark = state.mark;
    if (!mark) {
      mark = fill.lastPrice;
      state.mark = mark;
    }
    const valueAfter = position.netQuantity * mark.raw;
    this.valueRaw += valueAfter - valueBefore;
    this.grossValueRaw += Math.abs(valueAfter) - Math.abs(valueBefore);
    return change;
  }

  /** Marks a symbol at a market price seen at `at` (market time); the time lets risk refuse stale prices. */
  updateMark(symbol: Ticker, price: Price, at?: number): void {
    const state = this.states.of(symbol);
    const net = state.position?.netQuantity ?? 0;
    if (net !== 0) {
      // An open position always has a mark (its first fill sets one).
      const before = net * (state.mark as Price).raw;
      const after = net * price.raw;
      this.valueRaw += after - before;
      this.grossValueRaw += Math.abs(after) - Math.abs(before);
    }
    state.mark = price;
    if (at !== undefined) state.markAt = at;
  }

  markTime(symbol: Ticker): number | null {
    const at = this.states.find(symbol)?.markAt;
    return at === undefined || Number.isNaN(at) ? null : at;
  }

  /** The symbol's latest mark, if any. */
  private markOf(symbol: Ticker): Price | null {
    return this.states.find(symbol)?.mark ?? null;
  }

  /** Starts a new trading day: the daily loss limit counts from the equity now. */
  startDay(): void {
    this.dayStart = this.equity();
  }

  cash(): Money {
    return this.ledger.cash;
  }

  equity(): Money {
    return Money.fromRaw(this.equityRaw());
  }

  /** Equity as a raw integer of 1/10,000 (exact, allocates nothing): read on every bar of a backtest. */
  equityRaw(): number {
    return this.ledger.cash.raw + this.valueRaw;
  }

  /** Gross market value of open positions, as a float (exposure statistics); O(1). */
  grossExposure(): number {
    return this.grossValueRaw / SCALE;
  }

  unrealizedPnl(): Money {
    let total = Money.zero;
    for (const [symbol, position] of this.positions) {
      if (position.isFlat) continue;
      total = total.add(position.unrealizedPnl(this.markOf(symbol) ?? position.averageCost));
    }
    return total;
  }

  dayStartEquity(): Money {
    return this.dayStart;
  }

  netQuantity(symbol: Ticker): number {
    return this.positions.get(symbol)?.netQuantity ?? 0;
  }

  strategyNetQuantity(strategyId: string, symbol: Ticker): number {
    return this.strategyPositions.get(strategyId)?.get(symbol)?.netQuantity ?? 0;
  }

  /** Realized PnL (gross) and commissions of one strategy, across its symbols. */
  strategyPnl(strategyId: string): { realized: Money; unrealized: Money; commissions: Money } {
    let realized = Money.zero;
    let unrealized = Money.zero;
    let commissions = Money.zero;
    for (const [symbol, position] of this.strategyPositions.get(strategyId) ?? []) {
      realized = realized.add(position.realizedPnl);
      commissions = commissions.add(position.commissions);
      if (!position.isFlat)
        unrealized = unrealized.add(position.unrealizedPnl(this.markOf(symbol) ?? position.averageCost));
    }
    return { realized, unrealized, commissions };
  }

  strategies(): string[] {
    return [...this.strategyPositions.keys()];
  }

  mark(symbol: Ticker): Price | null {
    return this.markOf(symbol);
  }

  position(symbol: Ticker): Position | undefined {
    return this.positions.get(symbol);
  }

  /** Snapshots of positions; `onlySymbols` limits it to the ones a change touched. */
  snapshot(onlySymbols?: ReadonlySet<Ticker>): PortfolioState {
    const positions: PositionSnapshot[] = [];
    for (const [symbol, position] of this.positions) {
      if (onlySymbols && !onlySymbols.has(symbol)) continue;
      const mark = this.markOf(symbol);
      positions.push({
        symbol,
        netQuantity: position.netQuantity,
        averageCost: position.averageCost,
        marketPrice: mark,
        marketValue: mark ? position.marketValue(mark) : Money.zero,
        unrealizedPnl: mark ? position.unrealizedPnl(mark) : Money.zero,
        realizedPnl: position.realizedPnl,
      });
    }
    return {
      cash: this.ledger.cash,
      equity: this.equity(),
      realizedPnl: this.ledger.realizedPnl,
      unrealizedPnl: this.unrealizedPnl(),
      commissions: this.ledger.commissions,
      positions,
    };
  }

  private positionOf(map: Map<Ticker, Position>, symbol: Ticker): Position {
    let position = map.get(symbol);
    if (!position) {
      position = new Position(symbol);
      map.set(symbol, position);
    }
    return position;
  }
}
