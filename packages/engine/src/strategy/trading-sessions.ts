// The exchange sessions higher-timeframe days follow: a daily bar built from intraday bars spans one
// regular session (open to close, early closes included) instead of a UTC day.

/** One regular session, in epoch milliseconds (UTC instants). */
export interface SessionWindow {
  readonly open: number;
  readonly close: number;
}

/**
 * Where an instant falls in the exchange's calendar (an adapter over a market calendar: the engine
 * knows no calendar itself). Holidays and weekends have no session; early closes end early.
 */
export interface TradingSessions {
  /** The regular session containing the instant (open ≤ instant < close), or null outside any. */
  sessionAt(instant: number): SessionWindow | null;
}
