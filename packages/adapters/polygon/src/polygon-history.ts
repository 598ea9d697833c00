// Polygon.io history over REST: aggregates (v2/aggs) and v3 quotes and trades, page by page through
// next_url, each request under the plan's token bucket and retried only on 429, 5xx and network failures.
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
  type TradeTick,
} from '@ats/core';
import {
  barOfPolygon,
  type PolygonJson,
  polygonSource,
  polygonTimespans,
  quoteOfPolygon,
  tradeOfPolygon,
} from './polygon-wire.js';

/** Polygon's largest page for aggregates and for v3 quotes and trades. */
export const polygonMaxPageSize = 50_000;

export interface PolygonHistoryOptions {
  /** e.g. https://api.polygon.io (a loopback server in tests). */
  readonly baseUrl: string;
  readonly apiKey: string;
  readonly symbols: SymbolMap;
  readonly limiter: RequestLimiter;
  readonly retry: RetryOptions;
  readonly now: () => number;
  /** How long to pause after a 429 that names no wait (Polygon sends none): the limit's window. */
  readonly throttleMilliseconds: number;
  readonly timeoutMilliseconds?: number;
}

export class PolygonHistory {
  constructor(private readonly options: PolygonHistoryOptions) {}

  bars(request: BarHistoryRequest): AsyncIterable<HistoryPage<Bar>> {
    const { multiplier, timespan } = providerTimeframe(polygonTimespans, request.timeframe, 'polygon');
    const ticker = encodeURIComponent(this.options.symbols.toProvider(polygonSource, request.symbol));
    // Polygon's `to` is inclusive: ask up to the last millisecond before ATS's exclusive end.
    const url = new URL(
      `${this.options.baseUrl}/v2/aggs/ticker/${ticker}/range/${multiplier}/${timespan}/${request.from}/${request.to - 1}`,
    );
    url.searchParams.set('adjusted', 'false');
    url.searchParams.set('sort', 'asc');
    url.searchParams.set('limit', String(this.pageSize(request)));
    return this.pages(request, url, (record, where) =>
      barOfPolygon(record, request.symbol, request.timeframe, where),
    );
  }

  quotes(request: HistoryRequest): AsyncIterable<HistoryPage<Quote>> {
    return this.pages(request, this.v3Url('quotes', request), (record, where) =>
      quoteOfPolygon(record, request.symbol, this.options.now(), where),
    );
  }

  trades(request: HistoryRequest): AsyncIterable<HistoryPage<TradeTick>> {
    return this.pages(request, this.v3Url('trades', request), (record, where) =>
      tradeOfPolygon(record, request.symbol, this.options.now(), where),
    );
  }

  private pageSize(request: HistoryRequest): number {
    return Math.min(polygonMaxPageSize, Math.max(1, request.pageSize ?? polygonMaxPageSize));
  }

  private v3Url(kind: 'quotes' | 'trades', request: HistoryRequest): URL {
    const ticker = encodeURIComponent(this.options.symbols.toProvider(polygonSource, request.symbol));
    const url = new URL(`${this.options.baseUrl}/v3/${kind}/${ticker}`);
    // v3 takes nanosecond timestamps.
    url.searchParams.set('timestamp.gte', `${request.from}000000`);
    url.searchParams.set('timestamp.lt', `${request.to}000000`);
    url.searchParams.set('order', 'asc');
    url.searchParams.set('sort', 'timestamp');
    url.searchParams.set('limit', String(this.pageSize(request)));
    return url;
  }

  private async *pages<T extends { time: number }>(
    request: HistoryRequest,
    first: URL,
    map: (record: PolygonJson, where: string) => T,
  ): AsyncGenerator<HistoryPage<T>> {
    let url: URL | null = first;
    let page = 0;
    while (url !== null) {
      const body = await this.getJson(url);
      const results = body.results;
      if (results !== undefined && results !== null && !Array.isArray(results))
        throw new AtsError(
          'INVALID_INPUT',
          `polygon: page ${page} of ${first.pathname} has no results array`,
        );
      const items = ((results ?? []) as PolygonJson[])
        .map((record, index) => map(record, `polygon results[${page}:${index}]`))
        .filter((item) => item.time >= request.from && item.time < request.to);
      yield { source: polygonSource, symbol: request.symbol, items };
      // next_url carries the cursor but not the key.
      url = typeof body.next_url === 'string' && body.next_url !== '' ? new URL(body.next_url) : null;
      page++;
    }
  }

  private getJson(url: URL): Promise<PolygonJson> {
    const { apiKey, limiter, retry, now } = this.options;
    const authorized = new URL(url);
    authorized.searchParams.set('apiKey', apiKey);
    return rateLimitedCall(
      async () => {
        let response: Response;
        try {
          response = await fetch(authorized, {
            signal: AbortSignal.timeout(this.options.timeoutMilliseconds ?? 30_000),
          });
        } catch (error) {
          throw providerNetworkFailure(polygonSource, error);
        }
        const text = await response.text();
        let body: PolygonJson | null = null;
        try {
          body = JSON.parse(quoteNanosecondTimes(text)) as PolygonJson;
        } catch {
          body = null;
        }
        if (!response.ok)
          throw providerHttpFailure(
            polygonSource,
            response.status,
            messageOf(body, text),
            retryAfterMilliseconds(response.headers.get('retry-after'), now()),
            this.options.throttleMilliseconds,
          );
        if (body === null)
          throw new AtsError(
            'DATA_PROVIDER_UNAVAILABLE',
            `polygon: the answer to ${url.pathname} is not JSON`,
          );
        // Polygon's envelope: status OK or DELAYED carry data; ERROR and NOT_AUTHORIZED do not.
        if (body.status === 'ERROR' || body.status === 'NOT_AUTHORIZED')
          throw new AtsError('INVALID_INPUT', `polygon: ${messageOf(body, text)}`, {
            details: { provider: polygonSource },
          });
        return body;
      },
      { limiter, retry },
    );
  }
}

/**
 * v3 times are epoch nanoseconds (19 digits): past 2^53 a float rounds them by up to 128 ns, enough to
 * cross a millisecond boundary. They are turned into JSON strings before parsing, so they stay exact.
 */
export function quoteNanosecondTimes(text: string): string {
  return text.replace(/"(sip_timestamp|participant_timestamp|trf_timestamp)":\s*(\d+)/g, '"$1":"$2"');
}

/** Polygon's error envelope {status, request_id, error | message}. */
function messageOf(body: PolygonJson | null, text: string): string {
  if (body) {
    const message = body.error ?? body.message;
    if (typeof message === 'string') return `${String(body.status ?? 'ERROR')}: ${message}`;
  }
  return text.slice(0, 200);
}
