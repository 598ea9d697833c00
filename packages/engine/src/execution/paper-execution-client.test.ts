// Tests of the paper venue's fill rules: market, limit, stop, partial fills, IOC, FOK and commissions.
import {
  type AccountId,
  type EventId,
  IdGenerator,
  Money,
  Order,
  type OrderEvent,
  type OrderId,
  type OrderType,
  Price,
  Quantity,
  type Quote,
  SeededRandom,
  type StrategyId,
  TestClock,
  type Ticker,
  type TimeInForce,
} from '@ats/core';
import { describe, expect, it } from 'vitest';
import { PaperExecutionClient } from './paper-execution-client.js';

const symbol = 'AAPL' as Ticker;
let sequence = 0;

function order(
  side: 'BUY' | 'SELL',
  quantity: number,
  type: OrderType = 'MARKET',
  prices: { limit?: string; stop?: string } = {},
  timeInForce: TimeInForce = 'DAY',
): Order {
  sequence++;
  return new Order({
    type: 'OrderInitialized',
    id: `init-${sequence}` as EventId,
    occurredAt: 0,
    receivedAt: 0,
    causationId: null,
    orderId: `order-${sequence}` as OrderId,
    accountId: 'acct' as AccountId,
    strategyId: 's' as StrategyId,
    symbol,
    side,
    orderType: type,
    quantity: Quantity.of(quantity),
    limitPrice: prices.limit ? Price.of(prices.limit) : null,
    stopPrice: prices.stop ? Price.of(prices.stop) : null,
    timeInForce,
    signalId: null,
    riskAssessmentId: null,
    expiresAt: null,
  });
}

function quote(bid: string, ask: string, last: string, sizes = 1000): Quote {
  return {
    symbol,
    time: 0,
    receivedAt: 0,
    bid: Price.of(bid),
    ask: Price.of(ask),
    bidSize: sizes,
    askSize: sizes,
    last: Price.of(last),
    volume: 0,
  };
}

function venue() {
  const client = new PaperExecutionClient({
    clock: new TestClock(0),
    ids: new IdGenerator(new SeededRandom(3)),
    commission: { kind: 'per-share', perShare: Money.of('0.01'), minimum: Money.of('1') },
  });
  const events: OrderEvent[] = [];
  client.onEvent((event) => events.push(event));
  const fills = () =>
    events.flatMap((event) =>
      event.type === 'OrderFilled'
        ? [[event.lastQuantity.value, event.lastPrice.toString(), event.commission.toString()]]
        : [],
    );
  const types = () => events.map((event) => event.type);
  return { client, events, fills, types };
}

describe('PaperExecutionClient', () => {
  it('fills a market buy at the ask and a market sell at the bid', () => {
    const { client, fills } = venue();
    client.onQuote(quote('9.99', '10.01', '10.00'));
    client.submitOrder(order('BUY', 100));
    client.submitOrder(order('SELL', 50));
    expect(fills()).toEqual([
      [100, '10.0100', '1.0000'],
      [50, '9.9900', '1.0000'],
    ]);
  });

  it('fills partially up to the displayed size, the rest on later quotes, the minimum fee once', () => {
    const { client, fills, types } = venue();
    client.onQuote(quote('9.99', '10.01', '10.00', 300));
    client.submitOrder(order('BUY', 500));
    client.onQuote(quote('10.00', '10.02', '10.01', 300));
    expect(fills()).toEqual([
      [300, '10.0100', '3.0000'],
      [200, '10.0200', '2.0000'],
    ]);
    expect(types()).toEqual(['OrderAccepted', 'OrderFilled', 'OrderFilled']);
  });

  it('waits with a limit buy until the ask reaches the limit, then takes the ask', () => {
    const { client, fills } = venue();
    client.onQuote(quote('10.00', '10.02', '10.01'));
    client.submitOrder(order('BUY', 100, 'LIMIT', { limit: '9.95' }));
    expect(fills()).toEqual([]);
    client.onQuote(quote('9.90', '9.93', '9.92'));
    expect(fills()).toEqual([[100, '9.9300', '1.0000']]);
  });

  it('triggers a sell stop when the last trade reaches it', () => {
    const { client, fills, types } = venue();
    client.onQuote(quote('10.00', '10.02', '10.01'));
    client.submitOrder(order('SELL', 100, 'STOP', { stop: '9.50' }));
    client.onQuote(quote('9.60', '9.62', '9.61'));
    expect(fills()).toEqual([]);
    client.onQuote(quote('9.40', '9.42', '9.45'));
    expect(types()).toEqual(['OrderAccepted', 'OrderTriggered', 'OrderFilled']);
    expect(fills()).toEqual([[100, '9.4000', '1.0000']]);
  });

  it('cancels the unfilled rest of an IOC order, and an FOK it cannot fill whole', () => {
    const { client, fills, types } = venue();
    client.onQuote(quote('9.99', '10.01', '10.00', 100));
    client.submitOrder(order('BUY', 300, 'MARKET', {}, 'IOC'));
    expect(fills()).toEqual([[100, '10.0100', '1.0000']]);
    client.submitOrder(order('BUY', 300, 'MARKET', {}, 'FOK'));
    expect(types()).toEqual([
      'OrderAccepted',
      'OrderFilled',
      'OrderCanceled',
      'OrderAccepted',
      'OrderCanceled',
    ]);
  });

  it('cancels a working order on request', () => {
    const { client, types } = venue();
    const working = order('BUY', 100, 'LIMIT', { limit: '1' });
    client.submitOrder(working);
    client.cancelOrder(working);
    client.cancelOrder(working);
    expect(types()).toEqual(['OrderAccepted', 'OrderCanceled']);
  });
});
