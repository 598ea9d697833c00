// A cash account: buys are paid from cash (held back for working buys), no short sales. A buy that
// cannot be paid for is refused at submission, and again at a fill whose price moved, unless the
// account is configured to reduce such a fill to what the cash pays for.
import { Money, type Price, Quantity, type VenueExecution } from '@ats/core';
import { AccountHoldings } from './account-holdings.js';
import type { AccountModel, AccountRefusal, CommissionOf } from './account-model.js';
import type { WorkingOrder } from './working-order.js';

export interface CashAccountOptions {
  readonly startingCash: Money;
  /** At a fill the cash cannot pay for (the price moved): fill what it pays for instead of refusing. */
  readonly reduceAtFill?: boolean;
}

export class CashAccount implements AccountModel {
  readonly kind = 'cash' as const;
  private readonly holdings: AccountHoldings;

  constructor(private readonly options: CashAccountOptions) {
    this.holdings = new AccountHoldings(options.startingCash);
  }

  admit(
    entry: WorkingOrder,
    referencePrice: Price | null,
    commissionOf: CommissionOf,
  ): AccountRefusal | null {
    const leaves = entry.quantity - entry.filled;
    const { symbol } = entry.order;
    if (entry.order.side === 'SELL') {
      const held = this.holdings.freeShares(symbol, entry);
      if (leaves > held)
        return {
          code: 'ORDER_SHORT_SALE_NOT_ALLOWED',
          reason: `selling ${leaves} ${symbol} with ${Math.max(0, held)} held: a cash account cannot sell short`,
        };
      this.holdings.hold(entry, Money.zero, leaves);
      return null;
    }
    // With no price known yet the cost cannot be estimated: the fill is checked instead.
    if (referencePrice === null) return null;
    const cost = costOf(leaves, referencePrice, commissionOf);
    const free = this.holdings.freeCashRaw(entry);
    if (cost.raw > free)
      return {
        code: 'ORDER_INSUFFICIENT_BUYING_POWER',
        reason: `buying ${leaves} ${symbol} at ${referencePrice} costs ${cost} with commission; the cash account has ${Money.fromRaw(Math.max(0, free))} free`,
      };
    this.holdings.hold(entry, cost, 0);
    return null;
  }

  fillable(entry: WorkingOrder, quantity: number, price: Price, commissionOf: CommissionOf): number {
    if (entry.order.side === 'SELL') {
      const held = this.holdings.freeShares(entry.order.symbol, entry);
      if (quantity <= held) return quantity;
      return this.options.reduceAtFill ? Math.max(0, held) : 0;
    }
    const free = this.holdings.freeCashRaw(entry);
    if (costOf(quantity, price, commissionOf).raw <= free) return quantity;
    if (!this.options.reduceAtFill) return 0;
    return affordable(quantity, price, commissionOf, free);
  }

  recordFill(entry: WorkingOrder, quantity: number, price: Price, commission: Money): void {
    this.holdings.recordFill(entry, quantity, price, commission);
  }

  release(entry: WorkingOrder): void {
    this.holdings.release(entry);
  }

  replay(execution: VenueExecution): void {
    const { symbol, side, quantity, price, commission } = execution;
    this.holdings.replay(symbol, side, quantity.value, price, commission);
  }

  mark(): void {}

  buyingPower(): Money {
    return Money.fromRaw(Math.max(0, this.holdings.freeCashRaw()));
  }
}

export function costOf(quantity: number, price: Price, commissionOf: CommissionOf): Money {
  return Money.notional(price, Quantity.of(quantity)).add(commissionOf(quantity, price));
}

/** The largest quantity up to `wanted` whose cost with commission fits in `freeRaw`. */
export function affordable(
  wanted: number,
  price: Price,
  commissionOf: CommissionOf,
  freeRaw: number,
): number {
  let quantity = Math.min(wanted, Math.floor(freeRaw / Math.max(1, price.raw)));
  while (quantity > 0 && costOf(quantity, price, commissionOf).raw > freeRaw) quantity--;
  return Math.max(0, quantity);
}
