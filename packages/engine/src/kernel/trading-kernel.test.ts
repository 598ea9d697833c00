// End-to-end test of the kernel in one process: quotes to bars to signals to orders to fills to portfolio.
import {
  type AccountId,
  type Bar,
  defineEquity,
  IdGenerator,
  Money,
  type OrderFilled,
  type PlatformEvent,
  type RawQuote,
  replayExecutions,
  SeededRandom,
  TestClock,
  type Ticker,
  topics,
  toStrategyId,
} from '@ats/core';
import { describe, expect, it } from 'vitest';
import { InProcessMessageBus } from '../bus/in-process-message-bus.js';
import { PaperExecutionClient } from '../execution/paper-execution-client.js';
import { Strategy } from '../strategy/strategy.js';
import type { StrategyContext } from '../strategy/strategy-context.js';
import { TradingKernel } from './trading-kernel.js';

const symbol = 'AAPL' as Ticker;
const start = Date.UTC(2024, 0, 2, 14, 30);

/** Goes long on the 2nd bar and flat on the 4th: enough to see a round trip. */
class RoundTrip extends Strategy {
  private bars = 0;
  override onBar(bar: Bar, context: StrategyContext): void {
    this.bars++;
    if (this.bars === 2) context.signal(bar.symbol, 'LONG');
    if (this.bars === 4) context.signal(bar.symbol, 'FLAT');
  }
}

function setUp() {
  const clock = new TestClock(start);
  const bus = new InProcessMessageBus();
  const ids = new IdGenerator(new SeededRandom(7));
  const venue = new PaperExecutionClient({
    clock,
    ids,
    commission: { kind: 'per-share', perShare: Money.of('0.005'), minimum: Money.of('1') },
  });
  const kernel = new TradingKernel({
    bus,
    clock,
    ids,
    accountId: 'paper' as AccountId,
    startingCash: Money.of('100000'),
    instruments: [defineEquity({ symbol: 'AAPL', sector: 'Technology' })],
    limits: {
      maxPositionSize: 0.1,
      maxSectorExposure: 0.3,
      dailyLossLimit: Money.of('10000'),
      positionFraction: 0.1,
      allowShort: false,
    },
    strategies: [new RoundTrip(toStrategyId('round-trip'), [symbol])],
    executionClient: venue,
  });
  const events: { topic: string; event: PlatformEvent }[] = [];
  bus.subscribe('*', (event, topic) => {
    events.push({ topic, event });
  });
  kernel.start();
  return { clock, bus, kernel, venue, events };
}

/** The executions, as the trades.executed topic carries them. */
function tradesOf(events: readonly { topic: string; event: PlatformEvent }[]): OrderFilled[] {
  return events
    .filter((entry) => entry.topic === topics.tradesExecuted)
    .map((entry) => entry.event)
    .filter((event): event is OrderFilled => event.type === 'OrderFilled');
}

const quote = (minute: number, last: number, overrides: Partial<RawQuote> = {}): RawQuote => ({
  symbol: 'AAPL',
  time: start + minute * 60_000,
  bid: (last - 0.01).toFixed(2),
  ask: (last + 0.01).toFixed(2),
  bidSize: 500,
  askSize: 500,
  last: last.toFixed(2),
  volume: 100,
  ...overrides,
});

