// What a venue account holds, as its account model sees it: cash, positions, the latest marks, and what
// working orders hold back (money for buys, shares for sells). Cash and margin accounts share it.
import { Money, type OrderId, type OrderSide, type Price, Quantity, type Ticker } from '@ats/core';
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

export class AccountHoldings {
  private cashRaw: number;
  private readonly positions = new Map<Ticker, number>();
  private readonly marks = new Map<Ticker, Price>();
  private readonly holds = new Map<OrderId, Hold>();
  private heldMoney = 0;
  /** Σ mark × quantity and Σ |mark × quantity|, kept as marks and fills arrive (margin is checked often). */
  private valueRaw = 0;
  private grossValueRaw = 0;
  private readonly heldShares = new Map<Ticker, number>();

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
    return this.positions.get(symbol) ?? 0;
  }

  /** Shares of a long position not promised to working sells, leaving out `except`'s own promise. */
  freeShares(symbol: Ticker, except?: WorkingOrder): number {
    const own = except ? (this.holds.get(except.order.id)?.shares ?? 0) : 0;
    return this.position(symbol) - ((this.heldShares.get(symbol) ?? 0) - own);
  }

  mark(symbol: Ticker, price: Price): void {
    // Runs for every bar or quote: no closure, no allocation.
    const quantity = this.positions.get(symbol) ?? 0;
    if (quantity !== 0) {
      const before = (this.marks.get(symbol)?.raw ?? 0) * quantity;
      const after = price.raw * quantity;
      this.valueRaw += after - before;
      this.grossValueRaw += Math.abs(after) - Math.abs(before);
    }
    this.marks.set(symbol, price);
  }

  /** Takes a symbol's value out of the running sums, applies a change, and puts the new value back. */
  private revalue(symbol: Ticker, change: () => void): void {
    const before = (this.marks.get(symbol)?.raw ?? 0) * this.position(symbol);
    change();
    const after = (this.marks.get(symbol)?.raw ?? 0) * this.position(symbol);
    this.valueRaw += after - before;
    this.grossValueRaw += Math.abs(after) - Math.abs(before);
  }

  markOf(symbol: Ticker): Price | undefined {
    return this.marks.get(symbol);
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
    for (const [symbol, quantity] of this.positions) {
      if (quantity === 0) continue;
      const mark = this.marks.get(symbol);
      values.push({ symbol, quantity, valueRaw: mark ? mark.raw * quantity : 0 });
    }
    return values;
  }

  hold(entry: WorkingOrder, money: Money, shares: number): void {
    this.release(entry);
    const leaves = entry.quantity - entry.filled;
    this.holds.set(entry.order.id, { symbol: entry.order.symbol, money: money.raw, shares, leaves });
    this.heldMoney += money.raw;
    const symbol = entry.order.symbol;
    this.heldShares.set(symbol, (this.heldShares.get(symbol) ?? 0) + shares);
  }

  release(entry: WorkingOrder): void {
    const hold = this.holds.get(entry.order.id);
    if (!hold) return;
    this.holds.delete(entry.order.id);
    this.heldMoney -= hold.money;
    this.heldShares.set(hold.symbol, (this.heldShares.get(hold.symbol) ?? 0) - hold.shares);
  }

  /** Books a stored execution (a restart): cash and position move, no hold is touched. */
  replay(symbol: Ticker, side: OrderSide, quantity: number, price: Price, commission: Money): void {
    const notional = Money.notional(price, Quantity.of(quantity)).raw;
    this.cashRaw += (side === 'BUY' ? -notional : notional) - commission.raw;
    this.revalue(symbol, () =>
      this.positions.set(symbol, this.position(symbol) + (side === 'BUY' ? quantity : -quantity)),
    );
  }

  /** Books a fill: cash and position move; the order's hold shrinks with its leaves. */
  recordFill(entry: WorkingOrder, quantity: number, price: Price, commission: Money): void {
    const { symbol, side } = entry.order;
    const notional = Money.notional(price, Quantity.of(quantity)).raw;
    this.cashRaw += (side === 'BUY' ? -notional : notional) - commission.raw;
    this.revalue(symbol, () =>
      this.positions.set(symbol, this.position(symbol) + (side === 'BUY' ? quantity : -quantity)),
    );
    const hold = this.holds.get(entry.order.id);
    if (!hold) return;
    const leavesAfter = Math.max(0, hold.leaves - quantity);
    const money = hold.leaves > 0 ? Math.floor((hold.money * leavesAfter) / hold.leaves) : 0;
    const shares = Math.min(hold.shares, leavesAfter);
    this.heldMoney += money - hold.money;
    this.heldShares.set(symbol, (this.heldShares.get(symbol) ?? 0) + shares - hold.shares);
    hold.money = money;
    hold.shares = shares;
    hold.leaves = leavesAfter;
  }
}
