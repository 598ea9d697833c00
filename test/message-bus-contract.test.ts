// One contract for both bus transports: in-process always, Redis when REDIS_URL is set.
import { randomBytes } from 'node:crypto';
import {
  type AccountId,
  type EventId,
  type MessageBus,
  Money,
  type OrderFilled,
  type OrderId,
  type PlatformEvent,
  Price,
  Quantity,
  type StrategyId,
  type Ticker,
  type TradeId,
  topics,
} from '@ats/core';
import { InProcessMessageBus } from '@ats/engine';
import { RedisMessageBus } from '@ats/redis';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { assertRedisReachable, redisUrl } from './redis-availability.js';

interface Transport {
  readonly name: string;
  /** Durable transports keep messages for a stopped consumer group. */
  readonly durable: boolean;
  /** A bus; buses made with the same `shared` key see each other's messages. */
  make(shared: string): MessageBus;
}

const transports: Transport[] = [
  {
    name: 'in-process',
    durable: false,
    make: (() => {
      const buses = new Map<string, InProcessMessageBus>();
      return (shared: string) => {
        let bus = buses.get(shared);
        if (!bus) {
          bus = new InProcessMessageBus();
          buses.set(shared, bus);
        }
        return bus;
      };
    })(),
  },
];
if (redisUrl) {
  transports.push({
    name: 'redis',
    durable: true,
    make: (shared) =>
      new RedisMessageBus({
        url: redisUrl as string,
        keyPrefix: `test:${shared}:`,
        blockMilliseconds: 100,
        claimIdleMilliseconds: 200,
      }),
  });
} else {
  console.warn('message bus contract: REDIS_URL is not set, the Redis transport is skipped');
}

let sequence = 0;
function fill(price = '10.1234'): OrderFilled {
  sequence++;
  return {
    type: 'OrderFilled',
    id: `fill-event-${sequence}-${randomBytes(4).toString('hex')}` as EventId,
    occurredAt: 1_700_000_000_000 + sequence,
    receivedAt: 1_700_000_000_001 + sequence,
    causationId: 'cause',
    orderId: 'order' as OrderId,
    tradeId: `trade-${sequence}` as TradeId,
    accountId: 'acct' as AccountId,
    strategyId: 'alpha' as StrategyId,
    symbol: 'AAPL' as Ticker,
    side: 'BUY',
    lastQuantity: Quantity.of(100),
    lastPrice: Price.of(price),
    commission: Money.of('1.0050'),
    venue: 'PAPER',
    executionId: 'execution-1',
    liquidityTaker: true,
  };
}

async function eventually(condition: () => boolean, timeout = 5_000): Promise<void> {
  const deadline = Date.now() + timeout;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

const open: MessageBus[] = [];
afterEach(async () => {
  for (const bus of open.splice(0)) await bus.close();
});

beforeAll(async () => {
  await assertRedisReachable();
});

describe.each(transports)('message bus contract: $name', (transport) => {
  const bus = (shared: string) => {
    const made = transport.make(shared);
    open.push(made);
    return made;
  };
  const key = () => randomBytes(6).toString('hex');

  it('delivers a durable event to exact and pattern subscribers, values intact, in order', async () => {
    const shared = key();
    const producer = bus(shared);
    const consumer = bus(shared);
    const exact: PlatformEvent[] = [];
    const family: string[] = [];
    consumer.subscribe(topics.tradesExecuted, (event) => {
      exact.push(event);
    });
    consumer.subscribe(topics.allSignals, (_event, topic) => {
      family.push(topic);
    });
    await consumer.flush();
    const sent = [fill('1.0001'), fill('2.0002'), fill('3.0003')];
    for (const event of sent) producer.publish(topics.tradesExecuted, event);
    await producer.flush();
    await eventually(() => exact.length === 3);
    expect(exact.map((event) => event.id)).toEqual(sent.map((event) => event.id));
    const first = exact[0] as OrderFilled;
    expect(first.lastPrice.toString()).toBe('1.0001');
    expect(first.commission.toString()).toBe('1.0050');
    expect(first.lastQuantity.value).toBe(100);
    expect(family).toEqual([]);
  });

  it('gives every group every durable message once', async () => {
    const shared = key();
    const producer = bus(shared);
    const risk: string[] = [];
    const portfolio: string[] = [];
    bus(shared).subscribe(topics.tradesExecuted, (event) => void risk.push(event.id), {
      group: `risk-${shared}`,
    });
    bus(shared).subscribe(topics.tradesExecuted, (event) => void portfolio.push(event.id), {
      group: `portfolio-${shared}`,
    });
    for (const other of open) await other.flush();
    const event = fill();
    producer.publish(topics.tradesExecuted, event);
    await producer.flush();
    await eventually(() => risk.length === 1 && portfolio.length === 1);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(risk).toEqual([event.id]);
    expect(portfolio).toEqual([event.id]);
  });

  it('delivers lossy market data by pattern and stops after unsubscribe', async () => {
    const shared = key();
    const producer = bus(shared);
    const consumer = bus(shared);
    const seen: string[] = [];
    const subscription = consumer.subscribe(topics.allMarketData, (_event, topic) => void seen.push(topic));
    await consumer.flush();
    const health: PlatformEvent = {
      type: 'HealthReported',
      id: 'h1' as EventId,
      occurredAt: 0,
      receivedAt: 0,
      causationId: null,
      service: 'test',
      status: 'up',
      detail: '',
    };
    producer.publish(topics.marketData('AAPL'), health);
    producer.publish(topics.bars('AAPL'), health);
    await producer.flush();
    await eventually(() => seen.length === 1);
    expect(seen).toEqual(['market_data.AAPL']);
    await subscription.unsubscribe();
    producer.publish(topics.marketData('MSFT'), health);
    await producer.flush();
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(seen).toEqual(['market_data.AAPL']);
  });

  it.runIf(transport.durable)(
    'keeps messages for a stopped consumer group and delivers them after its restart',
    async () => {
      const shared = key();
      const group = `executor-${shared}`;
      const producer = bus(shared);
      const first = bus(shared);
      const received: string[] = [];
      const subscription = first.subscribe(topics.ordersApproved, (event) => void received.push(event.id), {
        group,
      });
      await first.flush();
      const before = fill();
      producer.publish(topics.ordersApproved, before);
      await producer.flush();
      await eventually(() => received.length === 1);
      await subscription.unsubscribe();
      // The consumer is down: these must wait in the stream.
      const whileDown = [fill(), fill()];
      for (const event of whileDown) producer.publish(topics.ordersApproved, event);
      await producer.flush();
      const restarted = bus(shared);
      restarted.subscribe(topics.ordersApproved, (event) => void received.push(event.id), { group });
      await eventually(() => received.length === 3);
      expect(received).toEqual([before.id, ...whileDown.map((event) => event.id)]);
    },
  );

  it.runIf(transport.durable)('does not run a handler twice for a redelivered event id', async () => {
    const shared = key();
    const producer = bus(shared);
    const handled: string[] = [];
    bus(shared).subscribe(topics.tradesExecuted, (event) => void handled.push(event.id), {
      group: `once-${shared}`,
    });
    for (const other of open) await other.flush();
    const event = fill();
    producer.publish(topics.tradesExecuted, event);
    producer.publish(topics.tradesExecuted, event);
    await producer.flush();
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(handled).toEqual([event.id]);
  });
});
