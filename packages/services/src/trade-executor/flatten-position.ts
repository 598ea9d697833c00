// Flattening one symbol: cancel the account's working orders on it, then a reduce-only market order
// for the whole position through the Risk Manager and the journal (the manual order desk). Used by the
// operator's flatten routes and by the emergency liquidation.
import { type Order, type OrderId, Quantity, type Ticker } from '@ats/core';
import type { ExecutionEngine, Portfolio } from '@ats/engine';
import type { ManualOrderDesk } from './manual-order-desk.js';

export interface FlattenResult {
  readonly symbol: Ticker;
  readonly status: 'flat' | 'placed' | 'rejected' | 'pending';
  readonly requestId?: string;
  readonly order?: Order;
  readonly orderId?: string;
  readonly reasonCode?: string;
  readonly reason?: string;
  /** The working orders canceled first. */
  readonly canceled: readonly OrderId[];
}

export async function flattenPosition(
  parts: {
    readonly execution: ExecutionEngine;
    readonly portfolio: Portfolio;
    readonly desk: ManualOrderDesk;
  },
  symbol: Ticker,
  requestedBy: string,
): Promise<FlattenResult> {
  const { execution, portfolio, desk } = parts;
  const canceled: OrderId[] = [];
  for (const order of execution.openOrders())
    if (order.symbol === symbol) {
      await execution.cancel(order.id);
      canceled.push(order.id);
    }
  const net = portfolio.netQuantity(symbol);
  if (net === 0) return { symbol, status: 'flat', canceled };
  const outcome = await desk.request(
    {
      symbol,
      side: net > 0 ? 'SELL' : 'BUY',
      quantity: Quantity.of(Math.abs(net)),
      orderType: 'MARKET',
      limitPrice: null,
      stopPrice: null,
      timeInForce: 'DAY',
      reduceOnly: true,
      cancelsFirst: canceled,
    },
    requestedBy,
  );
  if (outcome.status === 'placed')
    return { symbol, status: 'placed', requestId: outcome.requestId, order: outcome.order, canceled };
  if (outcome.status === 'rejected')
    return {
      symbol,
      status: 'rejected',
      requestId: outcome.requestId,
      reasonCode: outcome.reasonCode,
      reason: outcome.reason,
      canceled,
    };
  return { symbol, status: 'pending', requestId: outcome.requestId, orderId: outcome.orderId, canceled };
}
