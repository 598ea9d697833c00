// Measures what auditing costs the order path: recording a fill (its audit entry built and queued for
// the next group commit) per event, median and p99; and how many records per second the chain writer
// stores (hashing, one transaction per batch). PostgreSQL when DATABASE_URL is set, else PGlite.
import { generateKeyPairSync } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import {
  type AccountId,
  type EventId,
  Money,
  type OrderFilled,
  type OrderId,
  Price,
  Quantity,
  type StrategyId,
  type Ticker,
  type TradeId,
} from '@ats/core';
import { type Database, migrate, PgliteDatabase, PostgresDatabase } from '@ats/persistence';
import { AuditLogWriter, auditEntryOfEvent, signingKeyOf } from '@ats/services';
import {
  type BenchmarkRow,
  type BenchmarkSuite,
  formatDuration,
  formatRate,
  quantile,
} from '../benchmark-row.js';

function fillOf(index: number): OrderFilled {
  return {
    type: 'OrderFilled',
    id: `bench-fill-${index}` as EventId,
    occurredAt: 1_767_225_600_000 + index,
    receivedAt: 1_767_225_600_000 + index,
    causationId: null,
    orderId: `00000000-0000-4000-8000-${String(index).padStart(12, '0')}` as OrderId,
    tradeId: `trade-${index}` as TradeId,
    accountId: 'paper' as AccountId,
    strategyId: 'sma-cross' as StrategyId,
    symbol: 'AAPL' as Ticker,
    side: index % 2 === 0 ? 'BUY' : 'SELL',
    lastQuantity: Quantity.of(10),
    lastPrice: Price.of('190.25'),
    commission: Money.of('1.00'),
    venue: 'PAPER',
    executionId: `exec-${index}`,
    liquidityTaker: true,
  };
}

async function openStore(): Promise<{ database: Database; kind: string; dispose(): Promise<void> }> {
  const url = process.env.DATABASE_URL;
  if (!url) {
    const database = await PgliteDatabase.open();
    await migrate(database);
    return { database, kind: 'PGlite', dispose: () => database.close() };
  }
  const schema = `ats_bench_audit_${process.pid}`;
  const admin = await PostgresDatabase.open({ url, maxConnections: 1 });
  await admin.query(`CREATE SCHEMA ${schema}`);
  const database = await PostgresDatabase.open({ url, schema, maxConnections: 4 });
  await migrate(database);
  return {
    database,
    kind: 'PostgreSQL',
    async dispose() {
      await database.close();
      await admin.query(`DROP SCHEMA ${schema} CASCADE`);
      await admin.close();
    },
  };
}

export const auditSuite: BenchmarkSuite = {
  name: 'audit',
  async run(): Promise<readonly BenchmarkRow[]> {
    const store = await openStore();
    try {
      const writer = new AuditLogWriter({
        database: store.database,
        signingKey: signingKeyOf(generateKeyPairSync('ed25519').privateKey),
      });
      const samples: number[] = [];
      const bursts = 200;
      const perBurst = 250;
      let index = 0;
      const started = performance.now();
      for (let burst = 0; burst < bursts; burst++) {
        // A burst of fills as the bus delivers them, then the event loop turns and the writer commits.
        for (let count = 0; count < perBurst; count++) {
          const event = fillOf(index++);
          const begin = performance.now();
          const entry = auditEntryOfEvent(event, 'bus');
          if (entry) void writer.recordDurably(entry);
          samples.push(performance.now() - begin);
        }
        await new Promise((resolve) => setImmediate(resolve));
      }
      await writer.flush();
      const elapsed = performance.now() - started;
      await writer.close();
      const sorted = samples.slice(bursts * perBurst * 0.1).sort((left, right) => left - right);
      const p99 = quantile(sorted, 0.99);
      return [
        {
          component: 'Audit',
          metric: 'cost of auditing a fill on the order path',
          target: '< 20 µs p99',
          measured: `median ${formatDuration(quantile(sorted, 0.5))}, p99 ${formatDuration(p99)}`,
          ratio: 0.02 / p99,
        },
        {
          component: 'Audit',
          metric: `records chained and stored (${store.kind}, group commit)`,
          target: '',
          measured: formatRate((bursts * perBurst * 1000) / elapsed),
          ratio: Number.NaN,
        },
      ];
    } finally {
      await store.dispose();
    }
  },
};
