// The Alpaca market data adapter against a loopback server speaking Alpaca's documented REST and stream.
import {
  AtsError,
  type Bar,
  canonicalSymbol,
  type DataClientStatusEvent,
  type HistoryPage,
  type RawBar,
  type RawQuote,
  type RawTrade,
} from '@ats/core';
import { afterEach, describe, expect, it } from 'vitest';
import { AlpacaMarketDataClient } from './alpaca-market-data-client.js';
import {
  AlpacaMarketDataTestServer,
  type AlpacaTestRecord,
} from './testing/alpaca-market-data-test-server.js';

const credentials = { keyId: 'key-id', secret: 'secret-key' };
const spy = canonicalSymbol('SPY');
const brk = canonicalSymbol('BRK.B');

function minuteBars(count: number): AlpacaTestRecord[] {
  return Array.from({ length: count }, (_, index) => ({
    t: new Date(Date.UTC(2024, 0, 2, 14, 30 + index)).toISOString().replace('.000Z', 'Z'),
    o: 470.1 + index / 100,
    h: 470.5,
    l: 469.95,
    c: 470.35,
    v: 1000 + index,
    n: 12,
    vw: 470.2231,
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

const day = { from: Date.UTC(2024, 0, 2), to: Date.UTC(2024, 0, 3) };
let server: AlpacaMarketDataTestServer | undefined;
let client: AlpacaMarketDataClient | undefined;
afterEach(async () => {
  await client?.disconnect();
  await server?.close();
  client = undefined;
  server = undefined;
});

function clientFor(
  running: AlpacaMarketDataTestServer,
  overrides: Partial<ConstructorParameters<typeof AlpacaMarketDataClient>[0]> = {},
) {
  return new AlpacaMarketDataClient({
    credentials,
    restUrl: running.restUrl,
    streamUrl: running.streamUrl,
    rateLimit: { requests: 200, windowMilliseconds: 60_000 },
    retry: { baseMilliseconds: 10, maxMilliseconds: 50 },
    ...overrides,
  });
}

describe('Alpaca history', () => {
  it('follows next_page_token to the last page and parses bars exactly, in UTC', async () => {
    server = await AlpacaMarketDataTestServer.start({
      ...credentials,
      limit: { requests: 200, windowMilliseconds: 60_000 },
      bars: { SPY: minuteBars(25) },
    });
    client = clientFor(server);
    const { pages, items } = await collect(
      client.historyBars({ symbol: spy, timeframe: '1m', pageSize: 10, ...day }),
    );
    expect(pages).toBe(3);
    expect(items).toHaveLength(25);
    expect(items[0]?.time).toBe(Date.UTC(2024, 0, 2, 14, 30));
    expect(items[24]?.open.toString()).toBe('470.3400');
    expect(items[3]?.open.toString()).toBe('470.1300');
    expect(server.requests.map((request) => request.query.page_token ?? null)).toEqual([
      null,
      'MTA=',
      'MjA=',
    ]);
    expect(server.requests[0]?.query).toMatchObject({
      timeframe: '1Min',
      adjustment: 'raw',
      feed: 'iex',
      limit: '10',
    });
  });

  it('stamps daily bars at 00:00 UTC of their session date and asks for BRK.B as Alpaca writes it', async () => {
    server = await AlpacaMarketDataTestServer.start({
      ...credentials,
      limit: { requests: 200, windowMilliseconds: 60_000 },
      bars: {
        'BRK.B': [{ t: '2024-01-02T05:00:00Z', o: '362.5', h: 364.13, l: 360.89, c: 363.4, v: 3_912_100 }],
      },
    });
    client = clientFor(server);
    const { items } = await collect(client.historyBars({ symbol: brk, timeframe: '1d', ...day }));
    expect(items).toEqual<Bar[]>([
      expect.objectContaining({
        symbol: brk,
        time: Date.UTC(2024, 0, 2),
        timeframe: '1d',
        volume: 3_912_100,
      }),
    ]);
    expect(items[0]?.close.toString()).toBe('363.4000');
    expect(server.requests[0]?.path).toBe('/v2/stocks/BRK.B/bars');
  });

  it('reads quote and trade history with nanosecond RFC 3339 times', async () => {
    server = await AlpacaMarketDataTestServer.start({
      ...credentials,
      limit: { requests: 200, windowMilliseconds: 60_000 },
      quotes: {
        SPY: [
          {
            t: '2024-01-02T14:30:00.123456789Z',
            bp: 470.1,
            bs: 3,
            ap: 470.13,
            as: 2,
            bx: 'V',
            ax: 'V',
            c: ['R'],
            z: 'B',
          },
        ],
      },
      trades: {
        SPY: [
          { t: '2024-01-02T14:30:00.5Z', p: 470.12, s: 100, x: 'V', i: 52983525029461, c: ['@'], z: 'B' },
        ],
      },
    });
    client = clientFor(server);
    const quotes = await collect(client.historyQuotes({ symbol: spy, ...day }));
    expect(quotes.items[0]).toMatchObject({
      time: Date.UTC(2024, 0, 2, 14, 30, 0, 123),
      bidSize: 3,
      askSize: 2,
    });
    expect(quotes.items[0]?.last.toString()).toBe('470.1150');
    const trades = await collect(client.historyTrades({ symbol: spy, ...day }));
    expect(trades.items[0]).toMatchObject({ time: Date.UTC(2024, 0, 2, 14, 30, 0, 500), size: 100 });
    expect(trades.items[0]?.price.toString()).toBe('470.1200');
  });

  it('keeps every window at or under the published limit when asked for more pages than it allows', async () => {
    const limit = { requests: 5, windowMilliseconds: 1_000 };
    server = await AlpacaMarketDataTestServer.start({ ...credentials, limit, bars: { SPY: minuteBars(24) } });
    client = clientFor(server, { rateLimit: limit });
    const { pages, items } = await collect(
      client.historyBars({ symbol: spy, timeframe: '1m', pageSize: 2, ...day }),
    );
    expect(pages).toBe(12);
    expect(items).toHaveLength(24);
    expect(server.requests.every((request) => request.status === 200)).toBe(true);
    const times = server.requests.map((request) => request.time);
    for (const time of times)
      expect(
        times.filter((other) => other >= time && other < time + limit.windowMilliseconds).length,
      ).toBeLessThanOrEqual(5);
    expect((times.at(-1) as number) - (times[0] as number)).toBeGreaterThanOrEqual(2_000 - 50);
  });

  it('honours a 429 answer: waits until X-RateLimit-Reset, then gets the page', async () => {
    server = await AlpacaMarketDataTestServer.start({
      ...credentials,
      limit: { requests: 200, windowMilliseconds: 60_000 },
      bars: { SPY: minuteBars(3) },
    });
    const reset = Math.ceil((Date.now() + 1_200) / 1000);
    server.failNext(429, { message: 'too many requests.' }, { 'x-ratelimit-reset': String(reset) });
    client = clientFor(server);
    const { items } = await collect(client.historyBars({ symbol: spy, timeframe: '1m', ...day }));
    expect(items).toHaveLength(3);
    expect(server.requests.map((request) => request.status)).toEqual([429, 200]);
    expect(server.requests[1]?.time).toBeGreaterThanOrEqual(reset * 1000 - 5);
  });

  it('retries a 500 and fails at once, with the provider message, on 401 and 422', async () => {
    server = await AlpacaMarketDataTestServer.start({
      ...credentials,
      limit: { requests: 200, windowMilliseconds: 60_000 },
      bars: { SPY: minuteBars(2) },
    });
    server.failNext(500, { message: 'internal server error' });
    client = clientFor(server);
    expect((await collect(client.historyBars({ symbol: spy, timeframe: '1m', ...day }))).items).toHaveLength(
      2,
    );
    expect(server.requests.map((request) => request.status)).toEqual([500, 200]);

    const wrong = clientFor(server, { credentials: { keyId: 'key-id', secret: 'wrong' } });
    const failure = await collect(wrong.historyBars({ symbol: spy, timeframe: '1m', ...day })).catch(
      (error) => error,
    );
    expect(failure).toBeInstanceOf(AtsError);
    expect(failure).toMatchObject({ code: 'UNAUTHORIZED', message: 'alpaca: HTTP 401: unauthorized.' });
    server.failNext(422, { code: 42210000, message: 'invalid start' });
    const before = server.requests.length;
    await expect(collect(client.historyBars({ symbol: spy, timeframe: '1m', ...day }))).rejects.toThrow(
      'alpaca: HTTP 422: invalid start (code 42210000)',
    );
    expect(server.requests.length - before).toBe(1);
  });
});

describe('Alpaca stream', () => {
  it('authenticates, subscribes and delivers quotes, trades and bars with their source, in UTC', async () => {
    server = await AlpacaMarketDataTestServer.start({
      ...credentials,
      limit: { requests: 200, windowMilliseconds: 60_000 },
    });
    client = clientFor(server);
    const statuses: DataClientStatusEvent[] = [];
    client.onStatus((event) => statuses.push(event));
    const quotes: RawQuote[] = [];
    const trades: RawTrade[] = [];
    const bars: RawBar[] = [];
    await client.connect([spy, brk], {
      onQuote: (quote) => quotes.push(quote),
      onTrade: (trade) => trades.push(trade),
      onBar: (bar) => bars.push(bar),
    });
    expect(server.received[0]).toEqual({ action: 'auth', key: 'key-id', secret: 'secret-key' });
    expect(server.received[1]).toEqual({
      action: 'subscribe',
      quotes: ['SPY', 'BRK.B'],
      trades: ['SPY', 'BRK.B'],
      bars: ['SPY', 'BRK.B'],
    });
    expect(statuses.map((event) => event.status)).toEqual(['connected']);
    server.publish([
      {
        T: 'q',
        S: 'SPY',
        bx: 'V',
        bp: 470.1,
        bs: 3,
        ax: 'V',
        ap: 470.13,
        as: 2,
        t: '2024-01-02T14:30:00.000000001Z',
        c: ['R'],
        z: 'B',
      },
      {
        T: 't',
        S: 'BRK.B',
        i: 96921,
        x: 'V',
        p: 363.41,
        s: 40,
        t: '2024-01-02T14:30:00.2Z',
        c: ['@', 'I'],
        z: 'A',
      },
      {
        T: 't',
        S: 'BRK.B',
        i: 96922,
        x: 'V',
        p: 363.42,
        s: 60,
        t: '2024-01-02T14:30:00.3Z',
        c: ['@'],
        z: 'A',
      },
      {
        T: 'q',
        S: 'BRK.B',
        bx: 'V',
        bp: 363.4,
        bs: 1,
        ax: 'V',
        ap: 363.45,
        as: 1,
        t: '2024-01-02T14:30:00.4Z',
        c: ['R'],
        z: 'A',
      },
      {
        T: 'b',
        S: 'SPY',
        o: 470.1,
        h: 470.5,
        l: 469.95,
        c: 470.35,
        v: 4_211,
        t: '2024-01-02T14:30:00Z',
        n: 40,
        vw: 470.2231,
      },
    ]);
    await expect.poll(() => bars.length).toBe(1);
    expect(quotes).toEqual([
      {
        symbol: 'SPY',
        time: Date.UTC(2024, 0, 2, 14, 30),
        bid: '470.1',
        ask: '470.13',
        bidSize: 3,
        askSize: 2,
        last: '470.1150',
        volume: 0,
        source: 'alpaca',
      },
      {
        symbol: 'BRK.B',
        time: Date.UTC(2024, 0, 2, 14, 30, 0, 400),
        bid: '363.4',
        ask: '363.45',
        bidSize: 1,
        askSize: 1,
        last: '363.42',
        volume: 100,
        source: 'alpaca',
      },
    ]);
    expect(trades[0]).toEqual({
      symbol: 'BRK.B',
      time: Date.UTC(2024, 0, 2, 14, 30, 0, 200),
      price: '363.41',
      size: 40,
      source: 'alpaca',
      tradeId: '96921',
      exchange: 'V',
      conditions: ['@', 'I'],
    });
    expect(bars[0]).toMatchObject({
      symbol: 'SPY',
      timeframe: '1m',
      time: Date.UTC(2024, 0, 2, 14, 30),
      close: '470.35',
      vwap: '470.2231',
      tradeCount: 40,
      source: 'alpaca',
    });
    expect(client.lastMessageAt()).not.toBeNull();
  });

  it('fails connect on 402 auth failed and announces the code', async () => {
    server = await AlpacaMarketDataTestServer.start({
      ...credentials,
      limit: { requests: 200, windowMilliseconds: 60_000 },
    });
    client = clientFor(server, { credentials: { keyId: 'key-id', secret: 'nope' } });
    const statuses: DataClientStatusEvent[] = [];
    client.onStatus((event) => statuses.push(event));
    await expect(client.connect([spy], { onQuote: () => {} })).rejects.toMatchObject({
      code: 'UNAUTHORIZED',
      message: 'alpaca stream: 402 auth failed',
    });
    expect(statuses).toEqual([expect.objectContaining({ status: 'error', code: 402 })]);
  });

  it('fails a second connection with 406 and a subscription past the symbol limit with 405', async () => {
    server = await AlpacaMarketDataTestServer.start({
      ...credentials,
      limit: { requests: 200, windowMilliseconds: 60_000 },
      maxStreamSymbols: 1,
    });
    client = clientFor(server);
    await expect(client.connect([spy, brk], { onQuote: () => {} })).rejects.toThrow(
      'alpaca stream: 405 symbol limit exceeded',
    );
    await client.connect([spy], { onQuote: () => {} });
    const second = clientFor(server);
    await expect(second.connect([spy], { onQuote: () => {} })).rejects.toMatchObject({
      code: 'DATA_PROVIDER_UNAVAILABLE',
      message: 'alpaca stream: 406 connection limit exceeded',
    });
  });

  it('announces a server-side close as disconnected, and reconnect() streams again', async () => {
    server = await AlpacaMarketDataTestServer.start({
      ...credentials,
      limit: { requests: 200, windowMilliseconds: 60_000 },
    });
    client = clientFor(server);
    const statuses: DataClientStatusEvent[] = [];
    client.onStatus((event) => statuses.push(event));
    const quotes: RawQuote[] = [];
    await client.connect([spy], { onQuote: (quote) => quotes.push(quote) });
    server.dropStreams();
    await expect.poll(() => statuses.map((event) => event.status)).toEqual(['connected', 'disconnected']);
    expect(statuses[1]?.reason).toContain('closed by the server: 1011');
    await client.reconnect();
    server.publish([{ T: 'q', S: 'SPY', bp: 1.5, bs: 1, ap: 1.6, as: 1, t: '2024-01-02T14:31:00Z' }]);
    await expect.poll(() => quotes.length).toBe(1);
    expect(statuses.map((event) => event.status)).toEqual(['connected', 'disconnected', 'connected']);
  });
});
