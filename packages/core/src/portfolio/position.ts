// A net position in one instrument: long or short, average cost, realized and unrealized PnL, flips through zero.
import { InvariantError } from '../errors/ats-error.js';
import type { Ticker } from '../identifiers/identifiers.js';
import type { OrderSide } from '../orders/order-enums.js';
import { divideRoundHalfEven } from '../values/decimal-scale.js';
import { Money } from '../values/money.js';
import { Price } from '../values/price.js';
import { Quantity } from '../values/quantity.js';

/** What one fill did to a position; `realized` is the gross PnL it closed (commission excluded). */
export interface PositionChange {
  readonly realized: Money;
  readonly closedQuantity: number;
  readonly openedQuantity: number;
}

/**
 * The cost basis is kept as an exact total (what the open quantity cost), so a position closed in full
 * releases exactly what it cost; only a partial close divides, rounding half to even to 1/10,000.
 */
export class Position {
  readonly symbol: Ticker;
  private signed = 0;
  private cost = Money.zero;
  private realizedTotal = Money.zero;
  private commissionTotal = Money.zero;

  constructor(symbol: Ticker) {
    this.symbol = symbol;
  }

  /** Signed quantity: positive long, negative short, zero flat. */
  get netQuantity(): number {
    return this.signed;
  }
  get quantity(): Quantity {
    return Quantity.of(Math.abs(this.signed));
  }
  get isFlat(): boolean {
    return this.signed === 0;
  }
  get side(): 'LONG' | 'SHORT' | 'FLAT' {
    return this.signed > 0 ? 'LONG' : this.signed < 0 ? 'SHORT' : 'FLAT';
  }
  /** Total cost of the open quantity (positive for long and short alike). */
  get costBasis(): Money {
    return this.cost;
  }
  get realizedPnl(): Money {
    return this.realizedTotal;
  }
  get commissions(): Money {
    return this.commissionTotal;
  }
  /** Average cost per share of the open quantity, rounded half to even; zero when flat. */
  get averageCost(): Price {
    if (this.signed === 0) return Price.zero;
    return Price.fromRaw(divideRoundHalfEven(this.cost.raw, Math.abs(this.signed)));
  }

  /** Signed market value at `mark`: negative for a short. */
  marketValue(mark: Price): Money {
    return Money.fromRaw(mark.raw * this.signed);
  }

  unrealizedPnl(mark: Price): Money {
    if (this.signed === 0) return Money.zero;
    const value = Money.fromRaw(mark.raw * Math.abs(this.signed));
    return this.signed > 0 ? value.subtract(this.cost) : this.cost.subtract(value);
  }

  /** Applies one fill and returns what it realized. */
  apply(side: OrderSide, quantity: Quantity, price: Price, commission: Money): PositionChange {
    if (quantity.isZero()) throw new InvariantError('a fill needs a positive quantity');
    if (!price.isPositive()) throw new InvariantError('a fill needs a positive price', { price: price.raw });
    this.commissionTotal = this.commissionTotal.add(commission);
    const direction = side === 'BUY' ? 1 : -1;
    const size = quantity.value;
    if (this.signed === 0 || Math.sign(this.signed) === direction) {
      this.signed += direction * size;
      this.cost = this.cost.add(Money.notional(price, quantity));
      return { realized: Money.zero, closedQuantity: 0, openedQuantity: size };
    }
    const open = Math.abs(this.signed);
    const closing = Math.min(size, open);
    const released = closing === open ? this.cost : this.cost.multiplyRatio(closing, open);
    const proceeds = Money.fromRaw(price.raw * closing);
    // Closing a long sells at `price`; closing a short buys back at `price`.
    const realized = this.signed > 0 ? proceeds.subtract(released) : released.subtract(proceeds);
    this.realizedTotal = this.realizedTotal.add(realized);
    this.cost = this.cost.subtract(released);
    this.signed += direction * closing;
    const opening = size - closing;
    if (opening > 0) {
      // The fill went through zero: the rest opens a position the other way at the fill price.
      this.signed = direction * opening;
      this.cost = Money.fromRaw(price.raw * opening);
    }
    return { realized, closedQuantity: closing, openedQuantity: opening };
  }
}
