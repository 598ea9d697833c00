// The next NYSE regular close after an instant, read from a per-UTC-day typed array filled from the calendar.
import { dayNumber, formatDate } from './civil-date.js';
import { firstSupportedYear, lastSupportedYear, type NyseCalendar } from './nyse-calendar.js';
import { ZonedTime } from './zoned-time.js';

const millisecondsPerDay = 86_400_000;

/**
 * The calendar's `nextClose`: the first regular close at or after the instant (early closes included;
 * an instant exactly at a close gets that close). Backtests ask it at every order placed (DAY expiry)
 * and every new session; `NyseCalendar.nextClose` converts the instant to a local date (an object per
 * call) and reads its session map, where a warm lookup here is an index and a read.
 *
 * Entry k holds the first close at or after the start of UTC day k. An NYSE close is at 13:00-16:00
 * New York time, 17:00-21:00 UTC, so it falls on its session's own UTC date and no UTC day holds two:
 * an instant of day k gets entry k when it is at or before it, else entry k + 1.
 *
 * Entries are filled at first use, not all at once: computing every close of 1990-2050 up front (or a
 * year's at a time) cost a fresh process 31-36 ms of CPU, where the calendar answers the ORCL
 * backtest's 195 lookups in 15 ms, and a process that runs one backtest paid it all in that run.
 *
 * The table answers from local midnight of 1990-01-01 to the last close of 2050. Anywhere else the
 * calendar answers, as before: it throws a RangeError for a year it does not cover, and so does this.
 */
export class NextCloseTable {
  /** First close at or after the start of each UTC day from `firstDay`; NaN until first asked. */
  private readonly closeFromDay: Float64Array;
  /** The UTC day (days since 1970-01-01) of entry 0. */
  private readonly firstDay: number;
  /** Local midnight starting the first supported year: the calendar knows no earlier date. */
  private readonly from: number;
  /** The last close of the last supported year: a later instant's next close is in a year not covered. */
  private readonly until: number;

  /** One per process is enough: an entry never changes once filled. */
  constructor(private readonly calendar: NyseCalendar) {
    this.from = new ZonedTime(calendar.timeZone).toInstant(dayNumber(firstSupportedYear, 1, 1), 0);
    this.until = calendar.previousSession(formatDate(dayNumber(lastSupportedYear + 1, 1, 1))).close;
    this.firstDay = Math.floor(this.from / millisecondsPerDay);
    const days = Math.floor(this.until / millisecondsPerDay) - this.firstDay + 1;
    this.closeFromDay = new Float64Array(days).fill(Number.NaN);
  }

  nextClose(time: number): number {
    // Written so that NaN, too, goes to the calendar (which says what is wrong with it).
    if (!(time >= this.from && time <= this.until)) return this.calendar.nextClose(time);
    const day = Math.floor(time / millisecondsPerDay) - this.firstDay;
    const close = this.closeFromDayAt(day);
    // Past that close, the day holds no other: the next is the first of a later day. Since the time is
    // at most the last close, that later day is inside the table.
    return time <= close ? close : this.closeFromDayAt(day + 1);
  }

  private closeFromDayAt(day: number): number {
    let close = this.closeFromDay[day] as number;
    if (Number.isNaN(close)) {
      // Day 0 starts before local midnight of the first year (New York is behind UTC): ask from there.
      close = this.calendar.nextClose(Math.max((this.firstDay + day) * millisecondsPerDay, this.from));
      this.closeFromDay[day] = close;
    }
    return close;
  }
}
