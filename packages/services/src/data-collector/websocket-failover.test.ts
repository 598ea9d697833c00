// The must-show over real wire formats: an Alpaca stream (loopback server, Alpaca's v2 protocol) that goes
// silent mid-session without an error is reconnected by the watchdog within the configured time; it stays
// silent, so the feed fails over to Polygon (its loopback stream), records and announces the switch, and
// backfills the gap from Polygon's minute aggregates: the stored minute bars have no hole.
import { AlpacaMarketDataClient, AlpacaMarketDataTestServer } from '@ats/adapter-alpaca';
import { type LeanTick, loadBundledSpy } from '@ats/adapter-files';
import { PolygonDataClient, PolygonTestServer } from '@ats/adapter-polygon';
import { NyseCalendar } from '@ats/calendar';
import type { PlatformEvent, Ticker } from '@ats/core';
import { BarHistoryWriter, FailoverLog, openTestDatabase } from '@ats/persistence';
import { describe, expect, it } from 'vitest';
import { type FeedEvent, MarketFeed } from './market-feed.js';
import { collectorHarness } from './testing/collector-harness.js';

const spy = 'SPY' as Ticker;
const at = (clock: string) => Date.parse(`2013-10-07T${clock}-04:00`);
const price = (raw: number) => raw / 10_000;
const until = (condition: () => boolean, what: string, limit = 60_000) =>
  new Promise<void>((resolve, reject) => {
    const started = Date.now();
    const timer = setInterval(() => {
      if (condition()) {
        clearInterval(timer);
        resolve();
      } else if (Date.now() - started > limit) {
        clearInterval(timer);
        reject(new Error(`waited ${limit} ms for ${what}`));
      }
    }, 20);
  });

