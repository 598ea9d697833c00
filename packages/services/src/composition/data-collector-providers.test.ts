// The collector fed by a real provider adapter chosen by name: Alpaca's stream (a loopback server)
// into validation, storage and the bus, on the wall clock.
import { AlpacaMarketDataTestServer } from '@ats/adapter-alpaca';
import { IdGenerator, type Ticker } from '@ats/core';
import { InProcessMessageBus } from '@ats/engine';
import { createRepositories, openTestDatabase, type TestDatabase } from '@ats/persistence';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../config/load-config.js';
import { createLogger } from '../logging/create-logger.js';
import { PrometheusMetrics } from '../metrics/prometheus-metrics.js';
import { simulatedMarketOf } from '../simulated-market/simulated-market-of.js';
import { CryptoRandom } from '../wiring/crypto-random.js';
import { buildDataCollector } from './data-collector-service.js';

let server: AlpacaMarketDataTestServer | undefined;
let test: TestDatabase | undefined;
afterEach(async () => {
  await server?.close();
  await test?.dispose();
});

describe('data collector on data.providers', () => {
  it('streams quotes from the Alpaca adapter into market_quotes when alpaca is the first provider', async () => {
    server = await AlpacaMarketDataTestServer.start({
      keyId: 'key-id',
      secret: 'secret-key',
      limit: { requests: 200, windowMilliseconds: 60_000 },
    });
    const config = loadConfig({
      directory: 'no-config-folder-for-this-test',
      env: { BROKER_API_KEY: 'key-id', BROKER_API_SECRET: 'secret-key' },
      overrides: {
        data: {
          providers: ['alpaca', 'yahoo'],
          alpaca: { rest_url: server.restUrl, stream_url: server.streamUrl },
        },
      },
    });
    test = await openTestDatabase('pglite');
    const repositories = createRepositories(test.database);
    const simulated = await simulatedMarketOf(config, repositories);
    const metrics = new PrometheusMetrics('ats_test');
    const collector = buildDataCollector(
      {
        config,
        logger: createLogger({ level: 'silent', service: 'test' }),
        bus: new InProcessMessageBus(() => {}),
        database: test.database,
        repositories,
        metrics,
        ids: new IdGenerator(new CryptoRandom()),
        clock: simulated.clock,
        onError: (error) => {
          throw error;
        },
      },
      simulated,
    );
    await collector.start();
    try {
      const now = Date.now();
      server.publish([
        { T: 't', S: 'AAPL', i: 1, x: 'V', p: 190.12, s: 100, t: new Date(now - 20).toISOString() },
        {
          T: 'q',
          S: 'AAPL',
          bx: 'V',
          bp: 190.1,
          bs: 2,
          ax: 'V',
          ap: 190.14,
          as: 3,
          t: new Date(now - 10).toISOString(),
        },
      ]);
      await expect
        .poll(() => repositories.marketData.countQuotes('AAPL' as Ticker), { timeout: 5_000 })
        .toBe(1);
      const [stored] = await repositories.marketData.latestQuotes('AAPL' as Ticker, 1);
      expect(stored?.bid.toString()).toBe('190.1000');
      expect(stored?.last.toString()).toBe('190.1200');
      expect(stored?.volume).toBe(100);
      expect(stored?.time).toBe(now - 10);
    } finally {
      await collector.stop();
    }
  });
});
