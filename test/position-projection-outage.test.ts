// The Trade Executor's position projection (portfolio_positions, written behind from portfolio.updates)
// when PostgreSQL cannot be reached: the update is not acknowledged on its stream, and the projection
// is written once PostgreSQL is back, so it ends equal to the portfolio instead of keeping the state
// from before the outage (found by `ats chaos`, full disk).
import { randomBytes } from 'node:crypto';
import {
  type AccountId,
  type EventId,
  Money,
  type PortfolioUpdated,
  Price,
  type Ticker,
  topics,
} from '@ats/core';
import { createRepositories } from '@ats/persistence';
import { RedisMessageBus } from '@ats/redis';
import { eventually, PipelineRecorder } from '@ats/services';
import { Redis } from 'ioredis';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { assertRedisReachable, redisUrl } from './redis-availability.js';
import { proxiedTestDatabase } from './support/tcp-outage-proxy.js';

const group = 'trade-executor-recorder';

function update(sequence: number, quantity: number): PortfolioUpdated {
  const zero = Money.of('0');
  return {
    type: 'PortfolioUpdated',
    id: `portfolio-${randomBytes(4).toString('hex')}-${sequence}` as EventId,
    occurredAt: 1_700_000_000_000 + sequence,
    receivedAt: 1_700_000_000_000 + sequence,
    causationId: null,
    accountId: 'paper' as AccountId,
    cash: Money.of('100000'),
    equity: Money.of('100000'),
    realizedPnl: zero,
    unrealizedPnl: zero,
    commissions: zero,
    positions: [
      {
        symbol: 'AAPL' as Ticker,
        netQuantity: quantity,
        averageCost: Price.of('100'),
        marketPrice: Price.of('100'),
        marketValue: Money.of(String(quantity * 100)),
        unrealizedPnl: zero,
        realizedPnl: zero,
      },
    ],
  };
}

const closers: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close().catch(() => {});
});

beforeAll(async () => {
  await assertRedisReachable();
});

const postgresUrl = process.env.DATABASE_URL;

describe.runIf(redisUrl && postgresUrl)('position projection during a PostgreSQL outage', () => {
  it('leaves the portfolio update pending on its stream while PostgreSQL is cut off and writes the projection once it is back', async () => {
    const { test, proxy, database, close } = await proxiedTestDatabase(postgresUrl as string, {
      maxConnections: 2,
      connectionTimeoutMilliseconds: 2_000,
    });
    closers.push(close);
    const keyPrefix = `test:projection:${randomBytes(6).toString('hex')}:`;
    const bus = new RedisMessageBus({ url: redisUrl as string, keyPrefix, blockMilliseconds: 100 });
    closers.push(() => bus.close());
    const redis = new Redis(redisUrl as string);
    closers.push(() => redis.quit());
    const errors: unknown[] = [];
    const recorder = new PipelineRecorder({
      bus,
      repositories: createRepositories(database),
      record: { positions: true },
      group,
      onError: (error) => errors.push(error),
    });
    recorder.start();
    closers.push(() => recorder.stop());
    const pending = async () =>
      Number(((await redis.xpending(`${keyPrefix}stream:portfolio.updates`, group)) as [number])[0]);
    const projected = async () =>
      (
        await test.database.query<{ quantity: number }>(
          "SELECT quantity FROM portfolio_positions WHERE symbol = 'AAPL'",
        )
      ).map((row) => Number(row.quantity));

    bus.publish(topics.portfolioUpdates, update(1, 10));
    await eventually(async () => (await projected()).join() === '10', 'the first projection');
    await eventually(async () => (await pending()) === 0, 'the first update acknowledged');

    proxy.cut();
    bus.publish(topics.portfolioUpdates, update(2, 30));
    await eventually(() => errors.length >= 2, 'two failed projection writes');
    expect(await pending()).toBe(1);
    expect(await projected()).toEqual([10]);

    proxy.restore();
    await eventually(async () => (await projected()).join() === '30', 'the projection after the outage');
    await eventually(async () => (await pending()) === 0, 'the update acknowledged');
  }, 90_000);
});
