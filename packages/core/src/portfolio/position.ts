// A net position in one instrument: long or short, average cost, realized and unrealized PnL, flips through zero.
import { InvariantError } from '../errors/ats-error.js';
import type { Ticker } from '../identifiers/identifiers.js';
import type { OrderSide } from '../orders/order-enums.js';
import { checkedRaw, divideRoundHalfEven } from '../values/decimal-scale.js';
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
 * Totals are kept as raw integers of 1/10,000 (checked to stay exact, as Money checks them) and become
 * Money when read: every fill of a backtest applies to several positions, and a Money per step of each
 * was most of the garbage a fill left.
 */
export class Position {
  readonly symbol: Ticker;
  private signed = 0;
  private costRaw = 0;
  private realizedRaw = 0;
  private commissionRaw = 0;

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
    return Money.fromRaw(this.costRaw);
  }
  get realizedPnl(): Money {
    return Money.fromRaw(this.realizedRaw);
  }
  get commissions(): Money {
    return Money.fromRaw(this.commissionRaw);
  }
  /** Realized PnL minus commissions in raw money (1/10,000): no object, for loops that run per bar. */
  get realizedNetOfCommissionsRaw(): number {
    return this.realizedRaw - this.commissionRaw;
  }
  /** Average cost per share of the open quantity, rounded half to even; zero when flat. */
  get averageCost(): Price {
    if (this.signed === 0) return Price.zero;
    return Price.fromRaw(divideRoundHalfEven(this.costRaw, Math.abs(this.signed)));
  }

  /** Signed market value at `mark`: negative for a short. */
  marketValue(mark: Price): Money {
    return Money.fromRaw(mark.raw * this.signed);
  }

  unrealizedPnl(mark: Price): Money {
    if (this.signed === 0) return Money.zero;
    return Money.fromRaw(this.unrealizedPnlRaw(mark.raw));
  }

  /** The same in raw money (1/10,000) for a raw mark: no object, for loops that run per bar. */
  unrealizedPnlRaw(markRaw: number): number {
    if (this.signed === 0) return 0;
    const value = checkedRaw(markRaw * Math.abs(this.signed), 'Money');
    return checkedRaw(this.signed > 0 ? value - this.costRaw : this.costRaw - value, 'Money');
  }

  /** Applies one fill and returns what it realized. */
  apply(side: OrderSide, quantity: Quantity, price: Price, commission: Money): PositionChange {
    if (quantity.isZero()) throw new InvariantError('a fill needs a positive quantity');
    if (!price.isPositive()) throw new InvariantError('a fill needs a positive price', { price: price.raw });
    this.commissionRaw = checkedRaw(this.commissionRaw + commission.raw, 'Money');
    const direction = side === 'BUY' ? 1 : -1;
    const size = quantity.value;
    if (this.signed === 0 || Math.sign(this.signed) === direction) {
      this.signed += direction * size;
      this.costRaw = checkedRaw(this.costRaw + checkedRaw(price.raw * size, 'Money notional'), 'Money');
      return { realized: Money.zero, closedQuantity: 0, openedQuantity: size };
    }
    const open = Math.abs(this.signed);
    const closing = Math.min(size, open);
    const released =
      closing === open
        ? this.costRaw
        : checkedRaw(divideRoundHalfEven(checkedRaw(this.costRaw * closing, 'Money'), open), 'Money');
    const proceeds = checkedRaw(price.raw * closing, 'Money');
    // Closing a long sells at `price`; closing a short buys back at `price`.
    const realized = checkedRaw(this.signed > 0 ? proceeds - released : released - proceeds, 'Money');
    this.realizedRaw = checkedRaw(this.realizedRaw + realized, 'Money');
    this.costRaw = checkedRaw(this.costRaw - released, 'Money');
    this.signed += direction * closing;
    const opening = size - closing;
    if (opening > 0) {
      // The fill went through zero: the rest opens a position the other way at the fill price.
      this.signed = direction * opening;
      this.costRaw = checkedRaw(price.raw * opening, 'Money');
    }
    return { realized: Money.fromRaw(realized), closedQuantity: closing, openedQuantity: opening };
  }
}
