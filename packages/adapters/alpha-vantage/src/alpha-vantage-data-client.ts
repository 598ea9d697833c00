// Alpha Vantage daily and intraday time series behind the DataClient port (history only: it has no
// stream), under its published free limits (25 requests a day, and at most 5 a minute).
import {
  AtsError,
  type Bar,
  type BarHistoryRequest,
  type DataClient,
  type DataClientCapabilities,
  type DataClientStatusEvent,
  DataClientStatusListeners,
  defaultSymbolMap,
  type HistoryPage,
  providerHttpFailure,
  providerNetworkFailure,
  type RetryOptions,
  rateLimitedCall,
  retryAfterMilliseconds,
  type StandardTimeframe,
  type SymbolMap,
  TokenBucket,
  TokenBuckets,
} from '@ats/core';
import {
  alphaVantageIntervals,
  alphaVantageSource,
  checkAlphaVantageAnswer,
  parseAlphaVantageSeries,
} from './alpha-vantage-series.js';

export const alphaVantageEnvironmentKey = 'ALPHA_VANTAGE_API_KEY';

/** The key, or an error naming the variable (never its value). */
export function alphaVantageApiKeyFromEnvironment(
  environment: Readonly<Record<string, string | undefined>>,
): string {
  const key = environment[alphaVantageEnvironmentKey]?.trim();
  if (!key)
    throw new AtsError(
      'CONFIG_INVALID',
      `${alphaVantageEnvironmentKey} must be set to use the Alpha Vantage data provider`,
      {
        details: { variable: alphaVantageEnvironmentKey },
      },
    );
  return key;
}

export interface AlphaVantageLimit {
  readonly requests: number;
  readonly windowMilliseconds: number;
}

export interface AlphaVantageDataClientOptions {
  readonly apiKey: string;
  /** Default https://www.alphavantage.co */
  readonly baseUrl?: string;
  /** The limits to keep, all at once; default the free plan's 5 a minute and 25 a day. */
  readonly rateLimits?: readonly AlphaVantageLimit[];
  /** The pause after a per-minute throttle answer; default a minute. */
  readonly minuteThrottlePauseMilliseconds?: number;
  readonly symbols?: SymbolMap;
  readonly retry?: Partial<RetryOptions>;
  readonly now?: () => number;
  readonly sleep?: (milliseconds: number) => Promise<void>;
}

const sleepReal = (milliseconds: number) => new Promise<void>((resolve) => setTimeout(resolve, milliseconds));

export class AlphaVantageDataClient implements DataClient {
  readonly name = alphaVantageSource;
  readonly capabilities: DataClientCapabilities;
  private readonly status = new DataClientStatusListeners(alphaVantageSource);
  private readonly baseUrl: string;
  private readonly symbols: SymbolMap;
  private readonly limiter: TokenBuckets;
  private readonly retry: RetryOptions;
  private readonly now: () => number;

  constructor(private readonly options: AlphaVantageDataClientOptions) {
    const limits = options.rateLimits ?? [
      { requests: 5, windowMilliseconds: 60_000 },
      { requests: 25, windowMilliseconds: 86_400_000 },
    ];
    const sleep = options.sleep ?? sleepReal;
    this.now = options.now ?? (() => Date.now());
    this.baseUrl = (options.baseUrl ?? 'https://www.alphavantage.co').replace(/\/+$/, '');
    this.symbols = options.symbols ?? defaultSymbolMap();
    this.limiter = new TokenBuckets(
      limits.map(
        (limit) =>
          new TokenBucket({
            capacity: limit.requests,
            windowMilliseconds: limit.windowMilliseconds,
            now: this.now,
            sleep,
          }),
      ),
    );
    // A daily-limit answer asks for hours: give up then rather than hold the caller.
    this.retry = {
      attempts: 4,
      baseMilliseconds: 1_000,
      maxMilliseconds: 60_000,
      maxRetryAfterMilliseconds: 120_000,
      sleep,
      ...options.retry,
    };
    const tightest = limits.reduce((a, b) => (a.windowMilliseconds <= b.windowMilliseconds ? a : b));
    this.capabilities = {
      streams: { quotes: false, trades: false, bars: false },
      history: { bars: ['1m', '5m', '15m', '30m', '1h', '1d'], quotes: false, trades: false },
      rateLimit: {
        requests: tightest.requests,
        perMilliseconds: tightest.windowMilliseconds,
        basis: 'Alpha Vantage free plan: 25 requests/day, at most 5/minute; premium plans by the minute',
      },
    };
  }