describe('TradingKernel', () => {
  it('trades a round trip and the trades alone reproduce cash and PnL', () => {
    const { clock, kernel, events } = setUp();
    const prices = [100, 101, 102, 103, 104, 105, 106];
    prices.forEach((price, minute) => {
      clock.advanceTo(start + minute * 60_000 + 1);
      kernel.data.ingest(quote(minute, price));
    });
    const fills = tradesOf(events);
    // The 2nd bar (minute 1, close 101) closes when minute 2's first quote arrives; 10% of 100,000 at
    // 101 is 99 shares, filled at the book the venue holds then (minute 1: ask 101.01).
    expect(fills.map((fill) => [fill.side, fill.lastQuantity.value, fill.lastPrice.toString()])).toEqual([
      ['BUY', 99, '101.0100'],
      ['SELL', 99, '102.9900'],
    ]);
    const replay = replayExecutions(
      'paper' as AccountId,
      Money.of('100000'),
      fills.map((fill) => ({
        symbol: fill.symbol,
        side: fill.side,
        quantity: fill.lastQuantity,
        price: fill.lastPrice,
        commission: fill.commission,
      })),
    );
    expect(kernel.portfolio.cash().toString()).toBe(replay.ledger.cash.toString());
    // (102.99 - 101.01) x 99 = 196.02 realized; two $1 minimum commissions.
    expect(kernel.portfolio.ledger.realizedPnl.toString()).toBe('196.0200');
    expect(kernel.portfolio.cash().toString()).toBe('100194.0200');
    expect(kernel.portfolio.netQuantity(symbol)).toBe(0);
  });

  it('discard lets go of every order and execution, and the discarded executor takes no approvals', () => {
    const { clock, bus, kernel, venue, events } = setUp();
    [100, 101, 102, 103, 104, 105].forEach((price, minute) => {
      clock.advanceTo(start + minute * 60_000 + 1);
      kernel.data.ingest(quote(minute, price));
    });
    const fills = tradesOf(events);
    const orderIds = kernel.execution.allOrders().map((order) => order.id);
    expect(fills).toHaveLength(2);
    expect(orderIds).toHaveLength(2);
    expect(venue.book.knows(orderIds[0] as (typeof orderIds)[number])).toBe(true);

    kernel.discard();
    venue.discard();

    expect(kernel.execution.allOrders()).toEqual([]);
    for (const fill of fills) expect(kernel.execution.hasExecution(fill.venue, fill.executionId)).toBe(false);
    for (const orderId of orderIds) expect(venue.book.knows(orderId)).toBe(false);
    expect(venue.book.executionsSince(0)).toEqual([]);
    const approval = events.find((entry) => entry.event.type === 'SignalApproved')?.event;
    expect(approval).toBeDefined();
    expect(() => bus.publish(topics.ordersApproved, approval as PlatformEvent)).toThrow(/takes no approvals/);
  });

  it('rejects malformed quotes with a reason and keeps running', () => {
    const { clock, kernel } = setUp();
    const rejected: string[] = [];
    const data = kernel.data;
    clock.advanceTo(start + 1);
    const bad: RawQuote[] = [
      quote(0, 100, { bid: -1 }),
      quote(0, 100, { ask: Number.NaN }),
      quote(0, 100, { bid: '101', ask: '100' }),
      quote(10, 100),
      quote(0, 100, { symbol: 'ZZZZ' }),
    ];
    for (const raw of bad) {
      const before = data.quotesRejected;
      data.ingest(raw);
      expect(data.quotesRejected).toBe(before + 1);
      rejected.push(raw.symbol);
    }
    data.ingest(quote(0, 100));
    expect(data.quotesAccepted).toBe(1);
    expect(data.quotesRejected).toBe(5);
  });

  it('publishes signals, approvals and fills on the spec topics', () => {
    const { clock, bus, kernel } = setUp();
    const seen = new Set<string>();
    bus.subscribe('*', (_event, topic) => {
      seen.add(topic);
    });
    for (let minute = 0; minute < 4; minute++) {
      clock.advanceTo(start + minute * 60_000 + 1);
      kernel.data.ingest(quote(minute, 100 + minute));
    }
    expect([...seen]).toEqual(
      expect.arrayContaining([
        topics.marketData('AAPL'),
        topics.bars('AAPL'),
        topics.signals('round-trip'),
        topics.ordersApproved,
        topics.orderEvents,
        topics.tradesExecuted,
        topics.portfolioUpdates,
      ]),
    );
  });
});
