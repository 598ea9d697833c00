// An exchange calendar's trading days in the shape the risk engine's pattern-day-trader rule reads: the
// exchange-local date of an instant (its time zone, daylight saving included) and whether that date
// holds a session (holidays and special closures are not business days).
import { dayNumber, formatDate, weekday } from './civil-date.js';
import type { MarketCalendar } from './market-calendar.js';
import { firstSupportedYear, lastSupportedYear } from './nyse-calendar.js';
import { ZonedTime } from './zoned-time.js';

export interface CalendarTradingDays {
  /** The exchange-local date of an instant, as days since 1970-01-01. */
  dayOf(instant: number): number;
  /** Whether the exchange holds a session on that date. */
  isTradingDay(day: number): boolean;
}

const firstDay = dayNumber(firstSupportedYear, 1, 1);
const lastDay = dayNumber(lastSupportedYear, 12, 31);

/**
 * The trading days of a calendar whose rules cover 1990-2050. Outside those years (synthetic test
 * data) a date is a trading day when it is a weekday, since no holiday rule is known there.
 */
export function tradingDaysOf(calendar: MarketCalendar): CalendarTradingDays {
  return new TradingDaysOfCalendar(calendar);
}

/**
 * A class, not an object of closures: the risk day asks `dayOf` at every bar, and each backtest makes
 * its own; a closure per backtest was a new call target in each, and the optimized code that had
 * inlined the previous one was thrown away in the second backtest of a process.
 */
class TradingDaysOfCalendar implements CalendarTradingDays {
  private readonly zone: ZonedTime;
  // Whether each date asked for holds a session: the day-trade window asks about the same few dates.
  private readonly sessions = new Map<number, boolean>();

  constructor(private readonly calendar: MarketCalendar) {
    this.zone = new ZonedTime(calendar.timeZone);
  }

  // The zone's offset at the instant (a look-up in its table, usually the span asked for last) and a
  // division: no object and no boxed number, as the risk day asks this at every bar.
  dayOf(instant: number): number {
    return this.zone.localDayOf(instant);
  }

  isTradingDay(day: number): boolean {
    let known = this.sessions.get(day);
    if (known === undefined) {
      known =
        day < firstDay || day > lastDay
          ? weekday(day) !== 0 && weekday(day) !== 6
          : this.calendar.isSession(formatDate(day));
      this.sessions.set(day, known);
    }
    return known;
  }
}
