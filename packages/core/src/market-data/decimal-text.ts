// Exact prices from provider JSON: decimal text kept as text, JSON numbers through their shortest form.
import { InvalidInputError } from '../errors/ats-error.js';
import { Price } from '../values/price.js';

/**
 * The decimal text of a provider's price field. A string is kept as sent. A JSON number went through a
 * float when the body was parsed; its shortest round-trip form (String(n)) is the literal the provider
 * wrote for every price with up to 15 significant digits, so parsing that text is exact where
 * `Math.round(n * 10000)` is not (e.g. 1.0005 * 10000 = 10004.999999999998).
 */
export function decimalTextOf(value: unknown, field: string): string {
  if (typeof value === 'string') {
    if (value.trim() === '') throw new InvalidInputError(field, 'is empty', value);
    return value;
  }
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new InvalidInputError(field, `${value} is not a finite number`, value);
    const shortest = String(value);
    // Exponent forms appear only below 1e-6 or from 1e21; four decimal places are all ATS keeps.
    return shortest.includes('e') ? value.toFixed(8) : shortest;
  }
  throw new InvalidInputError(field, `expected a decimal number, got ${JSON.stringify(value)}`, value);
}

/** A provider's price field as an exact Price. */
export function priceFromProvider(value: unknown, field: string): Price {
  return Price.of(decimalTextOf(value, field), field);
}

/** A provider's size or volume field: a non-negative integer (numbers or integer text). */
export function wholeNumberFromProvider(value: unknown, field: string): number {
  const number = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  if (typeof number !== 'number' || !Number.isSafeInteger(number) || number < 0)
    throw new InvalidInputError(field, `expected a whole number, got ${JSON.stringify(value)}`, value);
  return number;
}
