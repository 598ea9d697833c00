// `ats data backfill --provider polygon`: minute bars from a loopback Polygon server into the store,
// within the configured request limit, and a second run adds no duplicate.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PolygonTestServer } from '@ats/adapter-polygon';
import type { Ticker } from '@ats/core';
import { createRepositories, openDatabase } from '@ats/persistence';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../config/load-config.js';
import { databaseOptionsOf } from '../wiring/config-mapping.js';
import { runConfiguredBackfill } from './configured-backfill.js';

const open = Date.parse('2024-01-02T14:30:00Z');
const minute = 60_000;
const minutes = 90;

let server: PolygonTestServer | null = null;
afterEach(async () => {
  await server?.close();
  server = null;
});

describe('backfill from a network provider', () => {
  it('stores every minute bar Polygon serves, stays within its request limit, and a rerun writes nothing new', async () => {
    const aggregates = Array.from({ length: minutes }, (_, index) => {
      const close = 470 + index / 100;
      return {
        v: 1_000 + index,
        o: close - 0.05,
        c: close,
        h: close + 0.1,
        l: close - 0.1,
        t: open + index * minute,
        n: 12,
      };
    });
    server = await PolygonTestServer.start({
      apiKey: 'polygon-key',
      limit: { requests: 5, windowMilliseconds: 60_000 },
      aggregates: { SPY: aggregates },
    });
    const directory = mkdtempSync(join(tmpdir(), 'ats-network-backfill-'));
    const config = loadConfig({
      directory: join(directory, 'no-config-files'),
      env: { POLYGON_API_KEY: 'polygon-key' },
      overrides: {
        database: { data_directory: join(directory, 'pglite') },
        data: { polygon: { rest_url: server.restUrl, requests_per_minute: 5 } },
      },
    });
    const request = {
      provider: 'polygon',
      symbols: ['SPY'],
      from: Date.parse('2024-01-02T00:00:00Z'),
      to: Date.parse('2024-01-03T00:00:00Z'),
      timeframe: '1m' as const,
    };
    const first = await runConfiguredBackfill(config, request);
    expect(first.interrupted).toBe(false);
    expect(first.barsWritten).toBe(minutes);
    const again = await runConfiguredBackfill(config, request);
    expect(again.barsWritten).toBe(0);
    // The server answered every request: none was over the published limit (429).
    expect(server.requests.every((logged) => logged.status === 200)).toBe(true);

    const database = await openDatabase(databaseOptionsOf(config));
    try {
      const bars = await createRepositories(database).marketData.loadBars(
        'SPY' as Ticker,
        '1m',
        request.from,
        request.to,
      );
      expect(bars).toHaveLength(minutes);
      expect(bars[0]?.time).toBe(open);
      expect(bars[minutes - 1]?.close.toString()).toBe('470.8900');
    } finally {
      await database.close();
    }
  }, 60_000);
});
