// Fixed-point arithmetic helpers shared by Price and Money: a scale of 10^4, exact parsing and formatting.
import { InvalidInputError, InvariantError } from '../errors/ats-error.js';

/**
 * Prices and money are stored as integers of 1/10,000 (the spec's DECIMAL(12,4) and DECIMAL(15,4)),
 * held in a JS number: exact for every integer up to 2^53, i.e. ±900 billion dollars.
 */
export const DECIMAL_PLACES = 4;
export const SCALE = 10_000;

/**
 * Parses decimal text exactly (no float on the way) into a raw integer at SCALE; half-even past 4 places.
 * A hand-written scan: this runs for every price of every quote, so it allocates nothing.
 */
export function parseDecimalToRaw(text: string, field = 'value'): number {
  const raw = decimalSpanToRaw(text, 0, text.length);
  if (Number.isNaN(raw)) throw new InvalidInputError(field, `'${text}' is not a decimal number`, text);
  if (!Number.isSafeInteger(raw)) throw new InvalidInputError(field, `'${text}' is too large`, text);
  return raw;
}

/**
 * The scan behind parseDecimalToRaw, over text[start, end) in place (blanks around the number allowed):
 * a reader of delimited lines parses each cell without cutting it out as a string. NaN when the span is
 * not a decimal number; a value past 2^53 comes back as it is, for the caller to refuse.
 */
export function decimalSpanToRaw(text: string, start: number, end: number): number {
  let index = start;
  while (index < end && text.charCodeAt(index) <= 32) index++;
  while (end > index && text.charCodeAt(end - 1) <= 32) end--;
  let negative = false;
  const sign = text.charCodeAt(index);
  if (index < end && (sign === 45 || sign === 43)) {
    negative = sign === 45;
    index++;
  }
  let raw = 0;
  let wholeDigits = 0;
  for (; index < end; index++) {
    const digit = text.charCodeAt(index) - 48;
    if (digit < 0 || digit > 9) break;
    raw = raw * 10 + digit;
    wholeDigits++;
  }
  let fractionDigits = 0;
  let roundUp = false;
  if (index < end && text.charCodeAt(index) === 46) {
    index++;
    let firstDropped = -1;
    let restNonZero = false;
    for (; index < end; index++) {
      const digit = text.charCodeAt(index) - 48;
      if (digit < 0 || digit > 9) break;
      if (fractionDigits < DECIMAL_PLACES) raw = raw * 10 + digit;
      else if (firstDropped < 0) firstDropped = digit;
      else if (digit !== 0) restNonZero = true;
      fractionDigits++;
    }
    // Round half to even on the digits past the fourth decimal place.
    if (firstDropped > 5 || (firstDropped === 5 && restNonZero)) roundUp = true;
    else if (firstDropped === 5) roundUp = raw % 2 === 1;
  }
  if (index !== end || wholeDigits === 0) return Number.NaN;
  for (let missing = Math.min(fractionDigits, DECIMAL_PLACES); missing < DECIMAL_PLACES; missing++) raw *= 10;
  if (roundUp) raw += 1;
  return negative ? -raw : raw;
}

/** Converts a float (e.g. from a CSV parsed as number) to raw, rounding to the nearest 1/10,000. */
export function numberToRaw(value: number, field = 'value'): number {
  if (!Number.isFinite(value)) throw new InvalidInputError(field, `${value} is not a finite number`, value);
  const raw = Math.round(value * SCALE);
  if (!Number.isSafeInteger(raw)) throw new InvalidInputError(field, `${value} is too large`, value);
  // Math.round rounds -x.5 toward +inf; that asymmetry is below the 1/10,000 resolution we keep.
  return raw === 0 ? 0 : raw;
}

/** Formats a raw integer as decimal text with exactly four places: 123400 -> "12.3400". */
export function formatRaw(raw: number): string {
  const negative = raw < 0;
  const absolute = negative ? -raw : raw;
  const whole = Math.floor(absolute / SCALE);
  const fraction = String(absolute - whole * SCALE).padStart(DECIMAL_PLACES, '0');
  return `${negative ? '-' : ''}${whole}.${fraction}`;
}

/** Checks a raw value is a safe integer; arithmetic that leaves the exact range is an invariant break. */
export function checkedRaw(raw: number, what: string): number {
  if (!Number.isSafeInteger(raw)) throw new InvariantError(`${what} left the exact integer range`, { raw });
  return raw;
}

/** Divides two integers and rounds the quotient half to even, exactly for safe integers. */
export function divideRoundHalfEven(numerator: number, denominator: number): number {
  if (denominator === 0) throw new InvariantError('division by zero');
  if (denominator < 0) return divideRoundHalfEven(-numerator, -denominator);
  let quotient = Math.floor(numerator / denominator);
  let remainder = numerator - quotient * denominator;
  // Float division can be one off near 2^53; correct with the exact integer remainder.
  if (remainder < 0) {
    quotient -= 1;
    remainder += denominator;
  } else if (remainder >= denominator) {
    quotient += 1;
    remainder -= denominator;
  }
  const twice = remainder * 2;
  if (twice > denominator || (twice === denominator && quotient % 2 !== 0)) return quotient + 1;
  return quotient;
}
