// The Trade Executor on PostgreSQL and Redis when an approval's order cannot be stored (the database
// unreachable, as when its disk is full or it restarts): nothing is sent, the approval is not
// acknowledged on the orders.approved stream, and it is placed once the order can be stored, by the
// same executor or, after a stop, by the next one from the consumer group's pending entries; an
// approval older than execution.max_approval_age by then is stored as a denied order, not dropped.
// The outage raises one critical alert per approval, not one per retry.
import { randomBytes } from 'node:crypto';
import {
  IdGenerator,
  Money,
  type Order,
  Price,
  type Quote,
  SeededRandom,
  type SignalApproved,
  TestClock,
  type Ticker,
  topics,
} from '@ats/core';
import { approvalOf, ExecutionEngine, PaperExecutionClient } from '@ats/engine';
import {
  OutboxRelay,
  openTestDatabase,
  PostgresDatabase,
  SqlOrderJournal,
  type TestDatabase,
} from '@ats/persistence';
import { RedisMessageBus } from '@ats/redis';
import { eventually } from '@ats/services';
import { Redis } from 'ioredis';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { assertRedisReachable, redisUrl } from './redis-availability.js';
import { TcpOutageProxy } from './support/tcp-outage-proxy.js';

const symbol = 'AAPL' as Ticker;
const group = 'trade-executor';
const fiveMinutes = 5 * 60_000;

const quote: Quote = {
  symbol,
  time: 0,
  receivedAt: 0,
  bid: Price.of('99.99'),
  ask: Price.of('100.01'),
  last: Price.of('100'),
  bidSize: 0,
  askSize: 0,
  volume: 0,
};

function approval(at: number): SignalApproved {
  return approvalOf({ key: randomBytes(6).toString('hex'), accountId: 'paper', symbol, at });
}

class CountingVenue extends PaperExecutionClient {
  submitted = 0;
  override submitOrder(order: Order): void {
    this.submitted++;
    super.submitOrder(order);
  }
}

const closers: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close().catch(() => {});
});

beforeAll(async () => {
  await assertRedisReachable();
});

const postgresUrl = process.env.DATABASE_URL;

