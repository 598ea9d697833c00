// Command-line option values checked at the edge: bounded numbers, positive cash, real and ordered dates.
import { InvalidInputError, Money } from '@ats/core';

const decimal = /^-?\d+(\.\d+)?$/;

/** A decimal from `low` to `high`, naming the flag when it is not one ('abc', '1e308', '-1'). */
export function boundedNumber(flag: string, text: string, low: number, high: number): number {
  const value = decimal.test(text) ? Number(text) : Number.NaN;
  if (!(value >= low && value <= high))
    throw new InvalidInputError(flag, `'${text}' must be a number from ${low} to ${high}`, text);
  return value;
}

/** A whole number from `low` to `high`. */
export function wholeNumber(flag: string, text: string, low: number, high: number): number {
  const value = boundedNumber(flag, text, low, high);
  if (!Number.isInteger(value)) throw new InvalidInputError(flag, `'${text}' must be a whole number`, text);
  return value;
}

/** A starting cash greater than zero, as exact decimal text. */
export function positiveCash(flag: string, text: string): Money {
  const cash = Money.of(text, flag);
  if (cash.isNegative() || cash.isZero())
    throw new InvalidInputError(flag, `'${text}' must be greater than zero`, text);
  return cash;
}

/** A real calendar date, YYYY-MM-DD (`2010-13-45` and `2023-02-29` are not). */
export function calendarDate(flag: string, text: string): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  const [year, month, day] = match ? [Number(match[1]), Number(match[2]), Number(match[3])] : [0, 0, 0];
  const date = new Date(Date.UTC(year, month - 1, day));
  if (
    !match ||
    date.getUTCFullYear() !== year ||
    date.getUTCMonth() !== month - 1 ||
    date.getUTCDate() !== day
  )
    throw new InvalidInputError(flag, `'${text}' is not a real date (YYYY-MM-DD)`, text);
  return text;
}

/** `--from` and `--to` as real dates, the first not after the second. */
export function dateRange(from: unknown, to: unknown): { from?: string; to?: string } {
  const range = {
    ...(typeof from === 'string' ? { from: calendarDate('--from', from) } : {}),
    ...(typeof to === 'string' ? { to: calendarDate('--to', to) } : {}),
  };
  if (range.from !== undefined && range.to !== undefined && range.from > range.to)
    throw new InvalidInputError('--from', `${range.from} is after --to (${range.to})`, range.from);
  return range;
}
