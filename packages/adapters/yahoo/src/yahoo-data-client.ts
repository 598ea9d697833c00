// Yahoo Finance chart history behind the DataClient port (Yahoo has no public stream): bars by range
// through the v8 chart endpoint, and the splits and dividends the same endpoint reports.
//
// Why not yahoo-finance2: its 4.x needs Node 22; 3.2.1 installs on Node 20, but its URLs are fixed to
// https://${host} and it first fetches a cookie and crumb from finance.yahoo.com, so it cannot be
// pointed at a loopback test server without replacing its fetch, which would test the shim, not it.
import {
  AtsError,
  type Bar,
  type BarHistoryRequest,
  type CorporateAction,
  type DataClient,
  type DataClientCapabilities,
  type DataClientStatusEvent,
  DataClientStatusListeners,
  defaultSymbolMap,
  type HistoryPage,
  providerHttpFailure,
  providerNetworkFailure,
  providerTimeframe,
  type RetryOptions,
  rateLimitedCall,
  retryAfterMilliseconds,
  type SymbolMap,
  type Ticker,
  TokenBucket,
} from '@ats/core';
import { parseYahooChart, type YahooChart, yahooIntervals, yahooSource } from './yahoo-chart.js';

export interface YahooDataClientOptions {
  /** Default https://query1.finance.yahoo.com */
  readonly baseUrl?: string;
  /**
   * Yahoo publishes no limit for the chart endpoint; it answers 429 when pushed. The default, 60
   * requests a minute, is a conservative guess and documented as such.
   */
  readonly rateLimit?: { readonly requests: number; readonly windowMilliseconds: number };
  readonly symbols?: SymbolMap;
  readonly retry?: Partial<RetryOptions>;
  readonly now?: () => number;
  readonly sleep?: (milliseconds: number) => Promise<void>;
}

const sleepReal = (milliseconds: number) => new Promise<void>((resolve) => setTimeout(resolve, milliseconds));

export class YahooDataClient implements DataClient {
  readonly name = yahooSource;
  readonly capabilities: DataClientCapabilities;
  private readonly status = new DataClientStatusListeners(yahooSource);
  private readonly baseUrl: string;
  private readonly symbols: SymbolMap;
  private readonly limiter: TokenBucket;
  private readonly retry: RetryOptions;
  private readonly now: () => number;
  private readonly throttleMilliseconds: number;

  constructor(options: YahooDataClientOptions = {}) {
    const limit = options.rateLimit ?? { requests: 60, windowMilliseconds: 60_000 };
    const sleep = options.sleep ?? sleepReal;
    this.now = options.now ?? (() => Date.now());
    this.baseUrl = (options.baseUrl ?? 'https://query1.finance.yahoo.com').replace(/\/+$/, '');
    this.symbols = options.symbols ?? defaultSymbolMap();
    this.limiter = new TokenBucket({
      capacity: limit.requests,
      windowMilliseconds: limit.windowMilliseconds,
      now: this.now,
      sleep,
    });
    this.retry = { attempts: 5, baseMilliseconds: 1_000, maxMilliseconds: 60_000, sleep, ...options.retry };
    this.throttleMilliseconds = limit.windowMilliseconds;
    this.capabilities = {
      streams: { quotes: false, trades: false, bars: false },
      history: { bars: ['1m', '5m', '15m', '30m', '1h', '1d'], quotes: false, trades: false },
      rateLimit: {
        requests: limit.requests,
        perMilliseconds: limit.windowMilliseconds,
        basis:
          'Yahoo publishes no limit; a conservative 60 requests/minute, and its 429 answers are honoured',
      },
    };
  }

  async connect(): Promise<void> {
    throw new AtsError(
      'INVALID_INPUT',
      'yahoo: Yahoo Finance has no real-time stream; use it for history only',
    );
  }

  async reconnect(): Promise<void> {
    await this.connect();
  }

  async disconnect(): Promise<void> {}

  lastMessageAt(): number | null {
    return null;
  }

  onStatus(listener: (event: DataClientStatusEvent) => void): () => void {
    return this.status.add(listener);
  }

  /** Bars in pages of the longest range Yahoo serves at the interval (7 days of 1-minute bars). */
  async *historyBars(request: BarHistoryRequest): AsyncGenerator<HistoryPage<Bar>> {
    const { maxRangeMilliseconds } = providerTimeframe(yahooIntervals, request.timeframe, 'yahoo');
    for (let from = request.from; from < request.to; from += maxRangeMilliseconds) {
      const to = Math.min(request.to, from + maxRangeMilliseconds);
      const chart = await this.chart(request.symbol, request.timeframe, from, to);
      const items = chart.bars.filter((bar) => bar.time >= request.from && bar.time < request.to);
      yield { source: yahooSource, symbol: request.symbol, items };
    }
  }

  /** The splits and dividends Yahoo reports for the symbol with ex-dates in [from, to). */
  async corporateActions(symbol: Ticker, from: number, to: number): Promise<CorporateAction[]> {
    const chart = await this.chart(symbol, '1d', from, to);
    return chart.actions.filter((action) => action.exDate >= from && action.exDate < to);
  }

  private async chart(
    symbol: Ticker,
    timeframe: BarHistoryRequest['timeframe'],
    from: number,
    to: number,
  ): Promise<YahooChart> {
    const url = new URL(
      `${this.baseUrl}/v8/finance/chart/${encodeURIComponent(this.symbols.toProvider(yahooSource, symbol))}`,
    );
    url.searchParams.set('period1', String(Math.floor(from / 1000)));
    url.searchParams.set('period2', String(Math.ceil(to / 1000)));
    url.searchParams.set('interval', providerTimeframe(yahooIntervals, timeframe, 'yahoo').interval);
    url.searchParams.set('events', 'div,splits');
    url.searchParams.set('includeAdjustedClose', 'true');
    url.searchParams.set('includePrePost', 'false');
    const body = await rateLimitedCall(
      async () => {
        let response: Response;
        try {
          response = await fetch(url, { signal: AbortSignal.timeout(30_000) });
        } catch (error) {
          throw providerNetworkFailure(yahooSource, error);
        }
        const text = await response.text();
        let parsed: unknown = null;
        try {
          parsed = JSON.parse(text);
        } catch {
          parsed = null;
        }
        if (!response.ok) {
          const error =
            (parsed as { chart?: { error?: { code?: string; description?: string } } } | null)?.chart
              ?.error ?? null;
          const message = error ? `${error.code}: ${error.description}` : text.trim().slice(0, 200);
          throw providerHttpFailure(
            yahooSource,
            response.status,
            message,
            retryAfterMilliseconds(response.headers.get('retry-after'), this.now()),
            this.throttleMilliseconds,
          );
        }
        if (parsed === null)
          throw new AtsError('DATA_PROVIDER_UNAVAILABLE', 'yahoo: the chart answer is not JSON');
        return parsed;
      },
      { limiter: this.limiter, retry: this.retry },
    );
    return parseYahooChart(body, symbol, timeframe);
  }
}
