// Where each symbol's market events fall in the exchange's sessions: the first print of a session
// (OPG orders trade there) and the session's close (DAY orders expire there, CLS orders trade there).
import type { Ticker } from '@ats/core';

/**
 * The close (epoch ms) of the session in progress at a time, or of the next session when the time falls
 * between sessions; null when unknown. Early closes included. The engine cannot import the exchange
 * calendar, so its owner injects this (`NyseCalendar.nextClose` in the services and the backtests).
 */
export type SessionCloseOf = (time: number) => number | null;

export class SessionTracker {
  /**
   * The close of the session each symbol's latest event belongs to, in a holder per symbol updated in
   * place (a close set into a Map is a boxed number, one per daily bar of a backtest).
   */
  private readonly closes = new Map<Ticker, { close: number }>();

  constructor(private readonly sessionCloseOf: SessionCloseOf | undefined) {}

  get knowsSessions(): boolean {
    return this.sessionCloseOf !== undefined;
  }

  closeOf(time: number): number | null {
    return this.sessionCloseOf ? this.sessionCloseOf(time) : null;
  }

  /**
   * Notes an event of a symbol; true when it is the first event of a later session than the symbol's
   * previous event (its opening print). The very first event seen is not an opening: the venue may have
   * started in the middle of a session. Costs one comparison until a session's close has passed.
   */
  observe(symbol: Ticker, time: number): boolean {
    if (!this.sessionCloseOf) return false;
    // The holder's close is read where it is used, never into a `number | undefined`: such a value is
    // a tagged one, and reading the close into it made a boxed number at every bar.
    const entry = this.closes.get(symbol);
    if (entry !== undefined && time <= entry.close) return false;
    const close = this.sessionCloseOf(time);
    if (close === null) return false;
    if (entry === undefined) {
      this.closes.set(symbol, { close });
      return false;
    }
    const opening = close !== entry.close;
    entry.close = close;
    return opening;
  }

  /** The close of the session the symbol's latest event belongs to (undefined before any event). */
  currentClose(symbol: Ticker): number | undefined {
    return this.closes.get(symbol)?.close;
  }
}
