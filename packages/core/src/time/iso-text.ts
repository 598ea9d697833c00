// UTC instants as ISO 8601 text ("2014-01-02T00:00:00.000Z"), the same characters as
// Date.prototype.toISOString, without a Date per instant: a backtest's results write one per order and
// per fill, and a Date plus its formatting cost more than the rest of the row.

const zero = 48;
const dash = 45;
const colon = 58;

/** The character code of the decimal digit of `value` at `power` (1, 10, 100, ...). */
function digit(value: number, power: number): number {
  return zero + (Math.floor(value / power) % 10);
}
/** Year 10000 begins here: from it on toISOString writes six-digit years, left to it. */
const endOfFourDigitYears = 253_402_300_800_000;

/** The ISO 8601 text of a UTC instant in milliseconds, exactly as `new Date(instant).toISOString()`. */
export function isoText(instant: number): string {
  if (!(instant >= 0 && instant < endOfFourDigitYears && Number.isInteger(instant)))
    return new Date(instant).toISOString();
  const days = Math.floor(instant / 86_400_000);
  let rest = instant - days * 86_400_000;
  // Civil date of a day count (H. Hinnant's days-from-civil, inverted), in 400-year eras from 0000-03-01.
  const shifted = days + 719_468;
  const era = Math.floor(shifted / 146_097);
  const dayOfEra = shifted - era * 146_097;
  const yearOfEra = Math.floor(
    (dayOfEra -
      Math.floor(dayOfEra / 1460) +
      Math.floor(dayOfEra / 36_524) -
      Math.floor(dayOfEra / 146_096)) /
      365,
  );
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const monthIndex = Math.floor((5 * dayOfYear + 2) / 153);
  const day = dayOfYear - Math.floor((153 * monthIndex + 2) / 5) + 1;
  const month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9;
  const year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
  const hours = Math.floor(rest / 3_600_000);
  rest -= hours * 3_600_000;
  const minutes = Math.floor(rest / 60_000);
  rest -= minutes * 60_000;
  const seconds = Math.floor(rest / 1000);
  const milliseconds = rest - seconds * 1000;
  // One call with every character: the string is made once, with no intermediate pieces.
  return String.fromCharCode(
    digit(year, 1000),
    digit(year, 100),
    digit(year, 10),
    digit(year, 1),
    dash,
    digit(month, 10),
    digit(month, 1),
    dash,
    digit(day, 10),
    digit(day, 1),
    84, // T
    digit(hours, 10),
    digit(hours, 1),
    colon,
    digit(minutes, 10),
    digit(minutes, 1),
    colon,
    digit(seconds, 10),
    digit(seconds, 1),
    46, // .
    digit(milliseconds, 100),
    digit(milliseconds, 10),
    digit(milliseconds, 1),
    90, // Z
  );
}
