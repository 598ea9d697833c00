// Price: an exact fixed-point price with four decimal places (the spec's DECIMAL(12,4)).
import { InvariantError } from '../errors/ats-error.js';
import { checkedRaw, formatRaw, numberToRaw, parseDecimalToRaw, SCALE } from './decimal-scale.js';

/** An immutable price held as an integer count of 1/10,000. */
export class Price {
  /** Integer count of 1/10,000 units. */
  readonly raw: number;

  private constructor(raw: number) {
    this.raw = raw;
  }

  static readonly zero = new Price(0);

  /** From the raw integer; throws when it is not a safe integer. */
  static fromRaw(raw: number): Price {
    return new Price(checkedRaw(raw, 'Price'));
  }

  /** From decimal text (exact) or a number (rounded to 4 places). `field` names the input in errors. */
  static of(value: string | number, field = 'price'): Price {
    return new Price(typeof value === 'string' ? parseDecimalToRaw(value, field) : numberToRaw(value, field));
  }

  add(other: Price): Price {
    return new Price(checkedRaw(this.raw + other.raw, 'Price'));
  }

  subtract(other: Price): Price {
    return new Price(checkedRaw(this.raw - other.raw, 'Price'));
  }

  /** Rounds to the nearest multiple of a tick size (half away from zero). */
  roundToTick(tick: Price): Price {
    if (tick.raw <= 0) throw new InvariantError('tick size must be positive', { tick: tick.raw });
    const steps = Math.round(this.raw / tick.raw);
    return new Price(checkedRaw(steps * tick.raw, 'Price'));
  }

  compare(other: Price): number {
    return this.raw - other.raw;
  }

  equals(other: Price): boolean {
    return this.raw === other.raw;
  }

  isPositive(): boolean {
    return this.raw > 0;
  }

  /** A float for indicator and model math; never feed it back into money. */
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
