// The pattern-day-trader rule's memory: which symbols were opened (or added to) today, and how many day
// trades (an order that closes or reduces, the same day, a position opened that day) each trading day
// saw. Days are the exchange's: its local date, its sessions (holidays are not business days). Fed by
// the account's fills, restored from stored fills after a restart.
import type { OrderSide } from '@ats/core';
import { type TradingDays, utcWeekdays } from './trading-days.js';

/** FINRA's pattern day trader: 4 or more day trades in 5 business days, under 25,000 of equity. */
export const patternDayTraderMinimumEquity = 25_000;
export const patternDayTradeAllowance = 3;
const businessDays = 5;
/** Days of counts kept: 5 business days span at most 9 calendar days (a long weekend and a holiday). */
const daysKept = 15;

export class DayTradeCounter {
  private readonly net = new Map<string, number>();
  /** symbol → the day it was last opened or added to. */
  private readonly openedOn = new Map<string, number>();
  /** day → day trades that day. */
  private readonly tradesByDay = new Map<number, number>();
  /** Orders already counted as a day trade (several fills of one order count once). */
  private readonly countedOrders = new Set<string>();
  private countedDay = Number.NaN;

  constructor(private readonly days: TradingDays = utcWeekdays) {}

  /** Books one fill of the account. */
  onFill(orderId: string, symbol: string, side: OrderSide, quantity: number, time: number): void {
    const day = this.days.dayOf(time);
    const before = this.net.get(symbol) ?? 0;
    const after = before + (side === 'BUY' ? quantity : -quantity);
    this.net.set(symbol, after);
    if (day !== this.countedDay) {
      // Cleared only when it holds something: clearing a set makes a new table even when it is empty.
      if (this.countedOrders.size > 0) this.countedOrders.clear();
      this.countedDay = day;
      // Only the last business days matter: older days are dropped.
      for (const old of this.tradesByDay.keys()) if (old < day - daysKept) this.tradesByDay.delete(old);
    }
    // A buy closes (part of) a short, a sell (part of) a long.
    const closes = before !== 0 && (side === 'BUY') === before < 0;
    if (closes && this.openedOn.get(symbol) === day && !this.countedOrders.has(orderId)) {
      this.countedOrders.add(orderId);
      this.tradesByDay.set(day, (this.tradesByDay.get(day) ?? 0) + 1);
    }
    // Opening or adding (including the new side of a flip) marks the symbol opened today.
    if (Math.abs(after) > 0 && (Math.sign(after) !== Math.sign(before) || Math.abs(after) > Math.abs(before)))
      this.openedOn.set(symbol, day);
  }

  /** Whether an order that reduces `symbol` at `now` would complete a day trade. */
  wouldDayTrade(symbol: string, now: number): boolean {
    return this.openedOn.get(symbol) === this.days.dayOf(now);
  }

  /**
   * Day trades in the last 5 business days (the exchange's sessions, by its local date) up to and
   * including today. Today always counts; a date without a session (a market simulated every day)
   * is inside the window but is not one of its 5 business days.
   */
  recentDayTrades(now: number): number {
    const today = this.days.dayOf(now);
    let total = this.tradesByDay.get(today) ?? 0;
    let seen = this.days.isTradingDay(today) ? 1 : 0;
    for (let day = today - 1; seen < businessDays && day >= today - daysKept; day--) {
      total += this.tradesByDay.get(day) ?? 0;
      if (this.days.isTradingDay(day)) seen++;
    }
    return total;
  }
}
