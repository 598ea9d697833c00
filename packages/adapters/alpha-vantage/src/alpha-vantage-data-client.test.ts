// The Alpha Vantage client against a loopback server serving its documented JSON and throttle answers.
import { canonicalSymbol, type HistoryPage } from '@ats/core';
import { afterEach, describe, expect, it } from 'vitest';
import { AlphaVantageDataClient, type AlphaVantageDataClientOptions } from './alpha-vantage-data-client.js';
import {
  type AlphaVantageTestRow,
  AlphaVantageTestServer,
  alphaVantageDailyInformation,
} from './testing/alpha-vantage-test-server.js';

const apiKey = 'av-key';
const ibm = canonicalSymbol('IBM');

async function collect<T>(pages: AsyncIterable<HistoryPage<T>>): Promise<{ pages: number; items: T[] }> {
  const items: T[] = [];
  let count = 0;
  for await (const page of pages) {
    count++;
    items.push(...page.items);
  }
  return { pages: count, items };
}

const row = (stamp: string, close: string): AlphaVantageTestRow => ({
  stamp,
  open: '160.7500',
  high: '161.3800',
  low: '159.7400',
  close,
  volume: '4116458',
});

/** Two 5-minute bars on the first trading day of each month from January to June 2024. */
function monthlyIntraday(): AlphaVantageTestRow[] {
  const days = ['2024-01-02', '2024-02-01', '2024-03-01', '2024-04-01', '2024-05-01', '2024-06-03'];
  return days.flatMap((date) => [row(`${date} 09:30:00`, '160.1000'), row(`${date} 09:35:00`, '160.2000')]);
}

let server: AlphaVantageTestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

function clientFor(running: AlphaVantageTestServer, overrides: Partial<AlphaVantageDataClientOptions> = {}) {
  return new AlphaVantageDataClient({
    apiKey,
    baseUrl: running.url,
    rateLimits: [{ requests: 100, windowMilliseconds: 60_000 }],
    retry: { baseMilliseconds: 10, maxMilliseconds: 50 },
    minuteThrottlePauseMilliseconds: 1_000,
    ...overrides,
  });
}

const generousMinute = { requests: 100, windowMilliseconds: 60_000 };

