// The execution-client port: a broker or venue that takes orders and reports their events.
import type { OrderId } from '../identifiers/identifiers.js';
import type { Order } from '../orders/order.js';
import type { OrderEvent } from '../orders/order-events.js';

export interface ExecutionClient {
  readonly venue: string;
  /**
   * Sends the order; the venue's answer (accepted, rejected, fills) arrives through `onEvent`.
   * Simulated venues answer synchronously (void), so a backtest stays synchronous and deterministic.
   */
  submitOrder(order: Order): void | Promise<void>;
  cancelOrder(orderId: OrderId): void | Promise<void>;
  /** Registers the single receiver of the venue's order events. */
  onEvent(handler: (event: OrderEvent) => void): void;
  connect(): Promise<void>;
  disconnect(): Promise<void>;
}
