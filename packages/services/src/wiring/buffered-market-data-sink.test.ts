// Tests the buffered sink under a burst: one write in flight, batches never above their setting, few
// writes, and every quote stored (real PGlite and, with DATABASE_URL, PostgreSQL).
import { setImmediate as nextTurn } from 'node:timers/promises';
import { type MarketDataRepository, Price, type Quote, type Ticker } from '@ats/core';
import { createRepositories, openTestDatabase, testDatabaseKinds } from '@ats/persistence';
import { describe, expect, it } from 'vitest';
import { BufferedMarketDataSink } from './buffered-market-data-sink.js';

function quoteAt(index: number): Quote {
  const price = Price.fromRaw(1_000_000 + (index % 500));
  return {
    symbol: 'SPY' as Ticker,
    time: Date.parse('2013-10-07T13:30:00Z') + index,
    receivedAt: Date.parse('2013-10-07T13:30:00Z') + index,
    bid: price,
    ask: price,
    bidSize: 1,
    askSize: 1,
    last: price,
    volume: 1,
  };
}

/** Wraps a real repository, counting writes, the largest batch and how many run at once. */
function counting(repository: MarketDataRepository) {
  const stats = { calls: 0, largest: 0, inFlight: 0, maxInFlight: 0 };
  const wrapped: MarketDataRepository = {
    ...repository,
    loadBars: repository.loadBars.bind(repository),
    latestQuotes: repository.latestQuotes.bind(repository),
    countQuotes: repository.countQuotes.bind(repository),
    appendBars: repository.appendBars.bind(repository),
    async appendQuotes(quotes) {
      stats.calls++;
      stats.largest = Math.max(stats.largest, quotes.length);
      stats.inFlight++;
      stats.maxInFlight = Math.max(stats.maxInFlight, stats.inFlight);
      try {
        await repository.appendQuotes(quotes);
      } finally {
        stats.inFlight--;
      }
    },
  };
  return { wrapped, stats };
}

describe.each(testDatabaseKinds())('BufferedMarketDataSink on %s', (kind) => {
  it('under a burst keeps one write in flight, batches at most maxRows, and stores every quote', async () => {
    const test = await openTestDatabase(kind);
    try {
      const repository = createRepositories(test.database).marketData;
      const { wrapped, stats } = counting(repository);
      const errors: unknown[] = [];
      const sink = new BufferedMarketDataSink({
        repository: wrapped,
        maxRows: 5_000,
        maxDelayMilliseconds: 50,
        onError: (error) => errors.push(error),
      });
      const total = 60_000;
      // Bursts of 7,500 quotes, each arriving while the previous batch is being written.
      for (let index = 0; index < total; index++) {
        sink.quote(quoteAt(index));
        if (index % 7_500 === 7_499) await nextTurn();
      }
      await sink.flush();
      expect(errors).toEqual([]);
      expect(stats.maxInFlight).toBe(1);
      expect(stats.largest).toBeLessThanOrEqual(5_000);
      expect(stats.calls).toBe(total / 5_000);
      expect(sink.rowsWritten).toBe(total);
      expect(await repository.countQuotes('SPY' as Ticker)).toBe(total);
    } finally {
      await test.dispose();
    }
  }, 120_000);

  it('keeps a failed batch and writes it on the next flush', async () => {
    const test = await openTestDatabase(kind);
    try {
      const repository = createRepositories(test.database).marketData;
      let failNext = true;
      const flaky: MarketDataRepository = {
        ...repository,
        loadBars: repository.loadBars.bind(repository),
        latestQuotes: repository.latestQuotes.bind(repository),
        countQuotes: repository.countQuotes.bind(repository),
        appendBars: repository.appendBars.bind(repository),
        async appendQuotes(quotes) {
          if (failNext) {
            failNext = false;
            throw new Error('connection lost');
          }
          await repository.appendQuotes(quotes);
        },
      };
      const sink = new BufferedMarketDataSink({
        repository: flaky,
        maxRows: 100,
        maxDelayMilliseconds: 10_000,
        onError: () => {},
      });
      for (let index = 0; index < 250; index++) sink.quote(quoteAt(index));
      await expect(sink.flush()).rejects.toThrow('connection lost');
      await sink.flush();
      expect(await repository.countQuotes('SPY' as Ticker)).toBe(250);
    } finally {
      await test.dispose();
    }
  }, 60_000);
});
