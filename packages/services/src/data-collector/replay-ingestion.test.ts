// The SPY replay through the collector into the database: every recorded quote stored (0 losses), and
// the stored minute bars equal to bars built directly from the same file.
import { readFileSync } from 'node:fs';
import { bundledSpyFiles, loadBundledSpy, ReplayDataClient, ticksAsQuotes } from '@ats/adapter-files';
import type { Bar, Ticker } from '@ats/core';
import { openTestDatabase, testDatabaseKinds } from '@ats/persistence';
import { describe, expect, it } from 'vitest';
import { MarketFeed } from './market-feed.js';
import { collectorHarness } from './testing/collector-harness.js';

const spy = 'SPY' as Ticker;

/** Minute bars straight from the tick file's text: OHLC of the price column, sum of sizes. */
function barsFromTickFile(): {
  time: number;
  open: string;
  high: string;
  low: string;
  close: string;
  volume: number;
}[] {
  const midnight = Date.parse('2013-10-07T04:00:00Z'); // 00:00 EDT
  const byMinute = new Map<number, { time: number; prices: number[]; volume: number }>();
  for (const line of readFileSync(bundledSpyFiles.ticks, 'utf8').trim().split('\n')) {
    const [ms, price, size] = line.split(',').map(Number) as [number, number, number];
    const time = midnight + ms - ((midnight + ms) % 60_000);
    const minute = byMinute.get(time) ?? { time, prices: [], volume: 0 };
    minute.prices.push(price);
    minute.volume += size;
    byMinute.set(time, minute);
  }
  const text = (raw: number) => (raw / 10_000).toFixed(4);
  return [...byMinute.values()].map(({ time, prices, volume }) => ({
    time,
    open: text(prices[0] as number),
    high: text(Math.max(...prices)),
    low: text(Math.min(...prices)),
    close: text(prices[prices.length - 1] as number),
    volume,
  }));
}

const shape = (bar: Bar) => ({
  time: bar.time,
  open: bar.open.toString(),
  high: bar.high.toString(),
  low: bar.low.toString(),
  close: bar.close.toString(),
  volume: bar.volume,
});

describe.each(testDatabaseKinds())('replaying the SPY ticks through the collector on %s', (kind) => {
  it('stores every quote and minute bars equal to those built from the file', async () => {
    const test = await openTestDatabase(kind);
    try {
      const spyData = loadBundledSpy();
      const records = ticksAsQuotes(spy, spyData.ticks, spyData.quoteBars);
      const harness = collectorHarness(test.database, ['SPY']);
      const replay = new ReplayDataClient({ records, speed: Number.POSITIVE_INFINITY });
      const feed = new MarketFeed({
        providers: [replay],
        symbols: [spy],
        ingest: (quote) => harness.engine.ingest(quote),
        bus: harness.bus,
        ids: harness.ids,
        now: () => Date.now(),
        isTrading: () => false,
        silentAfterMilliseconds: 60_000,
      });
      await feed.start();
      await replay.done;
      harness.engine.closeDueBars(Number.MAX_SAFE_INTEGER);
      await feed.stop();
      await harness.sink.flush();
      expect(harness.errors).toEqual([]);
      expect(harness.rejections).toEqual([]);
      expect(replay.delivered).toBe(15_057);
      expect(await harness.repositories.marketData.countQuotes(spy)).toBe(15_057);
      const expected = barsFromTickFile();
      expect(expected).toHaveLength(10);
      const stored = await harness.repositories.marketData.loadBars(spy, '1m', 0, Number.MAX_SAFE_INTEGER);
      expect(stored.map(shape)).toEqual(expected);
    } finally {
      await test.dispose();
    }
  }, 120_000);
});