  async connect(): Promise<void> {
    throw new AtsError(
      'INVALID_INPUT',
      'alpha-vantage: Alpha Vantage has no real-time stream; use it for history only',
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

  /**
   * Daily bars come in one answer (outputsize=full). Intraday bars come a month per request
   * (`month=YYYY-MM`), so a range is paged by calendar month.
   */
  async *historyBars(request: BarHistoryRequest): AsyncGenerator<HistoryPage<Bar>> {
    const symbol = this.symbols.toProvider(alphaVantageSource, request.symbol);
    const within = (bar: Bar) => bar.time >= request.from && bar.time < request.to;
    if (request.timeframe === '1d') {
      const body = await this.query({ function: 'TIME_SERIES_DAILY', symbol, outputsize: 'full' });
      yield {
        source: alphaVantageSource,
        symbol: request.symbol,
        items: parseAlphaVantageSeries(body, request.symbol, '1d').filter(within),
      };
      return;
    }
    const interval = Object.hasOwn(alphaVantageIntervals, request.timeframe)
      ? alphaVantageIntervals[request.timeframe as StandardTimeframe]
      : undefined;
    if (interval === undefined) throw new RangeError(`alpha-vantage serves no ${request.timeframe} bars`);
    const first = new Date(request.from);
    for (
      let month = Date.UTC(first.getUTCFullYear(), first.getUTCMonth(), 1);
      month < request.to;
      month = Date.UTC(new Date(month).getUTCFullYear(), new Date(month).getUTCMonth() + 1, 1)
    ) {
      const body = await this.query({
        function: 'TIME_SERIES_INTRADAY',
        symbol,
        interval,
        month: new Date(month).toISOString().slice(0, 7),
        outputsize: 'full',
        adjusted: 'false',
        extended_hours: 'false',
      });
      yield {
        source: alphaVantageSource,
        symbol: request.symbol,
        items: parseAlphaVantageSeries(body, request.symbol, request.timeframe).filter(within),
      };
    }
  }

  private query(parameters: Record<string, string>): Promise<Record<string, unknown>> {
    const url = new URL(`${this.baseUrl}/query`);
    for (const [name, value] of Object.entries(parameters)) url.searchParams.set(name, value);
    url.searchParams.set('datatype', 'json');
    url.searchParams.set('apikey', this.options.apiKey);
    return rateLimitedCall(
      async () => {
        let response: Response;
        try {
          response = await fetch(url, { signal: AbortSignal.timeout(30_000) });
        } catch (error) {
          throw providerNetworkFailure(alphaVantageSource, error);
        }
        const text = await response.text();
        if (!response.ok)
          throw providerHttpFailure(
            alphaVantageSource,
            response.status,
            text.trim().slice(0, 200),
            retryAfterMilliseconds(response.headers.get('retry-after'), this.now()),
          );
        let body: Record<string, unknown>;
        try {
          body = JSON.parse(text) as Record<string, unknown>;
        } catch {
          throw new AtsError('DATA_PROVIDER_UNAVAILABLE', 'alpha-vantage: the answer is not JSON');
        }
        checkAlphaVantageAnswer(body, this.now(), this.options.minuteThrottlePauseMilliseconds ?? 60_000);
        return body;
      },
      { limiter: this.limiter, retry: this.retry },
    );
  }
}
