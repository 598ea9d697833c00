// Golden fills of the simulated venue, worked out by hand: market, limit and stop, gaps, partial fills.
import {
  type AccountId,
  type Bar,
  type EventId,
  IdGenerator,
  Money,
  Order,
  type OrderEvent,
  type OrderId,
  type OrderType,
  Price,
  Quantity,
  SeededRandom,
  type StrategyId,
  TestClock,
  type Ticker,
} from '@ats/core';
import { describe, expect, it } from 'vitest';
import type { FillRules } from './fill-rules.js';
import { SimulatedBarVenue } from './simulated-bar-venue.js';

const symbol = 'ORCL' as Ticker;
const day = 86_400_000;
const bar = (
  index: number,
  open: string,
  high: string,
  low: string,
  close: string,
  volume = 1_000_000,
): Bar => ({
  symbol,
  timeframe: '1d',
  time: index * day,
  open: Price.of(open),
  high: Price.of(high),
  low: Price.of(low),
  close: Price.of(close),
  volume,
});

let sequence = 0;
function order(
  side: 'BUY' | 'SELL',
  quantity: number,
  type: OrderType = 'MARKET',
  prices: { limit?: string; stop?: string } = {},
  at = 0,
): Order {
  sequence++;
  return new Order({
    type: 'OrderInitialized',
    id: `init-${sequence}` as EventId,
    occurredAt: at,
    receivedAt: at,
    causationId: null,
    orderId: `order-${sequence}` as OrderId,
    accountId: 'a' as AccountId,
    strategyId: 's' as StrategyId,
    symbol,
    side,
    orderType: type,
    quantity: Quantity.of(quantity),
    limitPrice: prices.limit ? Price.of(prices.limit) : null,
    stopPrice: prices.stop ? Price.of(prices.stop) : null,
    timeInForce: 'DAY',
    signalId: null,
    riskAssessmentId: null,
    expiresAt: null,
  });
}

function setUp(rules: Partial<FillRules> = {}) {
  const clock = new TestClock(0);
  const venue = new SimulatedBarVenue(clock, new IdGenerator(new SeededRandom(1)), {
    marketFill: 'next-open',
    slippage: { kind: 'none' },
    commission: { kind: 'basis-points', basisPoints: 10 },
    ...rules,
  });
  const events: OrderEvent[] = [];
  venue.onEvent((event) => events.push(event));
  const fills = () =>
    events.flatMap((event) =>
      event.type === 'OrderFilled'
        ? [[event.lastQuantity.value, event.lastPrice.toString(), event.commission.toString()]]
        : [],
    );
  const step = (next: Bar) => {
    clock.advanceTo(next.time);
    venue.onBar(next);
  };
  return { venue, events, fills, step };
}

describe('SimulatedBarVenue', () => {
  it('fills a market order at the next bar open, never at the bar it was placed on', () => {
    const { venue, fills, step } = setUp();
    step(bar(0, '10', '11', '9', '10.5'));
    venue.submitOrder(order('BUY', 100));
    expect(fills()).toEqual([]);
    step(bar(1, '10.8', '11', '10', '10.2'));
    // 100 × 10.80 = 1,080; 10 bps = 1.08.
    expect(fills()).toEqual([[100, '10.8000', '1.0800']]);
  });

  it('fills at the signal bar close with close timing', () => {
    const { venue, fills, step } = setUp({ marketFill: 'close' });
    step(bar(0, '10', '11', '9', '10.5'));
    venue.submitOrder(order('BUY', 100));
    expect(fills()).toEqual([[100, '10.5000', '1.0500']]);
  });

  it('fills a buy limit at the open when the bar gaps below it, at the limit when the low touches it', () => {
    const { venue, fills, step } = setUp();
    step(bar(0, '10', '10', '10', '10'));
    venue.submitOrder(order('BUY', 10, 'LIMIT', { limit: '9.50' }));
    venue.submitOrder(order('BUY', 20, 'LIMIT', { limit: '9.20' }));
    step(bar(1, '9.40', '9.60', '9.10', '9.50'));
    // The first: open 9.40 is below its 9.50 limit -> 9.40. The second: the low 9.10 reaches 9.20 -> 9.20.
    expect(fills()).toEqual([
      [10, '9.4000', '0.0940'],
      [20, '9.2000', '0.1840'],
    ]);
  });

  it('fills a sell stop at the open when the bar gaps through it, at the stop when the low touches it', () => {
    const { venue, fills, step, events } = setUp();
    step(bar(0, '10', '10', '10', '10'));
    venue.submitOrder(order('SELL', 100, 'STOP', { stop: '9.00' }));
    venue.submitOrder(order('SELL', 50, 'STOP', { stop: '8.00' }));
    // Gap: opens at 8.50, below the 9.00 stop -> filled at 8.50 (not 9.00); the 8.00 stop is not reached.
    step(bar(1, '8.50', '8.70', '8.10', '8.60'));
    expect(fills()).toEqual([[100, '8.5000', '0.8500']]);
    step(bar(2, '8.40', '8.50', '7.90', '8.00'));
    expect(fills()).toEqual([
      [100, '8.5000', '0.8500'],
      [50, '8.0000', '0.4000'],
    ]);
    expect(events.filter((event) => event.type === 'OrderTriggered')).toHaveLength(2);
  });

  it('caps a fill at a share of the bar volume and expires the rest of a DAY order', () => {
    const { venue, fills, step, events } = setUp({ volumeParticipation: 0.1 });
    step(bar(0, '10', '10', '10', '10'));
    venue.submitOrder(order('BUY', 500));
    // 10% of 2,000 shares = 200 fill; the DAY order's other 300 expire with the day.
    step(bar(1, '10', '10', '10', '10', 2_000));
    expect(fills()).toEqual([[200, '10.0000', '2.0000']]);
    expect(events.map((event) => event.type)).toEqual(['OrderAccepted', 'OrderFilled', 'OrderExpired']);
  });

  it('moves the price against the order by the slippage', () => {
    const { venue, fills, step } = setUp({
      slippage: { kind: 'fixed-basis-points', basisPoints: 5 },
      commission: { kind: 'fixed', perOrder: Money.of('1') },
    });
    step(bar(0, '10', '10', '10', '10'));
    venue.submitOrder(order('BUY', 100));
    venue.submitOrder(order('SELL', 100));
    step(bar(1, '20', '20', '20', '20'));
    // 20 × 1.0005 = 20.01 for the buy, 20 × 0.9995 = 19.99 for the sell; $1 a fill.
    expect(fills()).toEqual([
      [100, '20.0100', '1.0000'],
      [100, '19.9900', '1.0000'],
    ]);
  });
});
