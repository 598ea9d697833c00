// The orders and quotes the reconciliation tests trade (AAPL on the paper account): one builder for the
// reconciler's and the failover client's tests instead of a copy in each.
import {
  type AccountId,
  type EventId,
  Order,
  type OrderId,
  type OrderType,
  Price,
  Quantity,
  type Quote,
  type StrategyId,
  type Ticker,
} from '@ats/core';

export const testSymbol = 'AAPL' as Ticker;
export const testAccount = 'paper' as AccountId;
let sequence = 0;

/** A new GTC buy of `quantity` AAPL, its ids unique in the process and starting with `idPrefix`. */
export function newTestOrder(type: OrderType, limit: string | null, quantity = 10, idPrefix = ''): Order {
  sequence++;
  return new Order({
    type: 'OrderInitialized',
    id: `${idPrefix}init-${sequence}` as EventId,
    occurredAt: 0,
    receivedAt: 0,
    causationId: null,
    orderId: `${idPrefix}order-${sequence}` as OrderId,
    accountId: testAccount,
    strategyId: 'test' as StrategyId,
    symbol: testSymbol,
    side: 'BUY',
    orderType: type,
    quantity: Quantity.of(quantity),
    limitPrice: limit ? Price.of(limit) : null,
    stopPrice: null,
    timeInForce: 'GTC',
    signalId: null,
    riskAssessmentId: null,
    expiresAt: null,
  });
}

/** An AAPL quote at `ask`, two cents wide. */
export function testQuote(ask: string): Quote {
  return {
    symbol: testSymbol,
    time: 0,
    receivedAt: 0,
    bid: Price.of(ask).subtract(Price.of('0.02')),
    ask: Price.of(ask),
    last: Price.of(ask),
    bidSize: 0,
    askSize: 0,
    volume: 0,
  };
}
