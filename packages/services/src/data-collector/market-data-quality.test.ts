// Tests the quality score per symbol and provider (formula of docs/market-data-quality.md), its
// completeness against the NYSE calendar, its /metrics gauges, and the REST routes for quality and for
// rejected data kept with its reason.
import { NyseCalendar } from '@ats/calendar';
import { defineEquity, IdGenerator, LiveClock, type RawQuote, SeededRandom, type Ticker } from '@ats/core';
import { DataEngine, InProcessMessageBus } from '@ats/engine';
import { createRepositories, MarketDataRejectionStore, openTestDatabase } from '@ats/persistence';
import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { PrometheusMetrics } from '../metrics/prometheus-metrics.js';
import { DataCollectorModule } from './data-collector-module.js';
import { registerQualityMetrics } from './quality-metrics.js';
import { qualityScore } from './quality-score.js';
import { QualityTracker } from './quality-tracker.js';
import { RejectionRecorder } from './rejection-recorder.js';

const at = (clock: string) => Date.parse(`2013-10-07T${clock}-04:00`);

describe('qualityScore', () => {
  it('multiplies validity, completeness and timeliness', () => {
    const perfect = {
      received: 100,
      rejected: 0,
      expectedBars: 10,
      receivedBars: 10,
      silentMilliseconds: 100,
      silentAfterMilliseconds: 5_000,
      trading: true,
    };
    expect(qualityScore(perfect).score).toBe(100);
    expect(qualityScore({ ...perfect, rejected: 10 }).score).toBeCloseTo(90, 10);
    expect(qualityScore({ ...perfect, receivedBars: 8 }).score).toBeCloseTo(80, 10);
    // Silent for 5.5 limits: timeliness 1 - 4.5/9 = 0.5; outside trading hours silence costs nothing.
    expect(qualityScore({ ...perfect, silentMilliseconds: 27_500 }).timeliness).toBeCloseTo(0.5, 10);
    expect(qualityScore({ ...perfect, silentMilliseconds: 27_500, trading: false }).score).toBe(100);
    expect(qualityScore({ ...perfect, silentMilliseconds: null }).timeliness).toBe(0);
  });
});

describe('market data quality in the collector', () => {
  it('scores each symbol and provider, exports it on /metrics, and serves quality and rejections over REST', async () => {
    const test = await openTestDatabase('pglite');
    try {
      let marketNow = at('09:30:00');
      let wall = 1_000_000;
      const tracker = new QualityTracker({
        calendar: new NyseCalendar(),
        now: () => wall,
        marketNow: () => marketNow,
        silentAfterMilliseconds: 5_000,
      });
      const store = new MarketDataRejectionStore(test.database, 1_000);
      const recorder = new RejectionRecorder(store, (error) => {
        throw error;
      });
      const engine = new DataEngine({
        instruments: [defineEquity({ symbol: 'SPY' })],
        clock: new LiveClock(),
        bus: new InProcessMessageBus(),
        ids: new IdGenerator(new SeededRandom(1)),
        validation: { maxClockSkewMilliseconds: 5_000, outlierFraction: 0.2 },
        sink: { quote: () => {}, bar: (bar) => tracker.barClosed(bar) },
        onRejected: (rejection) => {
          tracker.rejected(rejection.raw, rejection.code);
          recorder.record({
            symbol: String(rejection.raw.symbol),
            source: rejection.raw.source ?? null,
            code: rejection.code,
            reason: rejection.reason,
            payload: rejection.raw,
          });
        },
      });
      const send = (time: number, last: string, source = 'alpaca') => {
        const quote: RawQuote = {
          symbol: 'SPY',
          time,
          bid: last,
          ask: last,
          bidSize: 1,
          askSize: 1,
          last,
          volume: 1,
          source,
        };
        marketNow = time;
        tracker.received(quote);
        engine.ingest(quote);
      };
      // Minutes 09:30-09:39 except 09:34 (no data), and one crossed quote refused.
      for (let minute = 0; minute < 10; minute++) {
        if (minute === 4) continue;
        send(at('09:30:00') + minute * 60_000 + 1_000, '168.10');
        send(at('09:30:00') + minute * 60_000 + 2_000, '168.20');
      }
      engine.ingest({
        symbol: 'SPY',
        time: at('09:39:30'),
        bid: '168.3',
        ask: '168.1',
        bidSize: 1,
        askSize: 1,
        last: '168.2',
        volume: 1,
        source: 'alpaca',
      });
      tracker.received({
        symbol: 'SPY',
        time: at('09:39:30'),
        bid: '168.3',
        ask: '168.1',
        bidSize: 1,
        askSize: 1,
        last: '168.2',
        volume: 1,
        source: 'alpaca',
      });
      marketNow = at('09:40:00');
      engine.closeDueBars(marketNow);
      wall += 1_000;
      await recorder.flush();

      const [row] = tracker.report();
      expect(row).toMatchObject({
        symbol: 'SPY',
        provider: 'alpaca',
        received: 19,
        rejected: 1,
        expectedBars: 10,
        receivedBars: 9,
      });
      expect(row?.rejectedBy).toEqual({ QUOTE_CROSSED: 1 });
      expect(row?.score).toBeCloseTo(100 * (18 / 19) * 0.9 * 1, 10);

      const metrics = new PrometheusMetrics('data-collector', false);
      registerQualityMetrics(metrics, tracker);
      const text = await metrics.text();
      expect(text).toMatch(
        /ats_market_data_quality_score\{symbol="SPY",provider="alpaca",service="data-collector"\} 85\.26/,
      );
      expect(text).toContain(
        'ats_market_data_completeness{symbol="SPY",provider="alpaca",service="data-collector"} 0.9',
      );

      const module = new DataCollectorModule({
        data: engine,
        symbols: ['SPY' as Ticker],
        repository: createRepositories(test.database).marketData,
        metrics,
        lastMessageAt: () => wall,
        staleAfterMilliseconds: 5_000,
        now: () => wall,
        quality: () => tracker.report(),
        rejections: (limit, symbol) => store.latest(limit, symbol),
      });
      const app = Fastify();
      await app.register(async (scope) => module.routes(scope));
      const quality = await app.inject({ method: 'GET', url: '/quality' });
      expect(quality.json()[0]).toMatchObject({ symbol: 'SPY', provider: 'alpaca', completeness: 0.9 });
      const rejected = await app.inject({ method: 'GET', url: '/rejections?symbol=SPY&limit=5' });
      expect(rejected.json()).toMatchObject([
        { symbol: 'SPY', source: 'alpaca', code: 'QUOTE_CROSSED', payload: { bid: '168.3', ask: '168.1' } },
      ]);
      expect(rejected.json()[0].reason).toContain('bid 168.3000 is above ask 168.1000');
      await app.close();
    } finally {
      await test.dispose();
    }
  }, 180_000);
});
