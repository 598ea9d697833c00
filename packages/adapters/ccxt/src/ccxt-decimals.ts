// Exact decimal text for the ccxt adapter: whole base-asset quantities out of Binance's eight-place
// strings, and a commission paid in the base asset valued at the trade price, never through a float.
import { InvalidInputError, Money, type Price, Quantity } from '@ats/core';

const decimalText = /^(\d+)(?:\.(\d*))?$/;

/**
 * A whole quantity from decimal text ("3.00000000" → 3). ATS quantities are whole units, so a
 * fractional amount ("0.50000000") is refused with INVALID_INPUT naming the field.
 */
export function wholeQuantity(text: string, field: string): Quantity {
  const match = decimalText.exec(text.trim());
  if (!match) throw new InvalidInputError(field, `'${text}' is not a decimal amount`, text);
  if (/[1-9]/.test(match[2] ?? '')) {
    throw new InvalidInputError(
      field,
      `'${text}' is a fractional amount; ATS trades whole units of the base asset on ccxt venues`,
      text,
    );
  }
  return Quantity.parse(match[1] ?? '', field);
}

/** The whole units in decimal text, dropping any fraction ("2.99950000" → 2). */
export function wholeUnitsDown(text: string, field: string): number {
  const match = decimalText.exec(text.trim());
  if (!match) throw new InvalidInputError(field, `'${text}' is not a decimal amount`, text);
  return Quantity.parse(match[1] ?? '', field).value;
}

/** Adds two decimal texts exactly ("1.5" + "0.25" → "1.75"), for Binance's free + locked. */
export function addDecimalText(left: string, right: string, field: string): string {
  const [a, b] = [scaled(left, field), scaled(right, field)];
  const places = Math.max(a.places, b.places);
  const sum = a.units * 10n ** BigInt(places - a.places) + b.units * 10n ** BigInt(places - b.places);
  const digits = sum.toString().padStart(places + 1, '0');
  return places === 0 ? digits : `${digits.slice(0, -places)}.${digits.slice(-places)}`;
}

/** Whether decimal text is zero ("0.00000000"). */
export function isZeroText(text: string): boolean {
  return !/[1-9]/.test(text);
}

/**
 * A commission paid in the base asset, in quote money: amount × price, exact then rounded half to
 * even at 1/10,000 (Money's scale).
 */
export function baseCommissionValue(amount: string, price: Price, field: string): Money {
  const { units, places } = scaled(amount, field);
  // price.raw is in 1/10,000; amount is units / 10^places: the product in 1/10,000 is raw × units / 10^places.
  const numerator = BigInt(price.raw) * units;
  const denominator = 10n ** BigInt(places);
  let quotient = numerator / denominator;
  const remainder = numerator % denominator;
  const twice = remainder * 2n;
  if (twice > denominator || (twice === denominator && quotient % 2n === 1n)) quotient += 1n;
  return Money.fromRaw(Number(quotient));
}

function scaled(text: string, field: string): { units: bigint; places: number } {
  const match = decimalText.exec(text.trim());
  if (!match) throw new InvalidInputError(field, `'${text}' is not a decimal amount`, text);
  const fraction = match[2] ?? '';
  return { units: BigInt(`${match[1] ?? '0'}${fraction}`), places: fraction.length };
}
