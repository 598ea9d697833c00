// Number-to-text exactly as JavaScript writes it (toFixed, String), made from an integer when the number
// is a whole count of 1/10,000 (a price or money read as a float): the float formatters cost more than
// the rest of sizing a signal, and every signal's explanation quotes its equity and price.
import { SCALE } from './decimal-scale.js';

/**
 * Below this raw magnitude (a value under 10^11) a float is within 8 × 10^-6 of the decimal it stands
 * for, so it rounds to 4 places as that decimal does, and to fewer places as well unless the decimal
 * lies exactly halfway (those go to the float formatter, which rounds the float's own binary value).
 */
const largestRaw = 1e15;

/** The raw count of 1/10,000 a float is the nearest float to, or NaN when it is not one of those. */
function rawOf(value: number): number {
  const raw = Math.round(value * SCALE);
  return Math.abs(raw) < largestRaw && raw / SCALE === value ? raw : Number.NaN;
}

/** `value.toFixed(digits)` for 0 to 4 digits, the same text. */
export function fixedText(value: number, digits: 0 | 1 | 2 | 3 | 4): string {
  const raw = rawOf(value);
  if (Number.isNaN(raw)) return value.toFixed(digits);
  // toFixed writes a minus for any number below zero, even one that rounds to zero; never for -0.
  const negative = value < 0;
  const magnitude = negative ? -raw : raw;
  const unit = 10 ** (4 - digits);
  const dropped = magnitude % unit;
  if (dropped * 2 === unit) return value.toFixed(digits);
  const units = (magnitude - dropped) / unit + (dropped * 2 > unit ? 1 : 0);
  const scale = 10 ** digits;
  const whole = Math.floor(units / scale);
  const text = digits === 0 ? `${whole}` : `${whole}.${String(units - whole * scale).padStart(digits, '0')}`;
  return negative ? `-${text}` : text;
}

/**
 * `String(value)` for the same numbers: the shortest text that reads back as the float is the decimal
 * itself without trailing zeros (any shorter one is another multiple of 1/10,000, far from the float).
 */
export function numberText(value: number): string {
  const raw = rawOf(value);
  if (Number.isNaN(raw)) return String(value);
  if (raw === 0) return '0';
  const negative = raw < 0;
  const magnitude = negative ? -raw : raw;
  const whole = Math.floor(magnitude / SCALE);
  let fraction = magnitude - whole * SCALE;
  const sign = negative ? '-' : '';
  if (fraction === 0) return `${sign}${whole}`;
  let digits = 4;
  while (fraction % 10 === 0) {
    fraction /= 10;
    digits--;
  }
  return `${sign}${whole}.${String(fraction).padStart(digits, '0')}`;
}
