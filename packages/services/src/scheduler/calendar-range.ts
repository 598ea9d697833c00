// The dates the exchange calendar covers, checked at the edge so a question outside them is a 400 naming the range.
import { firstSupportedYear, lastSupportedYear, type MarketCalendar } from '@ats/calendar';
import { InvalidInputError } from '@ats/core';

const supported = `the calendar covers ${firstSupportedYear}-01-01 to ${lastSupportedYear}-12-31`;

function requireSupportedYear(field: string, year: number, value: unknown): void {
  if (year < firstSupportedYear || year > lastSupportedYear)
    throw new InvalidInputError(
      field,
      `${String(value)} is outside the supported range: ${supported}`,
      value,
    );
}

/** A YYYY-MM-DD date (already a real date by schema) within the calendar's years. */
export function requireCalendarDate(field: string, date: string): void {
  requireSupportedYear(field, Number(date.slice(0, 4)), date);
}

/** An instant whose exchange-local date is within the calendar's years. */
export function requireCalendarInstant(field: string, instant: number, calendar: MarketCalendar): void {
  const year = new Date(instant).getUTCFullYear();
  // Checked in UTC first so the calendar itself is never asked about a year it does not know.
  requireSupportedYear(field, year, new Date(instant).toISOString());
  requireSupportedYear(
    field,
    Number(calendar.localDate(instant).slice(0, 4)),
    new Date(instant).toISOString(),
  );
}

/** The calendar's answer, or null when it lies past the end of the calendar's range. */
export function withinCalendar(question: () => number): number | null {
  try {
    return question();
  } catch (error) {
    if (error instanceof RangeError) return null;
    throw error;
  }
}
