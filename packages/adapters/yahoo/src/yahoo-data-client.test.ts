// The Yahoo chart client against a loopback server serving Yahoo's v8 chart JSON.
import { readFileSync } from 'node:fs';
import { adjustBars, type Bar, canonicalSymbol, type HistoryPage, Price } from '@ats/core';
import { afterEach, describe, expect, it } from 'vitest';
import { YahooChartTestServer, type YahooTestRow } from './testing/yahoo-chart-test-server.js';
import { YahooDataClient } from './yahoo-data-client.js';

const nvda = canonicalSymbol('NVDA');
const splitDay = Date.UTC(2007, 8, 11);
const openingBell = (date: string) => Date.parse(`${date}T13:30:00Z`) / 1000;

/**
 * NVDA as traded around its 3:2 split of 2007-09-11, rebuilt from the bundled adjusted file (see
 * corporate-actions.test.ts in persistence), served the way Yahoo serves prices: single-precision
 * values widened to double, e.g. 50.790000915527344.
 */
function tradedRows(): { rows: YahooTestRow[]; published: Map<number, string[]> } {
  const file = new URL('../../../backtest/fixtures/nvda-1999-2014.txt', import.meta.url);
  const published = new Map<number, string[]>();
  const rows: YahooTestRow[] = [];
  for (const line of readFileSync(file, 'utf8').trim().split('\n').slice(1)) {
    const cells = line.split(',');
    const date = cells[0] as string;
    if (date < '2007-08-01' || date > '2007-10-31') continue;
    published.set(Date.parse(`${date}T00:00:00Z`), cells);
    const factor = Date.parse(`${date}T00:00:00Z`) < splitDay ? 1.5 : 1;
    const traded = (index: number) => Math.fround((Price.of(cells[index] as string).raw * factor) / 10_000);
    rows.push({
      timestamp: openingBell(date),
      open: traded(1),
      high: traded(2),
      low: traded(3),
      close: traded(4),
      volume: Math.round(Number(cells[6]) / factor),
    });
  }
  return { rows, published };
}

async function collect<T>(pages: AsyncIterable<HistoryPage<T>>): Promise<{ pages: number; items: T[] }> {
  const items: T[] = [];
  let count = 0;
  for await (const page of pages) {
    count++;
    items.push(...page.items);
  }
  return { pages: count, items };
}

function minuteRows(days: number): YahooTestRow[] {
  const rows: YahooTestRow[] = [];
  for (let day = 0; day < days; day++)
    for (let minute = 0; minute < 3; minute++)
      rows.push({
        timestamp: Date.UTC(2024, 0, 2 + day, 14, 30 + minute) / 1000,
        open: 1.5,
        high: 1.6,
        low: 1.4,
        close: 1.55,
        volume: 10,
      });
  return rows;
}

let server: YahooChartTestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const generous = { requests: 100, windowMilliseconds: 60_000 };
const fastRetry = { baseMilliseconds: 10, maxMilliseconds: 50 };

