// The order journal port: makes orders and fills durable before the engine acknowledges them.
import type { Money, Order, OrderFilled } from '@ats/core';

/**
 * A journal may answer synchronously (a backtest keeps nothing, or keeps it in memory) or with a
 * promise (a database); the execution engine publishes an order event only after its write resolved.
 */
export interface OrderJournal {
  saveOrder(order: Order): void | Promise<void>;
  /** Stores the fill with the PnL it realized; must be idempotent by trade id. */
  recordFill(fill: OrderFilled, realizedPnl: Money | null): void | Promise<void>;
}

export const noJournal: OrderJournal = {
  saveOrder() {},
  recordFill() {},
};
