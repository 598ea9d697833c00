// The Polygon adapter against a loopback server speaking Polygon's documented REST and stream.
import {
  canonicalSymbol,
  type DataClientStatusEvent,
  type HistoryPage,
  type RawBar,
  type RawQuote,
  type RawTrade,
} from '@ats/core';
import { afterEach, describe, expect, it } from 'vitest';
import { PolygonDataClient, type PolygonDataClientOptions } from './polygon-data-client.js';
import { type PolygonTestRecord, PolygonTestServer } from './testing/polygon-test-server.js';

const apiKey = 'polygon-key';
const aapl = canonicalSymbol('AAPL');
const brk = canonicalSymbol('BRK.B');
const day = { from: Date.UTC(2024, 0, 2), to: Date.UTC(2024, 0, 3) };

function minuteAggregates(count: number): PolygonTestRecord[] {
  return Array.from({ length: count }, (_, index) => ({
    v: 1200 + index,
    vw: 185.6512,
    o: 185.1 + index / 100,
    c: 185.7,
    h: 185.9,
    l: 184.95,
    t: Date.UTC(2024, 0, 2, 14, 30 + index),
    n: 31,
  }));
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

let server: PolygonTestServer | undefined;
let client: PolygonDataClient | undefined;
afterEach(async () => {
  await client?.disconnect();
  await server?.close();
  client = undefined;
  server = undefined;
});

function clientFor(
  running: PolygonTestServer,
  overrides: Partial<PolygonDataClientOptions> = {},
): PolygonDataClient {
  return new PolygonDataClient({
    apiKey,
    restUrl: running.restUrl,
    streamUrl: running.streamUrl,
    rateLimit: { requests: 100, windowMilliseconds: 60_000 },
    retry: { baseMilliseconds: 10, maxMilliseconds: 50 },
    ...overrides,
  });
}

const generous = { requests: 100, windowMilliseconds: 60_000 };

describe('Polygon history', () => {
  it('follows next_url (adding the key back) and parses aggregates exactly from epoch ms', async () => {
    server = await PolygonTestServer.start({
      apiKey,
      limit: generous,
      aggregates: { AAPL: minuteAggregates(7) },
    });
    client = clientFor(server);
    const { pages, items } = await collect(
      client.historyBars({ symbol: aapl, timeframe: '1m', pageSize: 3, ...day }),
    );
    expect(pages).toBe(3);
    expect(items.map((bar) => bar.time)).toEqual(
      Array.from({ length: 7 }, (_, index) => Date.UTC(2024, 0, 2, 14, 30 + index)),
    );
    expect(items[6]?.open.toString()).toBe('185.1600');
    expect(server.requests.map((request) => request.query.cursor ?? null)).toEqual([null, '3', '6']);
    expect(
      server.requests.every(
        (request) => request.query.apiKey === apiKey && request.query.adjusted === 'false',
      ),
    ).toBe(true);
    expect(server.requests[0]?.path).toBe(`/v2/aggs/ticker/AAPL/range/1/minute/${day.from}/${day.to - 1}`);
  });

  it('stamps daily aggregates (midnight New York) at 00:00 UTC of the session and asks for BRK.B', async () => {
    server = await PolygonTestServer.start({
      apiKey,
      limit: generous,
      aggregates: {
        'BRK.B': [
          { v: 3912100, o: 362.5, c: 363.4, h: 364.13, l: 360.89, t: Date.parse('2024-01-02T05:00:00Z') },
        ],
      },
    });
    client = clientFor(server);
    const { items } = await collect(client.historyBars({ symbol: brk, timeframe: '1d', ...day }));
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({ symbol: 'BRK.B', time: Date.UTC(2024, 0, 2), volume: 3_912_100 });
    expect(items[0]?.high.toString()).toBe('364.1300');
  });

  it('reads v3 quotes and trades stamped in epoch nanoseconds', async () => {
    const nanos = (milliseconds: number, extra: number) => `${milliseconds}${String(extra).padStart(6, '0')}`;
    const at = Date.UTC(2024, 0, 2, 14, 30, 0, 250);
    server = await PolygonTestServer.start({
      apiKey,
      limit: generous,
      quotes: {
        AAPL: [
          {
            ask_exchange: 11,
            ask_price: 185.71,
            ask_size: 200,
            bid_exchange: 12,
            bid_price: 185.69,
            bid_size: 300,
            sip_timestamp: nanos(at, 123456),
            sequence_number: 1,
            tape: 3,
          },
        ],
      },
      trades: {
        AAPL: [
          {
            conditions: [12],
            exchange: 4,
            id: '71675577320245',
            price: 185.7,
            size: 100,
            sip_timestamp: nanos(at, 999999),
            sequence_number: 2,
            tape: 3,
          },
        ],
      },
    });
    client = clientFor(server);
    const quotes = await collect(client.historyQuotes({ symbol: aapl, ...day }));
    expect(quotes.items[0]).toMatchObject({ time: at, bidSize: 300, askSize: 200 });
    expect(quotes.items[0]?.last.toString()).toBe('185.7000');
    const trades = await collect(client.historyTrades({ symbol: aapl, ...day }));
    // 250.999999 ms stays in its millisecond: through a float it would become 251.
    expect(trades.items[0]).toMatchObject({ time: at, size: 100 });
    expect(server.requests[0]?.query['timestamp.gte']).toBe(`${day.from}000000`);
  });

  it('keeps every window at or under the published limit when asked for more pages than it allows', async () => {
    const limit = { requests: 3, windowMilliseconds: 1_000 };
    server = await PolygonTestServer.start({ apiKey, limit, aggregates: { AAPL: minuteAggregates(8) } });
    client = clientFor(server, { rateLimit: limit });
    const { items } = await collect(
      client.historyBars({ symbol: aapl, timeframe: '1m', pageSize: 1, ...day }),
    );
    expect(items).toHaveLength(8);
    expect(server.requests.map((request) => request.status)).toEqual(Array(8).fill(200));
    const times = server.requests.map((request) => request.time);
    for (const time of times)
      expect(times.filter((other) => other >= time && other < time + 1_000).length).toBeLessThanOrEqual(3);
  });

  it('honours a 429 (which names no wait) by pausing a whole window before asking again', async () => {
    // The client believes in 10 a second; the server allows 2: its 429 must stop the client.
    server = await PolygonTestServer.start({
      apiKey,
      limit: { requests: 2, windowMilliseconds: 1_000 },
      aggregates: { AAPL: minuteAggregates(4) },
    });
    client = clientFor(server, { rateLimit: { requests: 10, windowMilliseconds: 1_000 } });
    const { items } = await collect(
      client.historyBars({ symbol: aapl, timeframe: '1m', pageSize: 1, ...day }),
    );
    expect(items).toHaveLength(4);
    const statuses = server.requests.map((request) => request.status);
    expect(statuses.filter((status) => status === 429)).toHaveLength(1);
    const throttledAt = server.requests.findIndex((request) => request.status === 429);
    const after = server.requests[throttledAt + 1];
    expect((after?.time ?? 0) - (server.requests[throttledAt]?.time ?? 0)).toBeGreaterThanOrEqual(995);
  });

  it('fails at once on an unknown key, naming Polygon’s error', async () => {
    server = await PolygonTestServer.start({
      apiKey,
      limit: generous,
      aggregates: { AAPL: minuteAggregates(1) },
    });
    client = clientFor(server, { apiKey: 'wrong' });
    await expect(
      collect(client.historyBars({ symbol: aapl, timeframe: '1m', ...day })),
    ).rejects.toMatchObject({
      code: 'UNAUTHORIZED',
      message: 'polygon: HTTP 401: ERROR: Unknown API Key',
    });
    expect(server.requests).toHaveLength(1);
  });
});

describe('Polygon stream', () => {
  it('subscribes per-second aggregates when asked and delivers them as one-second bars', async () => {
    server = await PolygonTestServer.start({ apiKey, limit: generous });
    client = clientFor(server, { secondBars: true });
    const bars: RawBar[] = [];
    await client.connect([aapl], { onBar: (bar) => bars.push(bar) });
    expect(server.received).toEqual([
      { action: 'auth', params: apiKey },
      { action: 'subscribe', params: 'AM.AAPL,A.AAPL' },
    ]);
    const second = Date.UTC(2024, 0, 2, 14, 30, 5);
    server.publish([
      {
        ev: 'A',
        sym: 'AAPL',
        v: 300,
        vw: 185.7012,
        o: 185.7,
        c: 185.71,
        h: 185.72,
        l: 185.69,
        s: second,
        e: second + 1_000,
      },
    ]);
    await expect.poll(() => bars.length).toBe(1);
    expect(bars[0]).toEqual({
      symbol: 'AAPL',
      timeframe: '1s',
      time: second,
      open: '185.7',
      high: '185.72',
      low: '185.69',
      close: '185.71',
      volume: 300,
      source: 'polygon',
      vwap: '185.7012',
    });
  });

  it('authenticates, subscribes Q/T/AM channels and delivers events with their source', async () => {
    server = await PolygonTestServer.start({ apiKey, limit: generous });
    client = clientFor(server);
    const quotes: RawQuote[] = [];
    const trades: RawTrade[] = [];
    const bars: RawBar[] = [];
    await client.connect([aapl, brk], {
      onQuote: (quote) => quotes.push(quote),
      onTrade: (trade) => trades.push(trade),
      onBar: (bar) => bars.push(bar),
    });
    expect(server.received).toEqual([
      { action: 'auth', params: apiKey },
      { action: 'subscribe', params: 'Q.AAPL,Q.BRK.B,T.AAPL,T.BRK.B,AM.AAPL,AM.BRK.B' },
    ]);
    const t = Date.UTC(2024, 0, 2, 14, 30, 1);
    server.publish([
      { ev: 'T', sym: 'BRK.B', x: 4, i: '12345', z: 1, p: 363.41, s: 100, c: [12], t },
      {
        ev: 'Q',
        sym: 'BRK.B',
        bx: 11,
        bp: 363.4,
        bs: 2,
        ax: 12,
        ap: 363.45,
        as: 3,
        c: 1,
        t: t + 5,
        q: 1,
        z: 1,
      },
      { ev: 'Q', sym: 'AAPL', bx: 11, bp: 185.69, bs: 2, ax: 12, ap: 185.72, as: 3, t: t + 6 },
      {
        ev: 'AM',
        sym: 'AAPL',
        v: 5400,
        av: 1000000,
        op: 185,
        vw: 185.705,
        o: 185.7,
        c: 185.71,
        h: 185.74,
        l: 185.68,
        a: 185.6,
        z: 54,
        s: Date.UTC(2024, 0, 2, 14, 30),
        e: Date.UTC(2024, 0, 2, 14, 31),
      },
    ]);
    await expect.poll(() => bars.length).toBe(1);
    expect(trades[0]).toEqual({
      symbol: 'BRK.B',
      time: t,
      price: '363.41',
      size: 100,
      source: 'polygon',
      tradeId: '12345',
      exchange: '4',
      conditions: ['12'],
    });
    expect(quotes).toEqual([
      {
        symbol: 'BRK.B',
        time: t + 5,
        bid: '363.4',
        ask: '363.45',
        bidSize: 2,
        askSize: 3,
        last: '363.41',
        volume: 100,
        source: 'polygon',
      },
      {
        symbol: 'AAPL',
        time: t + 6,
        bid: '185.69',
        ask: '185.72',
        bidSize: 2,
        askSize: 3,
        last: '185.7050',
        volume: 0,
        source: 'polygon',
      },
    ]);
    expect(bars[0]).toMatchObject({
      symbol: 'AAPL',
      timeframe: '1m',
      time: Date.UTC(2024, 0, 2, 14, 30),
      open: '185.7',
      vwap: '185.705',
      source: 'polygon',
    });
  });

  it('fails connect on auth_failed and on max_connections, announcing each', async () => {
    server = await PolygonTestServer.start({ apiKey, limit: generous });
    const statuses: DataClientStatusEvent[] = [];
    const wrong = clientFor(server, { apiKey: 'wrong' });
    wrong.onStatus((event) => statuses.push(event));
    await expect(wrong.connect([aapl], { onQuote: () => {} })).rejects.toMatchObject({
      code: 'UNAUTHORIZED',
      message: 'polygon stream: auth_failed: authentication failed',
    });
    expect(statuses).toEqual([expect.objectContaining({ status: 'error', code: 'auth_failed' })]);
    client = clientFor(server);
    await client.connect([aapl], { onQuote: () => {} });
    const second = clientFor(server);
    await expect(second.connect([aapl], { onQuote: () => {} })).rejects.toThrow(
      /max_connections: Maximum number of websocket connections exceeded/,
    );
  });

  it('announces a server-side close as disconnected, and reconnect() streams again', async () => {
    server = await PolygonTestServer.start({ apiKey, limit: generous });
    client = clientFor(server);
    const statuses: string[] = [];
    client.onStatus((event) => statuses.push(event.status));
    const trades: RawTrade[] = [];
    await client.connect([aapl], { onTrade: (trade) => trades.push(trade) });
    server.dropStreams();
    await expect.poll(() => statuses).toEqual(['connected', 'disconnected']);
    await client.reconnect();
    server.publish([{ ev: 'T', sym: 'AAPL', p: 185.7, s: 1, t: Date.UTC(2024, 0, 2, 15) }]);
    await expect.poll(() => trades.length).toBe(1);
    expect(statuses).toEqual(['connected', 'disconnected', 'connected']);
  });
});
