// The venue's account model port: what an order may spend (buying power), checked at submission and
// again at each fill. Cash and margin accounts implement it; `unlimitedAccount` checks nothing.
import type { Money, OrderSide, OutcomeCode, Price, Ticker, VenueExecution } from '@ats/core';
import type { WorkingOrder } from './working-order.js';

export type AccountKind = 'cash' | 'margin';

export interface AccountRefusal {
  readonly code: OutcomeCode;
  readonly reason: string;
}

/** The commission the venue would charge for a quantity of an order at a price. */
export type CommissionOf = (quantity: number, price: Price) => Money;

export interface AccountModel {
  readonly kind: AccountKind | 'unlimited';
  /**
   * Checks an order the venue is about to accept and reserves what it may cost; a refusal or null.
   * `referencePrice` is the price the venue expects it to trade at (its limit, its stop, or the touch).
   */
  admit(entry: WorkingOrder, referencePrice: Price | null, commissionOf: CommissionOf): AccountRefusal | null;
  /**
   * How much of `quantity` may fill at `price` now: all of it, none (refused: the price moved), or,
   * when the model is configured to reduce, as much as the account can pay for.
   */
  fillable(entry: WorkingOrder, quantity: number, price: Price, commissionOf: CommissionOf): number;
  recordFill(entry: WorkingOrder, quantity: number, price: Price, commission: Money): void;
  /** The order is closed: what it still held back is free again. */
  release(entry: WorkingOrder): void;
  /** The latest price of a symbol, for position values and margin. */
  mark(symbol: Ticker, price: Price): void;
  /** Buying power left now, as the venue reports it. */
  buyingPower(cash: Money): Money;
  /** Books an execution stored before a restart (the venue's records are being restored). */
  replay?(execution: VenueExecution): void;
  /** Margin accounts: the liquidations a margin call needs now, or null when maintenance is met. */
  marginCall?(): MarginCall | null;
}

/** Equity fell below the maintenance requirement: what the account's policy liquidates. */
export interface MarginCall {
  readonly equity: Money;
  /** The maintenance requirement after the liquidations. */
  readonly requirement: Money;
  readonly liquidations: readonly {
    readonly symbol: Ticker;
    readonly side: OrderSide;
    readonly quantity: number;
  }[];
}

export const unlimitedAccount: AccountModel = {
  kind: 'unlimited',
  admit: () => null,
  fillable: (_entry, quantity) => quantity,
  recordFill: () => {},
  release: () => {},
  mark: () => {},
  buyingPower: (cash) => cash,
};
