// Money: an exact signed amount with four decimal places (the spec's DECIMAL(15,4)), single currency.
import {
  checkedRaw,
  divideRoundHalfEven,
  formatRaw,
  numberToRaw,
  parseDecimalToRaw,
  SCALE,
} from './decimal-scale.js';
import type { Price } from './price.js';
import type { Quantity } from './quantity.js';

/** An immutable amount held as an integer count of 1/10,000 of the account currency. */
export class Money {
  readonly raw: number;

  private constructor(raw: number) {
    this.raw = raw;
  }

  static readonly zero = new Money(0);

  static fromRaw(raw: number): Money {
    return raw === 0 ? Money.zero : new Money(checkedRaw(raw, 'Money'));
  }

  static of(value: string | number, field = 'amount'): Money {
    return Money.fromRaw(
      typeof value === 'string' ? parseDecimalToRaw(value, field) : numberToRaw(value, field),
    );
  }

  /** price × quantity, exact: the raw price times a whole quantity stays an integer at the same scale. */
  static notional(price: Price, quantity: Quantity): Money {
    return Money.fromRaw(checkedRaw(price.raw * quantity.value, 'Money notional'));
  }

  add(other: Money): Money {
    return Money.fromRaw(this.raw + other.raw);
  }

  subtract(other: Money): Money {
    return Money.fromRaw(this.raw - other.raw);
  }

  negate(): Money {
    return Money.fromRaw(-this.raw);
  }

  /** this × numerator / denominator for integers, rounded half to even to 1/10,000 (exact rational step). */
  multiplyRatio(numerator: number, denominator: number): Money {
    return Money.fromRaw(divideRoundHalfEven(checkedRaw(this.raw * numerator, 'Money'), denominator));
  }

  /** this × basis points / 10,000, rounded half to even. */
  basisPoints(points: number): Money {
    if (Number.isInteger(points)) return this.multiplyRatio(points, 10_000);
    // Fractional basis points: scale to hundredths of a point so the step stays exact.
    return this.multiplyRatio(Math.round(points * 100), 1_000_000);
  }

  compare(other: Money): number {
    return this.raw - other.raw;
  }

  equals(other: Money): boolean {
    return this.raw === other.raw;
  }

  isNegative(): boolean {
    return this.raw < 0;
  }

  isZero(): boolean {
    return this.raw === 0;
  }

  abs(): Money {
    return this.raw < 0 ? this.negate() : this;
  }

  /** A float for ratios and metrics; never feed it back into the ledger. */
  toNumber(): number {
    return this.raw / SCALE;
  }

  toString(): string {
    return formatRaw(this.raw);
  }

  toJSON(): string {
    return formatRaw(this.raw);
  }
}
