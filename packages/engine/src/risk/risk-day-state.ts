// The daily loss and drawdown state: the equity at the start of the risk day and the high-water mark,
// both as exact raw money (1/10,000). The risk day is the exchange's local date (New York for the NYSE,
// daylight saving included): a day starts at the first equity seen on a new exchange date, so it rolls
// at New York midnight, between the after-hours and the next pre-market session. The state is handed
// to onChange (to be stored) on every change.
import { type TradingDays, utcWeekdays } from './trading-days.js';

/** What is stored per account so a restart keeps today's loss and the high-water mark. */
export interface RiskDayRecord {
  /** The exchange-local date of the risk day, as days since 1970-01-01. */
  readonly day: number;
  readonly dayStartEquityRaw: number;
  readonly highWaterMarkRaw: number;
}

/** What the risk day reads of the exchange's days: the exchange-local date of an instant. */
export type RiskDayCalendar = Pick<TradingDays, 'dayOf'>;

/**
 * The state lives in three number fields updated in place, not in a record replaced per change: on
 * daily bars every bar starts a new risk day, and a record object per bar was garbage at the rate of
 * market data. A record is built only for whoever keeps one: `current` (a snapshot) and `onChange`.
 */
export class RiskDayState {
  private started = false;
  private day = 0;
  private dayStartEquityRaw = 0;
  private highWaterMarkRaw = 0;

  /**
   * `days` gives the exchange date of an instant: the services and backtests hand the NYSE calendar's
   * (New York dates); the default, UTC dates, is only for callers without a calendar (unit tests).
   * Without `onChange` (a backtest) a change builds no record.
   */
  constructor(
    private readonly onChange: ((record: RiskDayRecord) => void) | undefined = undefined,
    private readonly days: RiskDayCalendar = utcWeekdays,
  ) {}

  /** The exchange date of an instant, as days since 1970-01-01. */
  dayOf(instant: number): number {
    return this.days.dayOf(instant);
  }

  /**
   * The stored state of an earlier run (a restart) at `now`: the same exchange date keeps its start
   * equity. A stored date after today's is read as today: such a record was written on the UTC date
   * (the reckoning before risk days followed the exchange) during this New York evening, after the
   * close, so its start equity is this date's (or the clock was set back); either way the day rolls
   * at the next New York midnight rather than a day late.
   */
  restore(record: RiskDayRecord | null, now: number): void {
    if (record === null) {
      this.started = false;
      return;
    }
    const today = this.days.dayOf(now);
    this.started = true;
    this.day = Math.min(record.day, today);
    this.dayStartEquityRaw = record.dayStartEquityRaw;
    this.highWaterMarkRaw = record.highWaterMarkRaw;
  }

  /** A snapshot of the state (a new object per read, safe to keep), or null before any equity was seen. */
  get current(): RiskDayRecord | null {
    return this.started ? this.snapshot() : null;
  }

  /**
   * Sees equity at `now`: starts a new day at this equity when the exchange date moved on, raises the
   * high-water mark. Returns true when the state changed (and was handed to onChange).
   */
  observe(equityRaw: number, now: number): boolean {
    const day = this.days.dayOf(now);
    if (!this.started || day > this.day) {
      this.highWaterMarkRaw = this.started ? Math.max(this.highWaterMarkRaw, equityRaw) : equityRaw;
      this.started = true;
      this.day = day;
      this.dayStartEquityRaw = equityRaw;
      this.changed();
      return true;
    }
    if (equityRaw > this.highWaterMarkRaw) {
      this.highWaterMarkRaw = equityRaw;
      this.changed();
      return true;
    }
    return false;
  }

  /** The day's loss in raw money (positive when down); 0 before any equity was seen. */
  dayLossRaw(equityRaw: number): number {
    return this.started ? this.dayStartEquityRaw - equityRaw : 0;
  }

  /** How far below the high-water mark equity is, as a fraction of the mark (0 at or above it). */
  drawdown(equityRaw: number): number {
    const mark = this.started ? this.highWaterMarkRaw : 0;
    return mark <= 0 || equityRaw >= mark ? 0 : (mark - equityRaw) / mark;
  }

  private snapshot(): RiskDayRecord {
    return {
      day: this.day,
      dayStartEquityRaw: this.dayStartEquityRaw,
      highWaterMarkRaw: this.highWaterMarkRaw,
    };
  }

  private changed(): void {
    if (this.onChange !== undefined) this.onChange(this.snapshot());
  }
}
