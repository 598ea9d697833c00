// A loopback Yahoo Finance chart (v8) server for tests: the chart JSON with meta, timestamps (epoch
// seconds), indicators, adjclose and split/dividend events; 404 with chart.error for an unknown symbol;
// 429 "Too Many Requests" past its limit.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One row as Yahoo's arrays hold it (prices as numbers, null for an interval with no trade). */
export interface YahooTestRow {
  readonly timestamp: number;
  readonly open: number | null;
  readonly high: number | null;
  readonly low: number | null;
  readonly close: number | null;
  readonly volume: number | null;
  readonly adjclose?: number;
}

export interface YahooTestSymbol {
  readonly rows: readonly YahooTestRow[];
  readonly splits?: readonly { date: number; numerator: number; denominator: number }[];
  readonly dividends?: readonly { date: number; amount: number }[];
}

export interface YahooChartTestServerOptions {
  readonly symbols: Readonly<Record<string, YahooTestSymbol>>;
  readonly limit: { readonly requests: number; readonly windowMilliseconds: number };
}

export interface YahooLoggedRequest {
  readonly time: number;
  readonly path: string;
  readonly query: Readonly<Record<string, string>>;
  readonly status: number;
}

export class YahooChartTestServer {
  readonly requests: YahooLoggedRequest[] = [];

  private constructor(
    private readonly options: YahooChartTestServerOptions,
    private readonly server: Server,
  ) {}

  static async start(options: YahooChartTestServerOptions): Promise<YahooChartTestServer> {
    const server = createServer();
    const instance = new YahooChartTestServer(options, server);
    server.on('request', (request, response) => instance.handle(request, response));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return instance;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async close(): Promise<void> {
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private handle(request: IncomingMessage, response: ServerResponse): void {
    const url = new URL(request.url ?? '/', 'http://localhost');
    const now = Date.now();
    const query = Object.fromEntries(url.searchParams);
    const answer = (status: number, body: unknown, type = 'application/json') => {
      this.requests.push({ time: now, path: url.pathname, query, status });
      response.writeHead(status, { 'content-type': type });
      response.end(typeof body === 'string' ? body : JSON.stringify(body));
    };
    const { limit } = this.options;
    if (
      this.requests.filter((logged) => logged.time > now - limit.windowMilliseconds).length >= limit.requests
    ) {
      answer(429, 'Too Many Requests\r\n', 'text/plain');
      return;
    }
    const match = /^\/v8\/finance\/chart\/([^/]+)$/.exec(url.pathname);
    const symbol = match ? decodeURIComponent(match[1] as string) : '';
    const data = this.options.symbols[symbol];
    if (!data) {
      answer(404, {
        chart: {
          result: null,
          error: { code: 'Not Found', description: 'No data found, symbol may be delisted' },
        },
      });
      return;
    }
    const from = Number(query.period1);
    const to = Number(query.period2);
    const within = (time: number) => time >= from && time < to;
    const rows = data.rows.filter((row) => within(row.timestamp));
    const events: Record<string, unknown> = {};
    const splits = (data.splits ?? []).filter((split) => within(split.date));
    const dividends = (data.dividends ?? []).filter((dividend) => within(dividend.date));
    if (query.events?.includes('splits') && splits.length > 0)
      events.splits = Object.fromEntries(
        splits.map((split) => [
          String(split.date),
          { ...split, splitRatio: `${split.numerator}:${split.denominator}` },
        ]),
      );
    if (query.events?.includes('div') && dividends.length > 0)
      events.dividends = Object.fromEntries(dividends.map((dividend) => [String(dividend.date), dividend]));
    answer(200, {
      chart: {
        result: [
          {
            meta: {
              currency: 'USD',
              symbol,
              exchangeName: 'NMS',
              instrumentType: 'EQUITY',
              gmtoffset: -14400,
              timezone: 'EDT',
              exchangeTimezoneName: 'America/New_York',
              dataGranularity: query.interval,
            },
            timestamp: rows.map((row) => row.timestamp),
            ...(Object.keys(events).length > 0 ? { events } : {}),
            indicators: {
              quote: [
                {
                  open: rows.map((row) => row.open),
                  high: rows.map((row) => row.high),
                  low: rows.map((row) => row.low),
                  close: rows.map((row) => row.close),
                  volume: rows.map((row) => row.volume),
                },
              ],
              ...(query.interval === '1d'
                ? { adjclose: [{ adjclose: rows.map((row) => row.adjclose ?? row.close) }] }
                : {}),
            },
          },
        ],
        error: null,
      },
    });
  }
}
