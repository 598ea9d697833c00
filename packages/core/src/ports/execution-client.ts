// The execution-client port: a broker or venue that takes orders, reports their events, and answers
// the questions reconciliation asks after a restart (open orders, executions, positions, account).
import type { OrderId, Ticker } from '../identifiers/identifiers.js';
import type { Order } from '../orders/order.js';
import type { OrderSide, OrderType, TimeInForce } from '../orders/order-enums.js';
import type { OrderEvent } from '../orders/order-events.js';
import type { Money } from '../values/money.js';
import type { Price } from '../values/price.js';
import type { Quantity } from '../values/quantity.js';

/** An order's state as the venue tells it. */
export type VenueOrderStatus = 'open' | 'partially_filled' | 'filled' | 'canceled' | 'expired' | 'rejected';

export interface VenueOrderReport {
  /** Our order id, sent to the venue as its client order id; null for an order placed elsewhere. */
  readonly orderId: OrderId | null;
  readonly venueOrderId: string;
  readonly symbol: Ticker;
  readonly side: OrderSide;
  readonly orderType: OrderType;
  readonly timeInForce: TimeInForce;
  readonly quantity: Quantity;
  readonly filledQuantity: Quantity;
  readonly limitPrice: Price | null;
  readonly stopPrice: Price | null;
  readonly status: VenueOrderStatus;
  /** Why it was rejected or canceled, when the venue says. */
  readonly reason: string | null;
  readonly updatedAt: number;
  /**
   * The venue holding the order, when one client speaks for several (broker failover, smart routing);
   * else the client's. An order placed outside ATS is adopted under this venue and its venue order id,
   * so the same order seen again after a failover (the active venue changed) is not adopted twice.
   */
  readonly venue?: string;
}

/** One execution as the venue records it. */
export interface VenueExecution {
  /** Unique per venue: a fill is stored once per (venue, execution id). */
  readonly executionId: string;
  readonly orderId: OrderId | null;
  readonly venueOrderId: string;
  readonly symbol: Ticker;
  readonly side: OrderSide;
  readonly quantity: Quantity;
  readonly price: Price;
  readonly commission: Money;
  readonly executedAt: number;
  /** The venue that executed it, when one client speaks for several (smart routing); else the client's. */
  readonly venue?: string;
}

export interface VenuePosition {
  readonly symbol: Ticker;
  /** Signed: positive long, negative short. */
  readonly netQuantity: number;
  readonly averageCost: Price | null;
}

export interface VenueAccount {
  readonly cash: Money;
  /** What the venue lets the account buy now (cash less working buys, or margin). */
  readonly buyingPower: Money;
}

/** New terms for a working order (cancel-replace); absent fields keep their value. */
export interface OrderReplacement {
  readonly quantity?: Quantity;
  readonly limitPrice?: Price;
  readonly stopPrice?: Price;
}

export interface ExecutionClient {
  readonly venue: string;
  /**
   * Sends the order, with `order.id` as the client order id (a venue that already has that id must
   * not create a second order). The venue's answer (accepted, rejected, fills) arrives through
   * `onEvent`. Simulated venues answer synchronously (void), so a backtest stays synchronous.
   */
  submitOrder(order: Order): void | Promise<void>;
  cancelOrder(order: Order): void | Promise<void>;
  /** Cancel-replace: answered by OrderUpdated or OrderModifyRejected through `onEvent`. */
  replaceOrder(order: Order, replacement: OrderReplacement): void | Promise<void>;
  /** Registers the single receiver of the venue's order events. */
  onEvent(handler: (event: OrderEvent) => void): void;
  connect(): Promise<void>;
  disconnect(): Promise<void>;

  /** The venue's view of one of our orders by client order id; null when the venue never saw it. */
  orderReport(orderId: OrderId): Promise<VenueOrderReport | null>;
  /** Every order the venue holds open for the account, ours or not. */
  openOrders(): Promise<VenueOrderReport[]>;
  /** Executions at or after `since` (epoch ms), oldest first. */
  executionsSince(since: number): Promise<VenueExecution[]>;
  positions(): Promise<VenuePosition[]>;
  account(): Promise<VenueAccount>;
}
