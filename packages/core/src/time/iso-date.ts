// Midnight UTC of an ISO 8601 calendar date ("2014-01-02") read in place from a longer text: readers of
// daily bars parse one per line, and `Date.parse` of a built string cost more than the rest of the line
// (it also took "2014-02-30" for March 2nd; this refuses a day its month does not have).

const zero = 48;
const dash = 45;

/** The value of the decimal digits text[start, end), or -1 if any is not a digit. */
function digitsAt(text: string, start: number, end: number): number {
  let value = 0;
  for (let index = start; index < end; index++) {
    const digit = text.charCodeAt(index) - zero;
    if (digit < 0 || digit > 9) return -1;
    value = value * 10 + digit;
  }
  return value;
}

function isLeapYear(year: number): boolean {
  return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
}

/** Days in `month` (1-12) of `year`. */
function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/**
 * Milliseconds since the epoch at 00:00 UTC of the YYYY-MM-DD date that is exactly text[start, end), or
 * NaN when it is not one (another length, a non-digit, month 13, February 30th).
 */
export function isoDateTimeAt(text: string, start: number, end: number): number {
  if (end - start !== 10 || text.charCodeAt(start + 4) !== dash || text.charCodeAt(start + 7) !== dash)
    return Number.NaN;
  const year = digitsAt(text, start, start + 4);
  const month = digitsAt(text, start + 5, start + 7);
  const day = digitsAt(text, start + 8, start + 10);
  if (year < 0 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return Number.NaN;
  // Days from 1970-01-01 of a civil date (H. Hinnant's days-from-civil), in 400-year eras from 0000-03-01.
  const shiftedYear = month <= 2 ? year - 1 : year;
  const era = Math.floor(shiftedYear / 400);
  const yearOfEra = shiftedYear - era * 400;
  const dayOfYear = Math.floor((153 * (month > 2 ? month - 3 : month + 9) + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return (era * 146_097 + dayOfEra - 719_468) * 86_400_000;
}

/** The same for a whole text ("2014-01-02"). */
export function isoDateTime(text: string): number {
  return isoDateTimeAt(text, 0, text.length);
}