describe('a silent WebSocket provider mid-session', () => {
  it('is reconnected within the configured time, then failed over with the gap backfilled and no missing minute bar', async () => {
    const spyData = loadBundledSpy();
    const quoteBar = (time: number) => spyData.quoteBars.find((bar) => bar.time === time - (time % 60_000));
    const ticksIn = (from: string, to: string) =>
      spyData.ticks.filter((tick) => tick.time >= at(from) && tick.time < at(to));
    const alpacaFrames = (ticks: readonly LeanTick[]) =>
      ticks.flatMap((tick) => {
        const bar = quoteBar(tick.time);
        const t = new Date(tick.time).toISOString();
        return [
          { T: 't', S: 'SPY', i: tick.time, x: 'V', p: price(tick.price), s: tick.size, c: ['@'], z: 'B', t },
          {
            T: 'q',
            S: 'SPY',
            bx: 'V',
            bp: price(bar?.bid.open ?? tick.price),
            bs: 1,
            ax: 'V',
            ap: price(bar?.ask.open ?? tick.price),
            as: 1,
            c: ['R'],
            z: 'B',
            t,
          },
        ];
      });
    const polygonEvents = (ticks: readonly LeanTick[]) =>
      ticks.flatMap((tick) => {
        const bar = quoteBar(tick.time);
        return [
          {
            ev: 'T',
            sym: 'SPY',
            x: 4,
            i: String(tick.time),
            z: 2,
            p: price(tick.price),
            s: tick.size,
            c: [],
            t: tick.time,
          },
          {
            ev: 'Q',
            sym: 'SPY',
            bx: 4,
            bp: price(bar?.bid.open ?? tick.price),
            bs: 1,
            ax: 4,
            ap: price(bar?.ask.open ?? tick.price),
            as: 1,
            z: 2,
            t: tick.time,
          },
        ];
      });
    const alpacaServer = await AlpacaMarketDataTestServer.start({
      keyId: 'key-id',
      secret: 'secret-key',
      limit: { requests: 200, windowMilliseconds: 60_000 },
    });
    const polygonServer = await PolygonTestServer.start({
      apiKey: 'polygon-key',
      limit: { requests: 100, windowMilliseconds: 60_000 },
      aggregates: {
        SPY: spyData.tradeBars.map((bar) => ({
          v: bar.volume,
          o: bar.open.toNumber(),
          c: bar.close.toNumber(),
          h: bar.high.toNumber(),
          l: bar.low.toNumber(),
          t: bar.time,
          n: 1,
        })),
      },
    });
    const test = await openTestDatabase('pglite');
    const alpaca = new AlpacaMarketDataClient({
      credentials: { keyId: 'key-id', secret: 'secret-key' },
      restUrl: alpacaServer.restUrl,
      streamUrl: alpacaServer.streamUrl,
    });
    const polygon = new PolygonDataClient({
      apiKey: 'polygon-key',
      restUrl: polygonServer.restUrl,
      streamUrl: polygonServer.streamUrl,
      rateLimit: { requests: 100, windowMilliseconds: 60_000 },
    });
    try {
      const harness = collectorHarness(test.database, ['SPY']);
      const health: PlatformEvent[] = [];
      harness.bus.subscribe('system.health', (event) => {
        health.push(event);
      });
      const calendar = new NyseCalendar();
      let marketTime = at('09:30:00');
      let lastQuoteWall = 0;
      const events: (FeedEvent & { wall: number })[] = [];
      const writer = new BarHistoryWriter(test.database);
      const failovers = new FailoverLog(test.database);
      const silentAfterMilliseconds = 1_000;
      const feed = new MarketFeed({
        providers: [alpaca, polygon],
        symbols: [spy],
        ingest: (quote) => {
          marketTime = quote.time;
          lastQuoteWall = Date.now();
          harness.engine.ingest(quote);
        },
        bus: harness.bus,
        ids: harness.ids,
        now: () => Date.now(),
        isTrading: () => calendar.phaseAt(marketTime) === 'regular',
        silentAfterMilliseconds,
        checkEveryMilliseconds: 100,
        storeBars: (bars) => writer.write(bars),
        beforeBackfill: async () => {
          harness.engine.closeDueBars(marketTime - (marketTime % 60_000));
          await harness.sink.flush();
        },
        recordFailover: (record) => failovers.record(record),
        onEvent: (event) => events.push({ ...event, wall: Date.now() }),
      });
      await feed.start();
      // Alpaca streams 09:30:00-09:33:20, then sends nothing more (no error, the socket stays open).
      const first = alpacaFrames(ticksIn('09:30:00', '09:33:20'));
      for (let start = 0; start < first.length; start += 400)
        alpacaServer.publish(first.slice(start, start + 400));
      await until(
        () => harness.engine.quotesAccepted + harness.engine.quotesRejected >= first.length / 2,
        'the Alpaca quotes',
      );
      const silentFrom = lastQuoteWall;
      await until(() => events.some((event) => event.kind === 'failover'), 'the failover');
      const reconnected = events.find((event) => event.kind === 'reconnected');
      expect(events.map((event) => event.kind).slice(0, 4)).toEqual([
        'silent',
        'reconnected',
        'silent',
        'failover',
      ]);
      // The watchdog reconnected within the silence limit plus its check interval (and scheduling slack).
      expect((reconnected?.wall ?? Number.POSITIVE_INFINITY) - silentFrom).toBeLessThan(
        silentAfterMilliseconds + 1_500,
      );
      expect(feed.provider.name).toBe(polygon.name);

      // Polygon streams from 09:35; once 09:36 arrives, 09:33-09:35 are backfilled from its aggregates.
      for (const minute of ['09:35', '09:36', '09:37', '09:38', '09:39']) {
        const next = `09:${String(Number(minute.slice(3)) + 1).padStart(2, '0')}`;
        polygonServer.publish(polygonEvents(ticksIn(`${minute}:00`, `${next}:00`)));
      }
      await until(() => events.some((event) => event.kind === 'backfilled'), 'the backfill');
      await until(() => marketTime >= at('09:39:50'), 'the last Polygon quote');
      await feed.settled();
      harness.engine.closeDueBars(Number.MAX_SAFE_INTEGER);
      await feed.stop();
      await harness.sink.flush();

      expect(events.find((event) => event.kind === 'backfilled')).toMatchObject({
        from: at('09:33:00'),
        to: at('09:36:00'),
      });
      expect(await failovers.latest(5)).toMatchObject([{ from: alpaca.name, to: polygon.name }]);
      expect(health).toMatchObject([
        { type: 'HealthReported', service: 'data-collector', status: 'degraded' },
      ]);
      const stored = await harness.repositories.marketData.loadBars(
        spy,
        '1m',
        at('09:30:00'),
        at('09:39:59'),
      );
      expect(stored.map((bar) => bar.time)).toEqual(
        Array.from({ length: 10 }, (_, index) => at('09:30:00') + index * 60_000),
      );
      const missingMinute = stored.find((bar) => bar.time === at('09:34:00'));
      const history = spyData.tradeBars.find((bar) => bar.time === at('09:34:00'));
      expect([missingMinute?.close.toString(), missingMinute?.volume]).toEqual([
        history?.close.toString(),
        history?.volume,
      ]);
      expect(harness.errors).toEqual([]);
    } finally {
      await alpaca.disconnect().catch(() => {});
      await polygon.disconnect().catch(() => {});
      await alpacaServer.close();
      await polygonServer.close();
      await test.dispose();
    }
  }, 240_000);
});
