// What a venue account holds, as its account model sees it: cash, positions, the latest marks, and what
// working orders hold back (money for buys, shares for sells). Cash and margin accounts share it.
import {
  Money,
  type OrderId,
  type OrderSide,
  type Price,
  Quantity,
  RecentTable,
  SteadyMap,
  type Ticker,
} from '@ats/core';
import type { WorkingOrder } from './working-order.js';

interface Hold {
  readonly symbol: Ticker;
  /** Money held back for a buy (raw 1/10,000), for its leaves at its reference price. */
  money: number;
  /** Shares promised to a working sell. */
  shares: number;
  /** The leaves the hold was made for, to shrink it as the order fills. */
  leaves: number;
}

/** What the account holds of one symbol: one record, so a bar's mark looks the symbol up once. */
interface SymbolHolding {
  readonly symbol: Ticker;
  /** Signed shares. */
  quantity: number;
  /** The latest price seen, or null before the first. */
  mark: Price | null;
  /** Shares promised to working sells. */
  heldShares: number;
}

export class AccountHoldings {
  private cashRaw: number;
  /** Per symbol, in the order symbols were first seen (a mark or a fill); a bar's mark looks it up once. */
  private readonly symbols = new RecentTable<Ticker, SymbolHolding>((symbol) => ({
    symbol,
    quantity: 0,
    mark: null,
    heldShares: 0,
  }));
  private readonly holds = new SteadyMap<OrderId, Hold>();
  private heldMoney = 0;
  /** Σ mark × quantity and Σ |mark × quantity|, kept as marks and fills arrive (margin is checked often). */
  private valueRaw = 0;
  private grossValueRaw = 0;

  constructor(startingCash: Money) {
    this.cashRaw = startingCash.raw;
  }

  get cash(): Money {
    return Money.fromRaw(this.cashRaw);
  }

  /** Cash not held back for working buys (raw), leaving out `except`'s own hold. */
  freeCashRaw(except?: WorkingOrder): number {
    const own = except ? (this.holds.get(except.order.id)?.money ?? 0) : 0;
    return this.cashRaw - (this.heldMoney - own);
  }

  position(symbol: Ticker): number {
    return this.symbols.find(symbol)?.quantity ?? 0;
  }

  /** Shares of a long position not promised to working sells, leaving out `except`'s own promise. */
  freeShares(symbol: Ticker, except?: WorkingOrder): number {
    const own = except ? (this.holds.get(except.order.id)?.shares ?? 0) : 0;
    const holding = this.symbols.find(symbol);
    return (holding?.quantity ?? 0) - ((holding?.heldShares ?? 0) - own);
  }

  mark(symbol: Ticker, price: Price): void {
    // Runs for every bar or quote: no closure, no allocation.
    const holding = this.symbols.of(symbol);
    const quantity = holding.quantity;
    if (quantity !== 0) {
      const before = (holding.mark?.raw ?? 0) * quantity;
      const after = price.raw * quantity;
      this.valueRaw += after - before;
      this.grossValueRaw += Math.abs(after) - Math.abs(before);
    }
    holding.mark = price;
  }

  /** Moves a symbol's position by `shares` (signed), keeping the running sums of value. */
  private move(symbol: Ticker, shares: number): void {
    const holding = this.symbols.of(symbol);
    const mark = holding.mark?.raw ?? 0;
    const before = mark * holding.quantity;
    holding.quantity += shares;
    const after = mark * holding.quantity;
    this.valueRaw += after - before;
    this.grossValueRaw += Math.abs(after) - Math.abs(before);
  }

  markOf(symbol: Ticker): Price | undefined {
    return this.symbols.find(symbol)?.mark ?? undefined;
  }

  /** Cash plus the signed market value of every position (raw). */
  equityRaw(): number {
    return this.cashRaw + this.valueRaw;
  }

  /** The gross market value of the positions (raw): longs plus the absolute value of shorts. */
  grossRaw(): number {
    return this.grossValueRaw;
  }

  /** Every non-zero position with its latest mark (raw market value, signed). */
  marketValues(): { symbol: Ticker; quantity: number; valueRaw: number }[] {
    const values = [];
    for (const { symbol, quantity, mark } of this.symbols.values()) {
      if (quantity === 0) continue;
      values.push({ symbol, quantity, valueRaw: mark ? mark.raw * quantity : 0 });
    }
    return values;
  }

  hold(entry: WorkingOrder, money: Money, shares: number): void {
    this.release(entry);
    const leaves = entry.quantity - entry.filled;
    this.holds.set(entry.order.id, { symbol: entry.order.symbol, money: money.raw, shares, leaves });
    this.heldMoney += money.raw;
    this.symbols.of(entry.order.symbol).heldShares += shares;
  }

  release(entry: WorkingOrder): void {
    const hold = this.holds.get(entry.order.id);
    if (!hold) return;
    this.holds.delete(entry.order.id);
    this.heldMoney -= hold.money;
    this.symbols.of(hold.symbol).heldShares -= hold.shares;
  }

  /** Books a stored execution (a restart): cash and position move, no hold is touched. */
  replay(symbol: Ticker, side: OrderSide, quantity: number, price: Price, commission: Money): void {
    const notional = Money.notional(price, Quantity.of(quantity)).raw;
    this.cashRaw += (side === 'BUY' ? -notional : notional) - commission.raw;
    this.move(symbol, side === 'BUY' ? quantity : -quantity);
  }

  /** Books a fill: cash and position move; the order's hold shrinks with its leaves. */
  recordFill(entry: WorkingOrder, quantity: number, price: Price, commission: Money): void {
    const { symbol, side } = entry.order;
    const notional = Money.notional(price, Quantity.of(quantity)).raw;
    this.cashRaw += (side === 'BUY' ? -notional : notional) - commission.raw;
    this.move(symbol, side === 'BUY' ? quantity : -quantity);
    const hold = this.holds.get(entry.order.id);
    if (!hold) return;
    const leavesAfter = Math.max(0, hold.leaves - quantity);
    const money = hold.leaves > 0 ? Math.floor((hold.money * leavesAfter) / hold.leaves) : 0;
    const shares = Math.min(hold.shares, leavesAfter);
    this.heldMoney += money - hold.money;
    this.symbols.of(symbol).heldShares += shares - hold.shares;
    hold.money = money;
    hold.shares = shares;
    hold.leaves = leavesAfter;
  }
}
