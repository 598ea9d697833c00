// Aggregates quotes into time bars (by last price and volume), closing each bar when its period ends.
import {
  type Bar,
  Price,
  type Quote,
  type Ticker,
  type Timeframe,
  timeframeMilliseconds,
  timeframePeriodStart,
} from '@ats/core';

interface Building {
  time: number;
  open: number;
  high: number;
  low: number;
  close: number;
  volume: number;
}

/**
 * One bar per symbol and period, stamped at its start. A bar closes when a quote of a later period
 * arrives or when `closeDue(now)` is called after its end (a timer), whichever is first; periods
 * without quotes produce no bar (no invented prices).
 */
export class BarAggregator {
  private readonly building = new Map<Ticker, Building>();
  private readonly length: number;
  /** The earliest end among bars being built: closeDue is a no-op before it (it runs on every quote). */
  private earliestEnd = Number.POSITIVE_INFINITY;
  /** Weeks start on Mondays and months on their first day, not at multiples of a length since 1970. */
  private readonly calendarAligned: boolean;

  constructor(
    readonly timeframe: Timeframe,
    private readonly onBar: (bar: Bar) => void,
  ) {
    this.length = timeframeMilliseconds(timeframe);
    this.calendarAligned = timeframe.endsWith('w') || timeframe.endsWith('mo');
  }

  add(quote: Quote): void {
    const start = this.calendarAligned
      ? timeframePeriodStart(quote.time, this.timeframe)
      : quote.time - (quote.time % this.length);
    const price = quote.last.raw;
    const current = this.building.get(quote.symbol);
    if (current && current.time === start) {
      if (price > current.high) current.high = price;
      if (price < current.low) current.low = price;
      current.close = price;
      current.volume += quote.volume;
      return;
    }
    if (current && start < current.time) return; // a late quote for a closed period is dropped
    if (current) this.emit(quote.symbol, current);
    this.building.set(quote.symbol, { time: start, open: price, high: price, low: price, close: price, volume: quote.volume });
    if (start + this.length < this.earliestEnd) this.earliestEnd = start + this.length;
  }

  /** Closes every bar whose period ended at or before `now`. */
  closeDue(now: number): void {
    if (now < this.earliestEnd) return;
    let earliest = Number.POSITIVE_INFINITY;
    for (const [symbol, current] of this.building) {
      const end = current.time + this.length;
      if (end <= now) {
        this.building.delete(symbol);
        this.emit(symbol, current);
      } else if (end < earliest) {
        earliest = end;
      }
    }
    this.earliestEnd = earliest;
  }

  private emit(symbol: Ticker, state: Building): void {
    this.onBar({
      symbol,
      timeframe: this.timeframe,
      time: state.time,
      open: Price.fromRaw(state.open),
      high: Price.fromRaw(state.high),
      low: Price.fromRaw(state.low),
      close: Price.fromRaw(state.close),
      volume: state.volume,
    });
  }
}
