// Tests market data at scale on PGlite and PostgreSQL: monthly quote partitions (rows move out of the
// default, retention drops whole months), bounded rejection storage, and idempotent bar history writes.
import { type Bar, Price, type Quote, type Ticker } from '@ats/core';
import { describe, expect, it } from 'vitest';
import { createRepositories } from '../create-repositories.js';
import { openTestDatabase, testDatabaseKinds } from '../test-database.js';
import { BackfillProgressStore } from './backfill-progress-store.js';
import { BarHistoryWriter } from './bar-history-writer.js';
import { dropQuotesBefore, ensureQuotePartitions, listQuotePartitions } from './quote-partitions.js';
import { MarketDataRejectionStore } from './rejection-store.js';

const spy = 'SPY' as Ticker;
const quoteAt = (iso: string): Quote => ({
  symbol: spy,
  time: Date.parse(iso),
  receivedAt: Date.parse(iso),
  bid: Price.of('168.1'),
  ask: Price.of('168.2'),
  bidSize: 1,
  askSize: 1,
  last: Price.of('168.15'),
  volume: 10,
});
const barAt = (minute: number, close: string): Bar => ({
  symbol: spy,
  timeframe: '1m',
  time: Date.parse('2013-10-07T13:30:00Z') + minute * 60_000,
  open: Price.of('168'),
  high: Price.of('169'),
  low: Price.of('167'),
  close: Price.of(close),
  volume: 100,
});

describe.each(testDatabaseKinds())('market data history on %s', (kind) => {
  it('moves quotes from the default partition into their month and drops months past retention', async () => {
    const test = await openTestDatabase(kind);
    try {
      const { database } = test;
      const quotes = createRepositories(database).marketData;
      await quotes.appendQuotes([quoteAt('2013-09-30T19:00:00Z'), quoteAt('2013-10-07T14:00:00Z')]);
      const created = await ensureQuotePartitions(
        database,
        Date.parse('2013-09-01T00:00:00Z'),
        Date.parse('2013-11-15T00:00:00Z'),
      );
      expect(created).toEqual(['market_quotes_y2013m09', 'market_quotes_y2013m10', 'market_quotes_y2013m11']);
      const inDefault = await database.query('SELECT count(*)::int AS count FROM market_quotes_default');
      expect(Number(inDefault[0]?.count)).toBe(0);
      const october = await database.query('SELECT count(*)::int AS count FROM market_quotes_y2013m10');
      expect(Number(october[0]?.count)).toBe(1);
      // New rows go straight into their month; the table reads as one.
      await quotes.appendQuotes([quoteAt('2013-10-08T14:00:00Z')]);
      expect(await quotes.countQuotes(spy)).toBe(3);
      expect(await dropQuotesBefore(database, Date.parse('2013-10-01T00:00:00Z'))).toEqual([
        'market_quotes_y2013m09',
      ]);
      expect((await listQuotePartitions(database)).map((partition) => partition.name)).toEqual([
        'market_quotes_y2013m10',
        'market_quotes_y2013m11',
      ]);
      expect(await quotes.countQuotes(spy)).toBe(2);
    } finally {
      await test.dispose();
    }
  }, 60_000);

  it('keeps rejected data with its reason, bounded to the newest rows', async () => {
    const test = await openTestDatabase(kind);
    try {
      const store = new MarketDataRejectionStore(test.database, 3);
      for (let index = 0; index < 5; index++) {
        await store.append([
          {
            symbol: 'SPY',
            source: 'replay',
            code: 'QUOTE_OUTLIER',
            reason: `print ${index}`,
            payload: { last: Number.NaN, index },
          },
        ]);
      }
      expect(await store.count()).toBe(3);
      const latest = await store.latest(10, 'SPY');
      expect(latest.map((row) => row.reason)).toEqual(['print 4', 'print 3', 'print 2']);
      expect(latest[0]?.payload).toEqual({ last: 'NaN', index: 4 });
    } finally {
      await test.dispose();
    }
  }, 60_000);

  it('writes history bars by COPY idempotently, with the progress in the same transaction', async () => {
    const test = await openTestDatabase(kind);
    try {
      const writer = new BarHistoryWriter(test.database);
      const progress = new BackfillProgressStore(test.database);
      const key = { provider: 'file', symbol: 'SPY', timeframe: '1m', from: 0, to: 1_000_000 };
      const bars = [barAt(0, '168.5'), barAt(1, '168.6'), barAt(2, '168.7')];
      expect(
        await writer.write(bars, (transaction) =>
          progress.save(transaction, key, { doneUntil: 500, rowsWritten: 3, completed: false }),
        ),
      ).toBe(3);
      expect(await writer.write(bars)).toBe(0);
      expect(await writer.write([barAt(2, '168.8'), barAt(3, '168.9')])).toBe(2);
      const stored = await createRepositories(test.database).marketData.loadBars(
        spy,
        '1m',
        0,
        Number.MAX_SAFE_INTEGER,
      );
      expect(stored.map((bar) => bar.close.toString())).toEqual([
        '168.5000',
        '168.6000',
        '168.8000',
        '168.9000',
      ]);
      expect(await progress.load(key)).toEqual({ doneUntil: 500, rowsWritten: 3, completed: false });
      const staging = await test.database.query('SELECT count(*)::int AS count FROM market_ohlcv_staging');
      expect(Number(staging[0]?.count)).toBe(0);
    } finally {
      await test.dispose();
    }
  }, 60_000);
});
