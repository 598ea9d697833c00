// The exchange's trading days as the pattern-day-trader rule counts them: the exchange-local date of an
// instant and whether the exchange holds a session that date. The engine does not import a calendar:
// the services and the backtest hand it the NYSE calendar's (see @ats/calendar tradingDaysOf).

export interface TradingDays {
  /** The exchange-local date of an instant, as days since 1970-01-01. */
  dayOf(instant: number): number;
  /** Whether the exchange holds a session on that date (days since 1970-01-01). */
  isTradingDay(day: number): boolean;
}

const millisecondsPerDay = 86_400_000;

/** UTC dates, Monday to Friday, no holidays: only for callers with no exchange calendar (unit tests). */
export const utcWeekdays: TradingDays = {
  dayOf: (instant) => Math.floor(instant / millisecondsPerDay),
  isTradingDay: (day) => {
    // 1970-01-01 was a Thursday: weekday 0 is Sunday, 6 Saturday.
    const weekday = (((day + 4) % 7) + 7) % 7;
    return weekday !== 0 && weekday !== 6;
  },
};
