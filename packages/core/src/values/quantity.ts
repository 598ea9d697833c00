// Quantity: a whole number of shares or units (the spec's INTEGER quantity columns).
import { InvalidInputError, InvariantError } from '../errors/ats-error.js';

/** An immutable, non-negative whole quantity. Direction lives in the order side, never in the sign. */
export class Quantity {
  readonly value: number;

  private constructor(value: number) {
    this.value = value;
  }

  static readonly zero = new Quantity(0);

  /** Throws an InvariantError for a negative or fractional value (a programming error). */
  static of(value: number): Quantity {
    if (!Number.isSafeInteger(value) || value < 0) {
      throw new InvariantError('quantity must be a non-negative integer', { value });
    }
    return value === 0 ? Quantity.zero : new Quantity(value);
  }

  /** Parses outside input, naming the field when it is not a non-negative integer. */
  static parse(value: unknown, field = 'quantity'): Quantity {
    const number = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
    if (typeof number !== 'number' || !Number.isSafeInteger(number) || number < 0) {
      throw new InvalidInputError(field, `'${String(value)}' is not a non-negative whole number`, value);
    }
    return Quantity.of(number);
  }

  add(other: Quantity): Quantity {
    return Quantity.of(this.value + other.value);
  }

  /** Throws when the result would be negative. */
  subtract(other: Quantity): Quantity {
    return Quantity.of(this.value - other.value);
  }

  min(other: Quantity): Quantity {
    return this.value <= other.value ? this : other;
  }

  isZero(): boolean {
    return this.value === 0;
  }

  compare(other: Quantity): number {
    return this.value - other.value;
  }

  equals(other: Quantity): boolean {
    return this.value === other.value;
  }

  toString(): string {
    return String(this.value);
  }

  toJSON(): number {
    return this.value;
  }
}
