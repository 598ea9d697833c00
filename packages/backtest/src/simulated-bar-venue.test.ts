// The backtest venue's own duties over the engine's fill engine: it feeds bars, quotes and prints and
// answers reconciliation. The fill rules themselves are tested once, in the engine's fill-engine.test.ts.
import {
  type AccountId,
  type Bar,
  type EventId,
  IdGenerator,
  Order,
  type OrderEvent,
  type OrderId,
  Price,
  Quantity,
  SeededRandom,
  type StrategyId,
  TestClock,
  type Ticker,
} from '@ats/core';
import { describe, expect, it } from 'vitest';
import { SimulatedBarVenue } from './simulated-bar-venue.js';

const symbol = 'ORCL' as Ticker;
const day = 86_400_000;
const bar = (index: number, price: string): Bar => ({
  symbol,
  timeframe: '1d',
  time: index * day,
  open: Price.of(price),
  high: Price.of(price),
  low: Price.of(price),
  close: Price.of(price),
  volume: 1_000_000,
});

function buy(quantity: number): Order {
  return new Order({
    type: 'OrderInitialized',
    id: 'init' as EventId,
    occurredAt: 0,
    receivedAt: 0,
    causationId: null,
    orderId: `order-${quantity}` as OrderId,
    accountId: 'a' as AccountId,
    strategyId: 's' as StrategyId,
    symbol,
    side: 'BUY',
    orderType: 'MARKET',
    quantity: Quantity.of(quantity),
    limitPrice: null,
    stopPrice: null,
    timeInForce: 'DAY',
    signalId: null,
    riskAssessmentId: null,
    expiresAt: null,
  });
}

function setUp() {
  const clock = new TestClock(0);
  const venue = new SimulatedBarVenue(clock, new IdGenerator(new SeededRandom(1)), {
    marketFill: 'next-open',
    slippage: { kind: 'none' },
    commission: { kind: 'basis-points', basisPoints: 10 },
  });
  const events: OrderEvent[] = [];
  venue.onEvent((event) => events.push(event));
  return { clock, venue, events };
}

describe('SimulatedBarVenue', () => {
  it('fills on the bar after the order and reports the execution to reconciliation', async () => {
    const { clock, venue, events } = setUp();
    venue.onBar(bar(0, '10'));
    venue.submitOrder(buy(100));
    clock.advanceTo(day);
    venue.onBar(bar(1, '10.80'));
    expect(events.map((event) => event.type)).toEqual(['OrderAccepted', 'OrderFilled']);
    const [execution] = await venue.executionsSince(0);
    expect([execution?.executionId, execution?.venueOrderId, execution?.price.toString()]).toEqual([
      'BACKTEST-E1',
      'BT-1',
      '10.8000',
    ]);
    expect(await venue.positions()).toEqual([{ symbol, netQuantity: 100, averageCost: null }]);
  });

  it('takes quotes as a quote-driven backtest does: a market order fills at the current ask', () => {
    const { venue, events } = setUp();
    venue.onQuote({
      symbol,
      time: 0,
      receivedAt: 0,
      bid: Price.of('9.99'),
      ask: Price.of('10.01'),
      bidSize: 500,
      askSize: 500,
      last: Price.of('10'),
      volume: 0,
    });
    venue.submitOrder(buy(100));
    const fill = events.find((event) => event.type === 'OrderFilled');
    expect(fill?.type === 'OrderFilled' && fill.lastPrice.toString()).toBe('10.0100');
  });
});
