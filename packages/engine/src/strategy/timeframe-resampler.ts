// Builds higher-timeframe bars (5m, 1h, 1d...) from a symbol's base bars for a strategy, releasing
// each only once it has closed: no strategy sees a higher bar before its last base bar has closed.
// With exchange sessions, a day is a regular session (its open to its close), not a UTC day.
import { type Bar, type Timeframe, timeframeMilliseconds } from '@ats/core';
import type { TradingSessions } from './trading-sessions.js';

interface Building {
  start: number;
  /** When the period ends (its session's close for a session day). */
  end: number;
  open: Bar['open'];
  high: Bar['high'];
  low: Bar['low'];
  close: Bar['close'];
  volume: number;
}

/**
 * Periods are aligned to multiples of their length since the epoch (UTC; a 1d bar is a UTC day).
 * A period closes when a base bar ending at or after its end arrives (the base bar completes it),
 * or when a base bar of a later period arrives (a gap, or the end of a session: the daily bar of a
 * session that ends at 16:00 New York closes when the next session's first bar arrives).
 *
 * Given the exchange's sessions, a `1d` period is instead one regular session: it starts at the open
 * (the daily bar's time), holds the base bars between open and close, and closes with the base bar
 * that reaches the close (13:00 on an early-close day). Base bars outside the regular session (pre-
 * and after-market, or a day the exchange is closed) belong to no daily bar.
 */
export class TimeframeResampler {
  private readonly length: number;
  private current: Building | null = null;
  /** Days follow these sessions (only for a `1d` timeframe). */
  private readonly sessions: TradingSessions | null;

  constructor(
    readonly symbol: Bar['symbol'],
    readonly timeframe: Timeframe,
    sessions?: TradingSessions,
  ) {
    this.length = timeframeMilliseconds(timeframe);
    this.sessions = sessions && timeframe === '1d' ? sessions : null;
  }

  /**
   * Before a base bar is delivered: the higher bar of an earlier period that is still open has
   * ended (a gap, a session's end), so it is released first; null otherwise.
   */
  closeBefore(bar: Bar): Bar | null {
    const current = this.current;
    if (!current) return null;
    const period = this.periodOf(bar);
    // A bar of a later period, or (sessions) one outside any session after this period's close.
    if (period ? period.start <= current.start : bar.time < current.end) return null;
    this.current = null;
    return this.finish(current);
  }

  /** Adds a closed base bar; returns the higher bar when this base bar completes its period. */
  add(bar: Bar): Bar | null {
    const baseLength = timeframeMilliseconds(bar.timeframe);
    if (baseLength > this.length)
      throw new RangeError(`a ${this.timeframe} bar cannot be built from ${bar.timeframe} bars`);
    // Base bars of this very timeframe are delivered as they are; nothing to build.
    if (baseLength === this.length) return null;
    const period = this.periodOf(bar);
    // Outside the regular session: part of no session day.
    if (!period) return null;
    const { start, end } = period;
    const closedEarlier = this.closeBefore(bar);
    if (closedEarlier) throw new RangeError(`${this.timeframe} bar of ${bar.symbol}: call closeBefore first`);
    const building = this.current;
    if (building && start < building.start)
      throw new RangeError(
        `${bar.symbol} ${bar.timeframe} bar at ${bar.time} is older than the ${this.timeframe} bar being built`,
      );
    if (building) {
      if (bar.high.raw > building.high.raw) building.high = bar.high;
      if (bar.low.raw < building.low.raw) building.low = bar.low;
      building.close = bar.close;
      building.volume += bar.volume;
    } else {
      this.current = {
        start,
        end,
        open: bar.open,
        high: bar.high,
        low: bar.low,
        close: bar.close,
        volume: bar.volume,
      };
    }
    // This base bar ends the period: the higher bar is complete now.
    if (bar.time + baseLength >= end) {
      const complete = this.current as Building;
      this.current = null;
      return this.finish(complete);
    }
    return null;
  }

  /** The period a base bar belongs to, or null (sessions only) when it is outside every session. */
  private periodOf(bar: Bar): { start: number; end: number } | null {
    if (this.sessions) {
      const session = this.sessions.sessionAt(bar.time);
      return session ? { start: session.open, end: session.close } : null;
    }
    const start = bar.time - (((bar.time % this.length) + this.length) % this.length);
    return { start, end: start + this.length };
  }

  private finish(building: Building): Bar {
    return {
      symbol: this.symbol,
      timeframe: this.timeframe,
      time: building.start,
      open: building.open,
      high: building.high,
      low: building.low,
      close: building.close,
      volume: building.volume,
    };
  }
}
