// Alpaca Market Data API v2 history over REST: bars, quotes and trades page by page (next_page_token),
// each request under the account's token bucket and retried only on 429, 5xx and network failures.
import {
  AtsError,
  type Bar,
  type BarHistoryRequest,
  type HistoryPage,
  type HistoryRequest,
  providerHttpFailure,
  providerNetworkFailure,
  providerTimeframe,
  type Quote,
  type RequestLimiter,
  type RetryOptions,
  rateLimitedCall,
  retryAfterMilliseconds,
  type SymbolMap,
  type Ticker,
  type TradeTick,
} from '@ats/core';
import type { AlpacaCredentials } from '../alpaca-configuration.js';
import {
  type AlpacaJson,
  alpacaSource,
  alpacaTimeframes,
  barOfAlpaca,
  quoteOfAlpaca,
  tradeOfAlpaca,
} from './alpaca-market-data-wire.js';

/** Alpaca's largest page. */
export const alpacaMaxPageSize = 10_000;

export interface AlpacaHistoryOptions {
  /** Base of the data API, e.g. https://data.alpaca.markets (a loopback server in tests). */
  readonly baseUrl: string;
  readonly credentials: AlpacaCredentials;
  /** `iex` (free plan) or `sip`. */
  readonly feed: string;
  readonly symbols: SymbolMap;
  readonly limiter: RequestLimiter;
  readonly retry: RetryOptions;
  readonly now: () => number;
  readonly timeoutMilliseconds?: number;
}

type Kind = 'bars' | 'quotes' | 'trades';

export class AlpacaHistory {
  constructor(private readonly options: AlpacaHistoryOptions) {}

  bars(request: BarHistoryRequest): AsyncIterable<HistoryPage<Bar>> {
    return this.pages(
      request,
      'bars',
      { timeframe: providerTimeframe(alpacaTimeframes, request.timeframe, 'alpaca'), adjustment: 'raw' },
      (record, where) => barOfAlpaca(record, request.symbol, request.timeframe, where),
    );
  }

  quotes(request: HistoryRequest): AsyncIterable<HistoryPage<Quote>> {
    return this.pages(request, 'quotes', {}, (record, where) =>
      quoteOfAlpaca(record, request.symbol, this.options.now(), where),
    );
  }

  trades(request: HistoryRequest): AsyncIterable<HistoryPage<TradeTick>> {
    return this.pages(request, 'trades', {}, (record, where) =>
      tradeOfAlpaca(record, request.symbol, this.options.now(), where),
    );
  }

  private async *pages<T extends { time: number }>(
    request: HistoryRequest,
    kind: Kind,
    parameters: Record<string, string>,
    map: (record: AlpacaJson, where: string) => T,
  ): AsyncGenerator<HistoryPage<T>> {
    const symbol: Ticker = request.symbol;
    const providerSymbol = this.options.symbols.toProvider(alpacaSource, symbol);
    const limit = Math.min(alpacaMaxPageSize, Math.max(1, request.pageSize ?? alpacaMaxPageSize));
    let pageToken: string | null = null;
    let page = 0;
    do {
      const url = new URL(`${this.options.baseUrl}/v2/stocks/${encodeURIComponent(providerSymbol)}/${kind}`);
      url.searchParams.set('start', new Date(request.from).toISOString());
      url.searchParams.set('end', new Date(request.to).toISOString());
      url.searchParams.set('limit', String(limit));
      url.searchParams.set('feed', this.options.feed);
      url.searchParams.set('sort', 'asc');
      for (const [name, value] of Object.entries(parameters)) url.searchParams.set(name, value);
      if (pageToken !== null) url.searchParams.set('page_token', pageToken);
      const body = await this.getJson(url);
      const records = body[kind];
      if (records !== null && records !== undefined && !Array.isArray(records))
        throw new AtsError('INVALID_INPUT', `alpaca: ${kind} page ${page} has no ${kind} array`);
      const items = ((records ?? []) as AlpacaJson[])
        .map((record, index) => map(record, `alpaca ${kind}[${page}:${index}]`))
        // Alpaca's `end` is inclusive; ATS's `to` is not.
        .filter((item) => item.time >= request.from && item.time < request.to);
      yield { source: alpacaSource, symbol, items };
      const next = body.next_page_token;
      pageToken = typeof next === 'string' && next !== '' ? next : null;
      page++;
    } while (pageToken !== null);
  }

  private getJson(url: URL): Promise<AlpacaJson> {
    const { credentials, limiter, retry, now } = this.options;
    return rateLimitedCall(
      async () => {
        let response: Response;
        try {
          response = await fetch(url, {
            headers: { 'APCA-API-KEY-ID': credentials.keyId, 'APCA-API-SECRET-KEY': credentials.secret },
            signal: AbortSignal.timeout(this.options.timeoutMilliseconds ?? 30_000),
          });
        } catch (error) {
          throw providerNetworkFailure(alpacaSource, error);
        }
        const text = await response.text();
        if (!response.ok) {
          // Alpaca answers 429 with X-RateLimit-Reset (epoch seconds when the window refills).
          const reset = Number(response.headers.get('x-ratelimit-reset'));
          const wait =
            retryAfterMilliseconds(response.headers.get('retry-after'), now()) ??
            (Number.isFinite(reset) && reset > 0 ? Math.max(0, reset * 1000 - now()) : null);
          throw providerHttpFailure(alpacaSource, response.status, messageOf(text), wait);
        }
        try {
          return JSON.parse(text) as AlpacaJson;
        } catch {
          throw new AtsError(
            'DATA_PROVIDER_UNAVAILABLE',
            `alpaca: the answer to ${url.pathname} is not JSON`,
          );
        }
      },
      { limiter, retry },
    );
  }
}

/** Alpaca's error envelope {"message": ...} (with a "code" on some), or the text itself. */
function messageOf(text: string): string {
  try {
    const body = JSON.parse(text) as { message?: unknown; code?: unknown };
    if (typeof body.message === 'string')
      return body.code === undefined ? body.message : `${body.message} (code ${body.code})`;
  } catch {
    // Not JSON: an HTML page from a proxy, shown as it is.
  }
  return text.slice(0, 200);
}
