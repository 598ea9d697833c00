// A loopback Alpha Vantage server for tests: TIME_SERIES_DAILY and TIME_SERIES_INTRADAY (by month) JSON
// with its numbered keys and US/Eastern times, and its HTTP-200 answers: "Note" or "Information" past
// the per-minute or per-day limit, "Error Message" for a bad call or key.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One row: `stamp` is "YYYY-MM-DD" (daily) or "YYYY-MM-DD HH:MM:SS" US/Eastern (intraday); values as text. */
export interface AlphaVantageTestRow {
  readonly stamp: string;
  readonly open: string;
  readonly high: string;
  readonly low: string;
  readonly close: string;
  readonly volume: string;
}

export interface AlphaVantageTestServerOptions {
  readonly apiKey: string;
  readonly daily?: Readonly<Record<string, readonly AlphaVantageTestRow[]>>;
  /** Intraday rows per symbol and interval ("5min"). */
  readonly intraday?: Readonly<Record<string, Readonly<Record<string, readonly AlphaVantageTestRow[]>>>>;
  readonly perMinute: { readonly requests: number; readonly windowMilliseconds: number };
  readonly perDay?: number;
  /** Which throttle answer the server gives: the older "Note" or the current "Information". */
  readonly throttleKey: 'Note' | 'Information';
}

export interface AlphaVantageLoggedRequest {
  readonly time: number;
  readonly query: Readonly<Record<string, string>>;
  /** What the answer was: data, a throttle answer, or an error. */
  readonly outcome: 'data' | 'throttled' | 'error';
}

export const alphaVantageMinuteNote =
  'Thank you for using Alpha Vantage! Our standard API call frequency is 5 calls per minute and 500 calls per day. Please visit https://www.alphavantage.co/premium/ if you would like to target a higher API call frequency.';
export const alphaVantageDailyInformation =
  'Thank you for using Alpha Vantage! Our standard API rate limit is 25 requests per day. Please subscribe to any of the premium plans at https://www.alphavantage.co/premium/ to instantly remove all daily rate limits.';
export const alphaVantageMinuteInformation =
  'Thank you for using Alpha Vantage! Please consider spreading out your free API requests more sparingly (1 request per second). You may subscribe to any of the premium plans at https://www.alphavantage.co/premium/ to lift the free key rate limit (25 requests per day), raise the per-minute limit to a higher amount, and remove the daily rate limit.';

export class AlphaVantageTestServer {
  readonly requests: AlphaVantageLoggedRequest[] = [];

  private constructor(
    private readonly options: AlphaVantageTestServerOptions,
    private readonly server: Server,
  ) {}

  static async start(options: AlphaVantageTestServerOptions): Promise<AlphaVantageTestServer> {
    const server = createServer();
    const instance = new AlphaVantageTestServer(options, server);
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
    // Alpha Vantage answers 200 whatever happened.
    const answer = (outcome: AlphaVantageLoggedRequest['outcome'], body: unknown) => {
      this.requests.push({ time: now, query, outcome });
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify(body, null, 4));
    };
    const { perMinute, perDay, throttleKey } = this.options;
    const counted = this.requests.filter((logged) => logged.outcome !== 'error');
    if (perDay !== undefined && counted.length >= perDay) {
      answer('throttled', { Information: alphaVantageDailyInformation });
      return;
    }
    if (
      counted.filter((logged) => logged.time > now - perMinute.windowMilliseconds).length >=
      perMinute.requests
    ) {
      answer('throttled', {
        [throttleKey]: throttleKey === 'Note' ? alphaVantageMinuteNote : alphaVantageMinuteInformation,
      });
      return;
    }
    if (query.apikey !== this.options.apiKey) {
      answer('error', {
        'Error Message':
          'the parameter apikey is invalid or missing. Please claim your free API key on (https://www.alphavantage.co/support/#api-key). It should take less than 20 seconds.',
      });
      return;
    }
    const symbol = query.symbol ?? '';
    const row = (values: AlphaVantageTestRow) => ({
      '1. open': values.open,
      '2. high': values.high,
      '3. low': values.low,
      '4. close': values.close,
      '5. volume': values.volume,
    });
    const newestFirst = (rows: readonly AlphaVantageTestRow[]) =>
      Object.fromEntries([...rows].reverse().map((values) => [values.stamp, row(values)]));
    if (query.function === 'TIME_SERIES_DAILY' && this.options.daily?.[symbol]) {
      const rows = this.options.daily[symbol] ?? [];
      answer('data', {
        'Meta Data': {
          '1. Information': 'Daily Prices (open, high, low, close) and Volumes',
          '2. Symbol': symbol,
          '3. Last Refreshed': rows.at(-1)?.stamp,
          '4. Output Size': 'Full size',
          '5. Time Zone': 'US/Eastern',
        },
        'Time Series (Daily)': newestFirst(rows),
      });
      return;
    }
    const interval = query.interval ?? '';
    if (query.function === 'TIME_SERIES_INTRADAY' && this.options.intraday?.[symbol]?.[interval]) {
      const rows = (this.options.intraday[symbol]?.[interval] ?? []).filter(
        (values) => query.month === undefined || values.stamp.startsWith(query.month),
      );
      answer('data', {
        'Meta Data': {
          '1. Information': `Intraday (${interval}) open, high, low, close prices and volume`,
          '2. Symbol': symbol,
          '3. Last Refreshed': rows.at(-1)?.stamp,
          '4. Interval': interval,
          '5. Output Size': 'Full size',
          '6. Time Zone': 'US/Eastern',
        },
        [`Time Series (${interval})`]: newestFirst(rows),
      });
      return;
    }
    answer('error', {
      'Error Message': `Invalid API call. Please retry or visit the documentation (https://www.alphavantage.co/documentation/) for ${query.function}.`,
    });
  }
}