describe('Alpha Vantage time series', () => {
  it('reads daily bars at 00:00 UTC of their date, prices exactly from their text, for BRK-B', async () => {
    server = await AlphaVantageTestServer.start({
      apiKey,
      throttleKey: 'Information',
      perMinute: generousMinute,
      daily: { 'BRK-B': [row('2024-01-04', '158.0100'), row('2024-01-05', '159.1600')] },
    });
    const client = clientFor(server);
    const { items } = await collect(
      client.historyBars({
        symbol: canonicalSymbol('BRK.B'),
        timeframe: '1d',
        from: Date.UTC(2024, 0, 5),
        to: Date.UTC(2024, 0, 6),
      }),
    );
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({ symbol: 'BRK.B', time: Date.UTC(2024, 0, 5), volume: 4_116_458 });
    expect(items[0]?.close.toString()).toBe('159.1600');
    expect(server.requests[0]?.query).toMatchObject({
      function: 'TIME_SERIES_DAILY',
      symbol: 'BRK-B',
      outputsize: 'full',
      apikey: apiKey,
    });
  });

  it('pages intraday bars by month and turns US/Eastern times into UTC across daylight saving', async () => {
    server = await AlphaVantageTestServer.start({
      apiKey,
      throttleKey: 'Information',
      perMinute: generousMinute,
      intraday: { IBM: { '5min': monthlyIntraday() } },
    });
    const client = clientFor(server);
    const { pages, items } = await collect(
      client.historyBars({
        symbol: ibm,
        timeframe: '5m',
        from: Date.UTC(2024, 2, 1),
        to: Date.UTC(2024, 3, 2),
      }),
    );
    expect(pages).toBe(2);
    expect(server.requests.map((request) => request.query.month)).toEqual(['2024-03', '2024-04']);
    // 09:30 New York: 14:30 UTC in March before the change (EST), 13:30 UTC in April (EDT).
    expect(items.map((bar) => bar.time)).toEqual([
      Date.UTC(2024, 2, 1, 14, 30),
      Date.UTC(2024, 2, 1, 14, 35),
      Date.UTC(2024, 3, 1, 13, 30),
      Date.UTC(2024, 3, 1, 13, 35),
    ]);
  });

  it('keeps every window at or under the per-minute limit when asked for more months than it allows', async () => {
    const limit = { requests: 2, windowMilliseconds: 1_000 };
    server = await AlphaVantageTestServer.start({
      apiKey,
      throttleKey: 'Note',
      perMinute: limit,
      intraday: { IBM: { '5min': monthlyIntraday() } },
    });
    const client = clientFor(server, {
      rateLimits: [limit, { requests: 25, windowMilliseconds: 86_400_000 }],
    });
    const { pages, items } = await collect(
      client.historyBars({
        symbol: ibm,
        timeframe: '5m',
        from: Date.UTC(2024, 0, 1),
        to: Date.UTC(2024, 6, 1),
      }),
    );
    expect(pages).toBe(6);
    expect(items).toHaveLength(12);
    expect(server.requests.every((request) => request.outcome === 'data')).toBe(true);
    const times = server.requests.map((request) => request.time);
    for (const time of times)
      expect(times.filter((other) => other >= time && other < time + 1_000).length).toBeLessThanOrEqual(2);
  });

  it('honours the "Note" throttle answer (sent with HTTP 200) as a rate limit: pauses, then asks again', async () => {
    server = await AlphaVantageTestServer.start({
      apiKey,
      throttleKey: 'Note',
      perMinute: { requests: 1, windowMilliseconds: 1_000 },
      intraday: { IBM: { '5min': monthlyIntraday() } },
    });
    const client = clientFor(server, { rateLimits: [{ requests: 10, windowMilliseconds: 1_000 }] });
    const { items } = await collect(
      client.historyBars({
        symbol: ibm,
        timeframe: '5m',
        from: Date.UTC(2024, 0, 1),
        to: Date.UTC(2024, 2, 1),
      }),
    );
    expect(items).toHaveLength(4);
    expect(server.requests.map((request) => request.outcome)).toEqual(['data', 'throttled', 'data']);
    expect((server.requests[2]?.time ?? 0) - (server.requests[1]?.time ?? 0)).toBeGreaterThanOrEqual(995);
  });

  it('honours the per-minute "Information" answer the same way', async () => {
    server = await AlphaVantageTestServer.start({
      apiKey,
      throttleKey: 'Information',
      perMinute: { requests: 1, windowMilliseconds: 1_000 },
      intraday: { IBM: { '5min': monthlyIntraday() } },
    });
    const client = clientFor(server, { rateLimits: [{ requests: 10, windowMilliseconds: 1_000 }] });
    const { items } = await collect(
      client.historyBars({
        symbol: ibm,
        timeframe: '5m',
        from: Date.UTC(2024, 0, 1),
        to: Date.UTC(2024, 2, 1),
      }),
    );
    expect(items).toHaveLength(4);
    expect(server.requests.map((request) => request.outcome)).toEqual(['data', 'throttled', 'data']);
  });

  it('stops at the daily limit with a rate-limit error naming it, without hammering the server', async () => {
    server = await AlphaVantageTestServer.start({
      apiKey,
      throttleKey: 'Information',
      perMinute: generousMinute,
      perDay: 1,
      intraday: { IBM: { '5min': monthlyIntraday() } },
    });
    const client = clientFor(server);
    const failure = await collect(
      client.historyBars({
        symbol: ibm,
        timeframe: '5m',
        from: Date.UTC(2024, 0, 1),
        to: Date.UTC(2024, 2, 1),
      }),
    ).catch((error) => error);
    expect(failure).toMatchObject({
      code: 'RATE_LIMITED',
      message: `alpha-vantage: throttled: ${alphaVantageDailyInformation}`,
    });
    expect(server.requests.map((request) => request.outcome)).toEqual(['data', 'throttled']);
  });

  it('turns "Error Message" into a clear error without retrying', async () => {
    server = await AlphaVantageTestServer.start({
      apiKey,
      throttleKey: 'Information',
      perMinute: generousMinute,
    });
    const client = clientFor(server, { apiKey: 'wrong' });
    await expect(
      collect(client.historyBars({ symbol: ibm, timeframe: '1d', from: 0, to: Date.UTC(2024, 0, 1) })),
    ).rejects.toMatchObject({
      code: 'INVALID_INPUT',
      message: expect.stringContaining('alpha-vantage: the parameter apikey is invalid or missing'),
    });
    expect(server.requests).toHaveLength(1);
  });
});