describe('Yahoo chart history', () => {
  it('reads raw daily bars at 00:00 UTC of the session date, exactly from float-widened prices', async () => {
    const { rows } = tradedRows();
    server = await YahooChartTestServer.start({ symbols: { NVDA: { rows } }, limit: generous });
    const client = new YahooDataClient({ baseUrl: server.url, retry: fastRetry });
    const { items } = await collect(
      client.historyBars({
        symbol: nvda,
        timeframe: '1d',
        from: Date.UTC(2007, 7, 1),
        to: Date.UTC(2007, 10, 1),
      }),
    );
    const before = items.find((bar) => bar.time === Date.UTC(2007, 8, 10));
    expect(rows.find((row) => row.timestamp === openingBell('2007-09-10'))?.close).toBe(50.790000915527344);
    expect(before?.close.toString()).toBe('50.7900');
    expect(server.requests[0]?.query).toMatchObject({
      interval: '1d',
      events: 'div,splits',
      includeAdjustedClose: 'true',
    });
  });

  it('reports the 2007 NVDA split, and adjusting the raw bars by it lands on the published series', async () => {
    const { rows, published } = tradedRows();
    server = await YahooChartTestServer.start({
      symbols: {
        NVDA: { rows, splits: [{ date: openingBell('2007-09-11'), numerator: 3, denominator: 2 }] },
      },
      limit: generous,
    });
    const client = new YahooDataClient({ baseUrl: server.url, retry: fastRetry });
    const range = { from: Date.UTC(2007, 7, 1), to: Date.UTC(2007, 10, 1) };
    const actions = await client.corporateActions(nvda, range.from, range.to);
    expect(actions).toEqual([
      { kind: 'split', symbol: 'NVDA', exDate: splitDay, from: 2, to: 3, source: 'yahoo' },
    ]);
    const { items: raw } = await collect(client.historyBars({ symbol: nvda, timeframe: '1d', ...range }));
    const adjusted = adjustBars(raw, actions, 'split');
    expect(adjusted).toHaveLength(published.size);
    for (const bar of adjusted) {
      const cells = published.get(bar.time) as string[];
      expect(Math.abs(bar.close.raw - Price.of(cells[4] as string).raw)).toBeLessThanOrEqual(1);
      expect(Math.abs(bar.volume - Number(cells[6]))).toBeLessThanOrEqual(1);
    }
    // The raw series is still the one traded: the 09-10 close is 50.79, not 33.86.
    expect(raw.find((bar: Bar) => bar.time === Date.UTC(2007, 8, 10))?.close.toString()).toBe('50.7900');
  });

  it('pages minute bars by the 7 days Yahoo serves per request, skipping null rows, for BRK-B', async () => {
    const rows = [
      ...minuteRows(10),
      {
        timestamp: Date.UTC(2024, 0, 2, 15) / 1000,
        open: null,
        high: null,
        low: null,
        close: null,
        volume: null,
      },
    ];
    server = await YahooChartTestServer.start({
      symbols: { 'BRK-B': { rows: rows.sort((a, b) => a.timestamp - b.timestamp) } },
      limit: generous,
    });
    const client = new YahooDataClient({ baseUrl: server.url, retry: fastRetry });
    const { pages, items } = await collect(
      client.historyBars({
        symbol: canonicalSymbol('BRK.B'),
        timeframe: '1m',
        from: Date.UTC(2024, 0, 2),
        to: Date.UTC(2024, 0, 12),
      }),
    );
    expect(pages).toBe(2);
    expect(items).toHaveLength(30);
    expect(items[0]).toMatchObject({ symbol: 'BRK.B', time: Date.UTC(2024, 0, 2, 14, 30) });
    expect(server.requests.map((request) => request.path)).toEqual([
      '/v8/finance/chart/BRK-B',
      '/v8/finance/chart/BRK-B',
    ]);
  });

  it('keeps every window at or under its limit when asked for more requests than it allows', async () => {
    const limit = { requests: 2, windowMilliseconds: 1_000 };
    server = await YahooChartTestServer.start({ symbols: { SPY: { rows: minuteRows(35) } }, limit });
    const client = new YahooDataClient({ baseUrl: server.url, rateLimit: limit, retry: fastRetry });
    const { pages, items } = await collect(
      client.historyBars({
        symbol: canonicalSymbol('SPY'),
        timeframe: '1m',
        from: Date.UTC(2024, 0, 2),
        to: Date.UTC(2024, 1, 6),
      }),
    );
    expect(pages).toBe(5);
    expect(items).toHaveLength(105);
    expect(server.requests.every((request) => request.status === 200)).toBe(true);
    const times = server.requests.map((request) => request.time);
    for (const time of times)
      expect(times.filter((other) => other >= time && other < time + 1_000).length).toBeLessThanOrEqual(2);
  });

  it('honours its 429 "Too Many Requests" by pausing a window, and names an unknown symbol without retrying', async () => {
    server = await YahooChartTestServer.start({
      symbols: { SPY: { rows: minuteRows(14) } },
      limit: { requests: 1, windowMilliseconds: 1_000 },
    });
    const client = new YahooDataClient({
      baseUrl: server.url,
      rateLimit: { requests: 10, windowMilliseconds: 1_000 },
      retry: fastRetry,
    });
    const { items } = await collect(
      client.historyBars({
        symbol: canonicalSymbol('SPY'),
        timeframe: '1m',
        from: Date.UTC(2024, 0, 2),
        to: Date.UTC(2024, 0, 16),
      }),
    );
    expect(items).toHaveLength(42);
    const statuses = server.requests.map((request) => request.status);
    expect(statuses).toEqual([200, 429, 200]);
    expect((server.requests[2]?.time ?? 0) - (server.requests[1]?.time ?? 0)).toBeGreaterThanOrEqual(995);

    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const before = server.requests.length;
    await expect(
      collect(
        client.historyBars({
          symbol: canonicalSymbol('ZZZZ'),
          timeframe: '1d',
          from: Date.UTC(2024, 0, 2),
          to: Date.UTC(2024, 0, 3),
        }),
      ),
    ).rejects.toThrow('yahoo: HTTP 404: Not Found: No data found, symbol may be delisted');
    expect(server.requests.length - before).toBe(1);
  });

  it('refuses to stream, since Yahoo has no stream', async () => {
    const client = new YahooDataClient();
    expect(client.capabilities.streams).toEqual({ quotes: false, trades: false, bars: false });
    await expect(client.connect()).rejects.toThrow(/no real-time stream/);
  });
});
