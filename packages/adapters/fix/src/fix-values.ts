// Exact parsing of FIX field text: quantities, prices, money and UTC timestamps; never through a float.
import { InvalidInputError, Money, Price, Quantity } from '@ats/core';

/** Anything that answers a tag's text: jspurefix's MsgView, or a message parsed in a test. */
export interface TaggedFields {
  getString(tag: number): string | null;
}

const wholeQuantity = /^\s*(\d+)(?:\.0*)?\s*$/;

/** A FIX Qty ("100" or "100.00") as a whole Quantity; a fractional quantity is refused, naming the field. */
export function parseQuantity(text: string | null, field: string): Quantity {
  const match = text === null ? null : wholeQuantity.exec(text);
  if (match === null || match[1] === undefined) {
    throw new InvalidInputError(field, `'${text ?? ''}' is not a whole quantity`, text);
  }
  return Quantity.parse(match[1], field);
}

export function parsePrice(text: string | null, field: string): Price {
  if (text === null) throw new InvalidInputError(field, 'is missing', text);
  return Price.of(text, field);
}

export function parseOptionalPrice(text: string | null, field: string): Price | null {
  return text === null ? null : Price.of(text, field);
}

export function parseMoney(text: string, field: string): Money {
  return Money.of(text, field);
}

const utcTimestamp = /^(\d{4})(\d{2})(\d{2})-(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?$/;

/** UTCTimestamp (YYYYMMDD-HH:MM:SS[.sss…]) as epoch ms; null when absent or malformed. */
export function parseUtcTimestamp(text: string | null): number | null {
  const match = text === null ? null : utcTimestamp.exec(text);
  if (match === null) return null;
  const [, year, month, day, hour, minute, second, fraction] = match;
  const milliseconds = fraction === undefined ? 0 : Number(fraction.padEnd(3, '0').slice(0, 3));
  const time = Date.UTC(
    Number(year),
    Number(month) - 1,
    Number(day),
    Number(hour),
    Number(minute),
    Number(second),
    milliseconds,
  );
  return Number.isFinite(time) ? time : null;
}
