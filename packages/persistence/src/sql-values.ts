// Conversions between database values and domain values: decimals as exact text, times as epoch ms.
import { AtsError, Money, Price } from '@ats/core';

/** A DECIMAL column read as text, to a Price; never through a float. */
export function priceOf(value: unknown): Price {
  return Price.of(String(value));
}

export function priceOrNull(value: unknown): Price | null {
  return value === null || value === undefined ? null : priceOf(value);
}

export function moneyOf(value: unknown): Money {
  return Money.of(String(value));
}

export function moneyOrNull(value: unknown): Money | null {
  return value === null || value === undefined ? null : moneyOf(value);
}

/** TIMESTAMPTZ to epoch milliseconds. */
export function millisecondsOf(value: unknown): number {
  return value instanceof Date ? value.getTime() : new Date(String(value)).getTime();
}

export function millisecondsOrNull(value: unknown): number | null {
  return value === null || value === undefined ? null : millisecondsOf(value);
}

/** Epoch milliseconds to an ISO text the database parses identically on PGlite and PostgreSQL. */
export function timestampText(milliseconds: number): string {
  return new Date(milliseconds).toISOString();
}

/** Checks a money value fits a DECIMAL(precision, 4) column, naming the column when it does not. */
export function fitDecimal(value: Money | Price, precision: number, column: string): string {
  const limit = 10 ** (precision - 4);
  if (Math.abs(value.raw) >= limit * 10_000) {
    throw new AtsError(
      'INVALID_INPUT',
      `${column} ${value.toString()} does not fit DECIMAL(${precision},4) (|value| < ${limit})`,
    );
  }
  return value.toString();
}
