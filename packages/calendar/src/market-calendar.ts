// The market calendar interface: sessions, their hours, and where an instant falls.

export type SessionPhase = 'pre' | 'regular' | 'post' | 'closed';

export interface Session {
  /** The session date, YYYY-MM-DD in the exchange's time zone. */
  readonly date: string;
  /** Epoch ms (UTC) of the regular open and close. */
  readonly open: number;
  readonly close: number;
  /** Epoch ms of the pre-market open and the after-hours close. */
  readonly preOpen: number;
  readonly postClose: number;
  /** True when the regular session closes early (13:00 or, historically, 14:00). */
  readonly earlyClose: boolean;
}

export interface MarketCalendar {
  readonly name: string;
  readonly timeZone: string;
  isSession(date: string): boolean;
  /** The session of a date, or null when the exchange is closed that day. */
  session(date: string): Session | null;
  /** Why a weekday is not a session (the holiday's name), or null. */
  closureReason(date: string): string | null;
  /** The first session strictly after the date. */
  nextSession(date: string): Session;
  /** The last session strictly before the date. */
  previousSession(date: string): Session;
  /** Every session from `from` to `to`, both included. */
  sessionsBetween(from: string, to: string): Session[];
  isOpen(instant: number): boolean;
  phaseAt(instant: number): SessionPhase;
  /** The exchange-local date of an instant. */
  localDate(instant: number): string;
  /** The next regular open at or after the instant. */
  nextOpen(instant: number): number;
  /** The next regular close at or after the instant. */
  nextClose(instant: number): number;
  /** The latest regular open at or before the instant. */
  previousOpen(instant: number): number;
}
