// NYSE full-day closures and early closes by rule, with each rule's history, 1990 through 2050.
import { dayNumber, easterSunday, nthWeekday, weekday } from './civil-date.js';

const monday = 1;
const thursday = 4;
const friday = 5;
const saturday = 6;
const sunday = 0;

/** Saturday holidays move to Friday, Sunday holidays to Monday (NYSE Rule 7.2). */
function observed(day: number): number {
  const weekdayOfDay = weekday(day);
  if (weekdayOfDay === saturday) return day - 1;
  if (weekdayOfDay === sunday) return day + 1;
  return day;
}

/** One-off closures: national days of mourning and emergencies. */
export const specialClosures: Readonly<Record<string, string>> = {
  '1994-04-27': 'Day of mourning for President Nixon',
  '2001-09-11': 'September 11 attacks',
  '2001-09-12': 'September 11 attacks',
  '2001-09-13': 'September 11 attacks',
  '2001-09-14': 'September 11 attacks',
  '2004-06-11': 'Day of mourning for President Reagan',
  '2007-01-02': 'Day of mourning for President Ford',
  '2012-10-29': 'Hurricane Sandy',
  '2012-10-30': 'Hurricane Sandy',
  '2018-12-05': 'Day of mourning for President George H. W. Bush',
  '2025-01-09': 'Day of mourning for President Carter',
};

/** The rule-based holidays of a year, as day numbers with their names. */
export function nyseHolidays(year: number): Map<number, string> {
  const holidays = new Map<number, string>();
  const add = (day: number, name: string) => holidays.set(day, name);
  // New Year's Day: a Sunday moves to Monday; a Saturday is not observed on the Friday before,
  // because that Friday closes the previous year's books (NYSE Rule 7.2).
  const newYear = dayNumber(year, 1, 1);
  if (weekday(newYear) === sunday) add(newYear + 1, "New Year's Day");
  else if (weekday(newYear) !== saturday) add(newYear, "New Year's Day");
  if (year >= 1998) add(nthWeekday(year, 1, monday, 3), 'Martin Luther King Jr. Day');
  add(nthWeekday(year, 2, monday, 3), "Washington's Birthday");
  add(easterSunday(year) - 2, 'Good Friday');
  add(nthWeekday(year, 5, monday, -1), 'Memorial Day');
  if (year >= 2022) add(observed(dayNumber(year, 6, 19)), 'Juneteenth National Independence Day');
  add(observed(dayNumber(year, 7, 4)), 'Independence Day');
  add(nthWeekday(year, 9, monday, 1), 'Labor Day');
  add(nthWeekday(year, 11, thursday, 4), 'Thanksgiving Day');
  add(observed(dayNumber(year, 12, 25)), 'Christmas Day');
  return holidays;
}

/** One-off early closes that no rule produces (13:00 each), as the exchange announced them. */
export const specialEarlyCloses: Readonly<Record<string, string>> = {
  '1997-12-26': 'Friday after Christmas',
  '1999-12-31': "New Year's Eve 1999",
  '2003-12-26': 'Friday after Christmas',
};

export interface EarlyClose {
  /** Close in minutes after local midnight (780 = 13:00, 840 = 14:00). */
  readonly closeMinutes: number;
  readonly reason: string;
}

/**
 * Early closes of a year. Callers drop any that fall on a holiday or a weekend. History:
 * - Christmas Eve: 14:00 through 1992, 13:00 from 1993.
 * - Day after Thanksgiving: 14:00 in 1992, 13:00 from 1993 (a full day before 1992).
 * - Day before Independence Day: 13:00 on July 3 when it is a Monday, Tuesday or Thursday from 1995,
 *   also on a Wednesday from 2013; from 1996 through 2012 the Friday July 5 after a Thursday
 *   Independence Day closed at 13:00 instead.
 */
export function nyseEarlyCloses(year: number): Map<number, EarlyClose> {
  const closes = new Map<number, EarlyClose>();
  const christmasEve = dayNumber(year, 12, 24);
  closes.set(christmasEve, { closeMinutes: year <= 1992 ? 840 : 780, reason: 'Christmas Eve' });
  if (year >= 1992) {
    const dayAfterThanksgiving = nthWeekday(year, 11, thursday, 4) + 1;
    closes.set(dayAfterThanksgiving, {
      closeMinutes: year === 1992 ? 840 : 780,
      reason: 'Day after Thanksgiving',
    });
  }
  if (year >= 1995) {
    const julyThird = dayNumber(year, 7, 3);
    const day = weekday(julyThird);
    if (day === monday || day === 2 || day === thursday || (year >= 2013 && day === 3)) {
      closes.set(julyThird, { closeMinutes: 780, reason: 'Day before Independence Day' });
    }
    const julyFifth = dayNumber(year, 7, 5);
    if (year >= 1996 && year <= 2012 && weekday(julyFifth) === friday) {
      closes.set(julyFifth, { closeMinutes: 780, reason: 'Day after Independence Day' });
    }
  }
  for (const [date, reason] of Object.entries(specialEarlyCloses)) {
    if (Number(date.slice(0, 4)) !== year) continue;
    closes.set(dayNumber(year, Number(date.slice(5, 7)), Number(date.slice(8, 10))), {
      closeMinutes: 780,
      reason,
    });
  }
  return closes;
}