describe.runIf(redisUrl && postgresUrl)('executor: an approval whose order cannot be stored', () => {
  let test: TestDatabase;
  let proxy: TcpOutageProxy;
  let keyPrefix: string;
  let redis: Redis;

  /** The schema's database reached through the proxy, which can cut it off. */
  async function proxiedDatabase(): Promise<PostgresDatabase> {
    const url = new URL(postgresUrl as string);
    url.hostname = '127.0.0.1';
    url.port = String(proxy.port);
    const database = await PostgresDatabase.open({
      url: url.toString(),
      schema: test.schema as string,
      maxConnections: 2,
      connectionTimeoutMilliseconds: 2_000,
    });
    closers.push(() => database.close());
    return database;
  }

  async function executor(options: { consumerName: string; clock: TestClock; maxAge?: number }) {
    const bus = new RedisMessageBus({
      url: redisUrl as string,
      keyPrefix,
      blockMilliseconds: 100,
      consumerName: options.consumerName,
      onError: () => {},
    });
    const database = await proxiedDatabase();
    const ids = new IdGenerator(new SeededRandom(Math.floor(Math.random() * 1e9)));
    // The relay runs the journal's transactions, through the proxy that cuts PostgreSQL off.
    const relay = new OutboxRelay({
      database,
      bus,
      source: 'trade-executor',
      onError: () => {},
    });
    const venue = new CountingVenue({
      clock: options.clock,
      ids,
      commission: { kind: 'fixed', perOrder: Money.of('1') },
    });
    venue.onQuote(quote);
    const counts = new Map<string, number>();
    const engine = new ExecutionEngine({
      bus,
      clock: options.clock,
      ids,
      client: venue,
      journal: new SqlOrderJournal({ relay }),
      group,
      onError: () => {},
      fillRetryMilliseconds: 50,
      delay: (milliseconds) => new Promise((resolve) => setTimeout(resolve, milliseconds)),
      metrics: {
        count: (name) => counts.set(name, (counts.get(name) ?? 0) + 1),
        observeLatency() {},
      },
      ...(options.maxAge !== undefined ? { maxApprovalAgeMilliseconds: options.maxAge } : {}),
    });
    engine.start();
    let stopped = false;
    const stop = async () => {
      if (stopped) return;
      stopped = true;
      await engine.stop();
      await relay.stop();
      await bus.close();
    };
    closers.push(stop);
    return { bus, engine, venue, stop, failedWrites: () => counts.get('orders_journal_failed_total') ?? 0 };
  }

  const pending = async () =>
    Number(((await redis.xpending(`${keyPrefix}stream:orders.approved`, group)) as [number])[0]);
  const ordersOf = (assessment: string) =>
    test.database.query<{ status: string; status_reason: string | null }>(
      'SELECT status, status_reason FROM orders WHERE risk_assessment_id = $1',
      [assessment],
    );

  beforeAll(() => {
    expect(process.env.DATABASE_URL).toBeDefined();
  });

  async function prepare() {
    test = await openTestDatabase('postgres');
    closers.push(() => test.dispose());
    const target = new URL(postgresUrl as string);
    proxy = await TcpOutageProxy.start({ host: target.hostname, port: Number(target.port || 5432) });
    closers.push(() => proxy.close());
    keyPrefix = `test:unstored:${randomBytes(6).toString('hex')}:`;
    redis = new Redis(redisUrl as string);
    closers.push(() => redis.quit());
  }

  it('sends nothing and leaves the approval pending on the stream while PostgreSQL is cut off, then places it once PostgreSQL is back, with one alert', async () => {
    await prepare();
    const clock = new TestClock(1_000);
    const { bus, venue, failedWrites } = await executor({
      consumerName: 'executor-1',
      clock,
      maxAge: fiveMinutes,
    });
    proxy.cut();
    const approved = approval(clock.now());
    bus.publish(topics.ordersApproved, approved);
    // Several store attempts failed: the approval is being retried, not dropped or denied.
    await eventually(() => failedWrites() >= 3, 'three failed writes of the order');
    expect(venue.submitted).toBe(0);
    expect(await pending()).toBe(1);
    expect(await ordersOf(approved.assessmentId)).toEqual([]);

    proxy.restore();
    await eventually(async () => (await ordersOf(approved.assessmentId)).length === 1, 'the order stored');
    await eventually(async () => (await pending()) === 0, 'the approval acknowledged');
    expect(venue.submitted).toBe(1);
    await eventually(
      async () => (await ordersOf(approved.assessmentId))[0]?.status === 'FILLED',
      'the order filled at the paper venue',
    );
    // One critical alert for the outage, not one per retry.
    const alerts = await redis.xrange(`${keyPrefix}stream:risk.alerts`, '-', '+');
    const journalAlerts = alerts.filter(([, fields]) =>
      fields.join(' ').includes('EXECUTION_JOURNAL_FAILED'),
    );
    expect(journalAlerts).toHaveLength(1);
  }, 90_000);

  it('leaves the approval pending when the executor stops during the outage; the next executor takes it from the pending entries and, past execution.max_approval_age, stores it denied as stale', async () => {
    await prepare();
    const clock = new TestClock(1_000);
    const first = await executor({ consumerName: 'executor-1', clock, maxAge: fiveMinutes });
    proxy.cut();
    const approved = approval(clock.now());
    first.bus.publish(topics.ordersApproved, approved);
    await eventually(() => first.failedWrites() >= 2, 'two failed writes of the order');
    await first.stop();
    expect(first.venue.submitted).toBe(0);
    expect(await pending()).toBe(1);

    // The outage outlasted the approval's prices: ten minutes of market time later, storage is back.
    clock.advanceTo(1_000 + 2 * fiveMinutes);
    proxy.restore();
    const second = await executor({ consumerName: 'executor-1', clock, maxAge: fiveMinutes });
    await eventually(async () => (await ordersOf(approved.assessmentId)).length === 1, 'the denial stored');
    const [order] = await ordersOf(approved.assessmentId);
    expect(order?.status).toBe('DENIED');
    expect(order?.status_reason).toMatch(/stale/);
    // The denial's event is in the outbox, so the Risk Manager learns it after any crash too.
    const denials = await test.database.query<{ payload: string }>(
      `SELECT payload FROM event_outbox WHERE source = 'trade-executor' AND payload LIKE '%OrderDenied%'`,
    );
    expect(denials.map((row) => JSON.parse(row.payload).reasonCode)).toEqual(['EXECUTION_APPROVAL_STALE']);
    await eventually(async () => (await pending()) === 0, 'the approval acknowledged');
    expect(second.venue.submitted).toBe(0);
  }, 90_000);
});
