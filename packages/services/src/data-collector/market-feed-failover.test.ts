// A stream that goes silent mid-session: the watchdog reconnects within the configured time, then fails
// over to the second provider (recorded, announced on system.health), and the gap's minute bars are
// backfilled from history so no minute between the first and last quote is missing.

import { loadBundledSpy, ReplayDataClient, ticksAsQuotes } from '@ats/adapter-files';
import { NyseCalendar } from '@ats/calendar';
import type { Bar, PlatformEvent, RawQuote, Ticker } from '@ats/core';
import { BarHistoryWriter, FailoverLog, openTestDatabase, testDatabaseKinds } from '@ats/persistence';
import { describe, expect, it } from 'vitest';
import { type FeedEvent, MarketFeed } from './market-feed.js';
import { collectorHarness } from './testing/collector-harness.js';

const spy = 'SPY' as Ticker;
/** Resolves once the condition holds (checked every 50 ms). */
const until = (condition: () => boolean) =>
  new Promise<void>((resolve) => {
    const timer = setInterval(() => {
      if (condition()) {
        clearInterval(timer);
        resolve();
      }
    }, 50);
  });
const at = (clock: string) => Date.parse(`2013-10-07T${clock}-04:00`);

describe.each(testDatabaseKinds())('MarketFeed failover on %s', (kind) => {
  it('reconnects a silent stream, fails over to the next provider, and backfills the gap with no missing minute', async () => {
    const test = await openTestDatabase(kind);
    try {
      const spyData = loadBundledSpy();
      const records = ticksAsQuotes(spy, spyData.ticks, spyData.quoteBars);
      // The primary streams 09:30:00-09:33:20 and then goes silent without an error (still connected).
      const primary = new ReplayDataClient({
        name: 'primary',
        records: records.filter((record) => record.time < at('09:33:20')),
        speed: 300,
      });
      // The second provider streams from 09:35 and has the day's minute bars as history.
      const secondary = new ReplayDataClient({
        name: 'secondary',
        records: records.filter((record) => record.time >= at('09:35:00')),
        speed: 300,
        historyBars: spyData.tradeBars,
      });
      const harness = collectorHarness(test.database, ['SPY']);
      const health: PlatformEvent[] = [];
      harness.bus.subscribe('system.health', (event) => {
        health.push(event);
      });
      const calendar = new NyseCalendar();
      let marketTime = at('09:30:00');
      const events: (FeedEvent & { wall: number })[] = [];
      const writer = new BarHistoryWriter(test.database);
      const failovers = new FailoverLog(test.database);
      let lastPrimaryMessage = 0;
      const feed = new MarketFeed({
        providers: [primary, secondary],
        symbols: [spy],
        ingest: (quote: RawQuote) => {
          marketTime = quote.time;
          if (quote.source === 'replay') lastPrimaryMessage = Date.now();
          harness.engine.ingest(quote);
        },
        bus: harness.bus,
        ids: harness.ids,
        now: () => Date.now(),
        isTrading: () => calendar.phaseAt(marketTime) === 'regular',
        silentAfterMilliseconds: 1_000,
        checkEveryMilliseconds: 100,
        reconnectsBeforeFailover: 1,
        storeBars: (bars: readonly Bar[]) => writer.write(bars),
        beforeBackfill: async () => {
          harness.engine.closeDueBars(marketTime - (marketTime % 60_000));
          await harness.sink.flush();
        },
        recordFailover: (record) => failovers.record(record),
        onEvent: (event) => events.push({ ...event, wall: Date.now() }),
      });
      await feed.start();
      await primary.done;
      const primaryEnded = Date.now();
      const secondaryRecords = records.filter((record) => record.time >= at('09:35:00')).length;
      await until(() => feed.provider === secondary && secondary.delivered === secondaryRecords);
      await feed.settled();
      harness.engine.closeDueBars(Number.MAX_SAFE_INTEGER);
      await feed.stop();
      await harness.sink.flush();

      const kinds = events.map((event) => event.kind);
      expect(kinds.slice(0, 4)).toEqual(['silent', 'reconnected', 'silent', 'failover']);
      const reconnected = events.find((event) => event.kind === 'reconnected');
      // Noticed and reconnected within the silence limit plus a few watchdog ticks of the last message.
      expect(
        (reconnected?.wall ?? Number.POSITIVE_INFINITY) - Math.max(lastPrimaryMessage, primaryEnded - 50),
      ).toBeLessThan(2_500);
      expect(feed.failovers).toBe(1);
      expect(await failovers.latest(5)).toMatchObject([{ from: 'primary', to: 'secondary' }]);
      expect(health).toHaveLength(1);
      expect(health[0]).toMatchObject({
        type: 'HealthReported',
        service: 'data-collector',
        status: 'degraded',
      });
      const backfill = events.find((event) => event.kind === 'backfilled');
      expect(backfill).toMatchObject({ provider: 'secondary', from: at('09:33:00'), to: at('09:36:00') });

      const stored = await harness.repositories.marketData.loadBars(
        spy,
        '1m',
        at('09:30:00'),
        at('09:39:59'),
      );
      const minutes = stored.map((bar) => bar.time);
      expect(minutes).toEqual(Array.from({ length: 10 }, (_, index) => at('09:30:00') + index * 60_000));
      // The gap's minutes hold the provider's history bars (complete), not the partial live ones.
      for (const time of [at('09:33:00'), at('09:34:00'), at('09:35:00')]) {
        const history = spyData.tradeBars.find((bar) => bar.time === time);
        const bar = stored.find((candidate) => candidate.time === time);
        expect(bar?.close.toString()).toBe(history?.close.toString());
        expect(bar?.volume).toBe(history?.volume);
      }
      expect(harness.errors).toEqual([]);
    } finally {
      await test.dispose();
    }
  }, 120_000);
});
