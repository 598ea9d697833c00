// Measures end-to-end ingestion latency, socket to published: a quote frame leaves a loopback Alpaca
// stream server, the Alpaca market data client parses it, the data engine validates, aggregates and
// publishes it, and a bus subscriber takes the time. Median and p99 over 20,000 quotes.
import { performance } from 'node:perf_hooks';
import { AlpacaMarketDataClient, AlpacaMarketDataTestServer } from '@ats/adapter-alpaca';
import { defineEquity, IdGenerator, LiveClock, SeededRandom, type Ticker } from '@ats/core';
import { DataEngine, InProcessMessageBus } from '@ats/engine';
import { type BenchmarkRow, type BenchmarkSuite, formatDuration, quantile } from '../benchmark-row.js';

const count = 20_000;

export const marketDataIngestionLatencySuite: BenchmarkSuite = {
  name: 'market-data-ingestion-latency',
  async run(): Promise<readonly BenchmarkRow[]> {
    const server = await AlpacaMarketDataTestServer.start({
      keyId: 'k',
      secret: 's',
      limit: { requests: 100, windowMilliseconds: 60_000 },
    });
    const client = new AlpacaMarketDataClient({
      credentials: { keyId: 'k', secret: 's' },
      restUrl: server.restUrl,
      streamUrl: server.streamUrl,
    });
    const bus = new InProcessMessageBus();
    const engine = new DataEngine({
      instruments: [defineEquity({ symbol: 'SPY' })],
      clock: new LiveClock(),
      bus,
      ids: new IdGenerator(new SeededRandom(5)),
      validation: { maxClockSkewMilliseconds: 5_000, outlierFraction: 0.2 },
    });
    const sentAt = new Map<number, number>();
    const latencies: number[] = [];
    bus.subscribe('market_data.*', (event) => {
      if (event.type !== 'QuoteReceived') return;
      const sent = sentAt.get(event.quote.time);
      if (sent !== undefined) latencies.push(performance.now() - sent);
    });
    await client.connect(['SPY' as Ticker], { onQuote: (quote) => engine.ingest(quote) });
    const start = Date.parse('2024-01-02T14:30:00Z');
    try {
      // One frame per quote, paced in small groups so the figure is latency, not queueing behind a burst.
      for (let index = 0; index < count; index++) {
        const time = start + index;
        const bid = 470 + (index % 100) / 100;
        sentAt.set(time, performance.now());
        server.publish([
          {
            T: 'q',
            S: 'SPY',
            bx: 'V',
            bp: bid,
            bs: 1,
            ax: 'V',
            ap: bid + 0.01,
            as: 1,
            c: ['R'],
            z: 'B',
            t: new Date(time).toISOString(),
          },
        ]);
        if (index % 20 === 19) await new Promise((resolve) => setTimeout(resolve, 1));
      }
      const deadline = Date.now() + 30_000;
      while (latencies.length < count && Date.now() < deadline)
        await new Promise((resolve) => setTimeout(resolve, 10));
    } finally {
      await client.disconnect();
      await server.close();
    }
    const sorted = Float64Array.from(latencies).sort();
    const p50 = quantile(sorted, 0.5);
    const p99 = quantile(sorted, 0.99);
    return [
      {
        component: 'Market Data Ingestion',
        metric: `socket to published, ${latencies.length} quotes (median / p99)`,
        target: '< 10 ms (p99 50 ms)',
        measured: `${formatDuration(p50)} / ${formatDuration(p99)}`,
        ratio: 10 / p50,
      },
    ];
  },
};
