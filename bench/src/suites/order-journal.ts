// Measures the durable order path on PostgreSQL: orders journaled per second (each written before it
// is sent, with its acceptance and fill and their outbox events), and submit-to-acknowledge latency on
// the paper venue. Needs DATABASE_URL; without it the lines say so.
import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import {
  IdGenerator,
  Money,
  Price,
  type Quote,
  SeededRandom,
  type SignalApproved,
  TestClock,
  type Ticker,
} from '@ats/core';
import { approvalOf, ExecutionEngine, InProcessMessageBus, PaperExecutionClient } from '@ats/engine';
import { migrate, OutboxRelay, PostgresDatabase, SqlOrderJournal } from '@ats/persistence';
import {
  type BenchmarkRow,
  type BenchmarkSuite,
  formatDuration,
  formatRate,
  quantile,
} from '../benchmark-row.js';

const symbol = 'AAPL' as Ticker;
let sequence = 0;

function approval(): SignalApproved {
  sequence++;
  return approvalOf({
    key: `bench-${sequence}`,
    accountId: 'bench',
    strategyId: 'bench',
    symbol,
    side: sequence % 2 === 0 ? 'SELL' : 'BUY',
  });
}

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

async function withSchema<T>(url: string, work: (database: PostgresDatabase) => Promise<T>): Promise<T> {
  const schema = `ats_bench_${randomBytes(5).toString('hex')}`;
  const admin = await PostgresDatabase.open({ url, maxConnections: 1 });
  await admin.query(`CREATE SCHEMA ${schema}`);
  const database = await PostgresDatabase.open({ url, schema, maxConnections: 4 });
  try {
    await migrate(database);
    return await work(database);
  } finally {
    await database.close();
    await admin.query(`DROP SCHEMA ${schema} CASCADE`);
    await admin.close();
  }
}

function pipeline(database: PostgresDatabase) {
  const bus = new InProcessMessageBus();
  const clock = new TestClock(1_000);
  const ids = new IdGenerator(new SeededRandom(5));
  const relay = new OutboxRelay({ database, bus, source: 'bench', onError: () => {} });
  const journal = new SqlOrderJournal({ relay });
  const venue = new PaperExecutionClient({
    clock,
    ids,
    commission: { kind: 'fixed', perOrder: Money.of('1') },
  });
  venue.onQuote(quote);
  const engine = new ExecutionEngine({ bus, clock, ids, client: venue, journal, onError: () => {} });
  return { engine, journal, relay };
}

/** Orders per second: a burst of approvals, each order stored, sent, accepted, filled and stored again. */
async function throughput(database: PostgresDatabase, orders: number): Promise<number> {
  const { engine, journal, relay } = pipeline(database);
  const started = performance.now();
  const placed: Promise<unknown>[] = [];
  for (let index = 0; index < orders; index++) placed.push(Promise.resolve(engine.place(approval())));
  await Promise.all(placed);
  await engine.settled();
  await journal.idle();
  const elapsed = performance.now() - started;
  await relay.stop();
  return (orders / elapsed) * 1000;
}

/** Submit to acknowledge: from the approval to the venue's acceptance being stored, one order at a time. */
async function latencies(database: PostgresDatabase, orders: number): Promise<number[]> {
  const { engine, journal, relay } = pipeline(database);
  const samples: number[] = [];
  for (let index = 0; index < orders; index++) {
    const started = performance.now();
    await engine.place(approval());
    await engine.settled();
    samples.push(performance.now() - started);
  }
  await journal.idle();
  await relay.stop();
  return samples.sort((left, right) => left - right);
}

export const orderJournalSuite: BenchmarkSuite = {
  name: 'order-journal',
  async run(): Promise<readonly BenchmarkRow[]> {
    const url = process.env.DATABASE_URL;
    if (!url)
      return [
        {
          component: 'Order Processing (PostgreSQL journal)',
          metric: 'orders journaled/s',
          target: '100/s (peak 500/s); issue 8: 10,000/s',
          measured: 'not run: set DATABASE_URL',
          ratio: Number.NaN,
        },
      ];
    return withSchema(url, async (database) => {
      await throughput(database, 2_000);
      const runs: number[] = [];
      for (let run = 0; run < 5; run++) runs.push(await throughput(database, 20_000));
      runs.sort((left, right) => left - right);
      const median = quantile(runs, 0.5);
      const samples = await latencies(database, 2_000);
      const p99 = quantile(samples, 0.99);
      return [
        {
          component: 'Order Processing (PostgreSQL journal)',
          metric: 'orders journaled/s, each with its acceptance and fill (5 runs of 20,000)',
          target: '100/s (peak 500/s); issue 8: 10,000/s',
          measured: `median ${formatRate(median)} (range ${formatRate(runs[0] as number)} to ${formatRate(runs[runs.length - 1] as number)})`,
          ratio: median / 10_000,
        },
        {
          component: 'Order Execution (paper venue)',
          metric: 'submit to stored acknowledgement, one order at a time (2,000 orders)',
          target: '< 200 ms (max 1000 ms)',
          measured: `median ${formatDuration(quantile(samples, 0.5))}, p99 ${formatDuration(p99)}`,
          ratio: 200 / p99,
        },
      ];
    });
  },
};
