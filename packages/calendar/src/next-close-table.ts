// Every NYSE regular close of 1990-2050 in typed arrays, one per year, so the next close after an instant
// is a binary search with no allocation: backtests ask it at every order placed and every new session.
import { dayNumber } from './civil-date.js';
import { firstSupportedYear, lastSupportedYear, type NyseCalendar } from './nyse-calendar.js';
import { ZonedTime } from './zoned-time.js';

/** The mean Gregorian year in ms: a first guess at the year of an instant. */
const millisecondsPerYear = 31_556_952_000;

/**
 * The calendar's `nextClose`, answered from tables: the first regular close at or after the instant
 * (early closes included; an instant exactly at a close gets that close). `NyseCalendar.nextClose`
 * converts the instant to a local date (an object per call) and reads its session map.
 *
 * A year's closes are built at the first instant asked in that year (or after the previous year's last
 * close), and kept: all 61 years at once cost about 36 ms of CPU in a fresh process, more than the
 * whole first backtest of a process saved, while a backtest reads only the years of its bars.
 *
 * The tables answer from local midnight of the first supported year to the last close of the last
 * one. Anywhere else the calendar answers, as before: it throws a RangeError for a year it does not
 * cover, and so does this.
 */
export class NextCloseTable {
  /** Local midnight starting each supported year, then the one starting the year after the last. */
  private readonly yearStarts: Float64Array;
  /** Each year's closes, ascending; undefined until an instant in that year is asked. */
  private readonly closesByYear: (Float64Array | undefined)[];

  /** One per process is enough and cheapest: what it builds never changes. */
  constructor(private readonly calendar: NyseCalendar) {
    const zone = new ZonedTime(calendar.timeZone);
    const years = lastSupportedYear - firstSupportedYear + 1;
    this.yearStarts = new Float64Array(years + 1);
    for (let year = 0; year <= years; year++)
      this.yearStarts[year] = zone.toInstant(dayNumber(firstSupportedYear + year, 1, 1), 0);
    this.closesByYear = new Array<Float64Array | undefined>(years).fill(undefined);
  }

  nextClose(time: number): number {
    const starts = this.yearStarts;
    // Written so that NaN, too, goes to the calendar (which says what is wrong with it).
    if (!(time >= (starts[0] as number) && time < (starts[starts.length - 1] as number)))
      return this.calendar.nextClose(time);
    // The year holding the time (index from the first year): the guess is off by at most one.
    const lastYear = this.closesByYear.length - 1;
    let year = Math.min(Math.floor((time - (starts[0] as number)) / millisecondsPerYear), lastYear);
    while ((starts[year + 1] as number) <= time) year++;
    while ((starts[year] as number) > time) year--;
    const closes = this.closesOf(year);
    const last = closes.length - 1;
    if (time > (closes[last] as number)) {
      // After the year's last close: the next is the following year's first, if the tables have it.
      if (year === lastYear) return this.calendar.nextClose(time);
      return this.closesOf(year + 1)[0] as number;
    }
    // The first close at or after the time: every close before `low` is earlier, `high`'s is not.
    let low = 0;
    let high = last;
    while (low < high) {
      const middle = (low + high) >> 1;
      if ((closes[middle] as number) < time) low = middle + 1;
      else high = middle;
    }
    return closes[low] as number;
  }

  /** The closes of the year `year` years after the first supported one, built at the first call. */
  private closesOf(year: number): Float64Array {
    let closes = this.closesByYear[year];
    if (closes === undefined) {
      closes = Float64Array.from(this.calendar.regularClosesOfYear(firstSupportedYear + year));
      this.closesByYear[year] = closes;
    }
    return closes;
  }
}
