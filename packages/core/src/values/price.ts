// Price: an exact fixed-point price with four decimal places (the spec's DECIMAL(12,4)).
import { InvariantError } from '../errors/ats-error.js';
import { checkedRaw, formatRaw, numberToRaw, parseDecimalToRaw, SCALE } from './decimal-scale.js';

/**
 * Recently made prices, one per slot of the raw value's low 13 bits: bars repeat a small set of prices
 * (a day of minute bars of 2-decimal prices spans a few hundred), so a million loaded bars hold a few
 * thousand Price objects, not four million. Fewer live objects is less for the collector to mark at
 * every major collection of a long backtest (measured: 23% of a warm run over 1M minute bars). Bounded
 * (8,192 entries, replaced on a collision), and safe to share because a Price is immutable.
 */
const recentSlots = 8192;
const recentSlotMask = recentSlots - 1;
const recentPrices: (Price | undefined)[] = new Array(recentSlots).fill(undefined);

/** An immutable price held as an integer count of 1/10,000. Equal prices may be the same object. */
export class Price {
  /** Integer count of 1/10,000 units. */
  readonly raw: number;

  private constructor(raw: number) {
    this.raw = raw;
  }

  static readonly zero = new Price(0);

  /** From the raw integer; throws when it is not a safe integer. */
  static fromRaw(raw: number): Price {
    // A raw that is not a safe integer never matches a cached one (they all passed checkedRaw).
    const slot = raw & recentSlotMask;
    const recent = recentPrices[slot];
    if (recent !== undefined && recent.raw === raw) return recent;
    const made = new Price(checkedRaw(raw, 'Price'));
    recentPrices[slot] = made;
    return made;
  }

  /** From decimal text (exact) or a number (rounded to 4 places). `field` names the input in errors. */
  static of(value: string | number, field = 'price'): Price {
    return Price.fromRaw(
      typeof value === 'string' ? parseDecimalToRaw(value, field) : numberToRaw(value, field),
    );
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
