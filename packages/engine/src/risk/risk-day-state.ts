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

export class RiskDayState {
  private record: RiskDayRecord | null = null;

  /**
   * `days` gives the exchange date of an instant: the services and backtests hand the NYSE calendar's
   * (New York dates); the default, UTC dates, is only for callers without a calendar (unit tests).
   */
  constructor(
    private readonly onChange: (record: RiskDayRecord) => void = () => {},
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
      this.record = null;
      return;
    }
    const today = this.days.dayOf(now);
    this.record = record.day > today ? { ...record, day: today } : record;
  }

  get current(): RiskDayRecord | null {
    return this.record;
  }

  /**
   * Sees equity at `now`: starts a new day at this equity when the exchange date moved on, raises the
   * high-water mark. Returns true when the state changed (and was handed to onChange).
   */
  observe(equityRaw: number, now: number): boolean {
    const day = this.days.dayOf(now);
    const record = this.record;
    if (record === null || day > record.day) {
      this.set({
        day,
        dayStartEquityRaw: equityRaw,
        highWaterMarkRaw: record === null ? equityRaw : Math.max(record.highWaterMarkRaw, equityRaw),
      });
      return true;
    }
    if (equityRaw > record.highWaterMarkRaw) {
      this.set({ day: record.day, dayStartEquityRaw: record.dayStartEquityRaw, highWaterMarkRaw: equityRaw });
      return true;
    }
    return false;
  }

  /** The day's loss in raw money (positive when down); 0 before any equity was seen. */
  dayLossRaw(equityRaw: number): number {
    return this.record === null ? 0 : this.record.dayStartEquityRaw - equityRaw;
  }

  /** How far below the high-water mark equity is, as a fraction of the mark (0 at or above it). */
  drawdown(equityRaw: number): number {
    const mark = this.record?.highWaterMarkRaw ?? 0;
    return mark <= 0 || equityRaw >= mark ? 0 : (mark - equityRaw) / mark;
  }

  private set(record: RiskDayRecord): void {
    this.record = record;
    this.onChange(record);
  }
}
