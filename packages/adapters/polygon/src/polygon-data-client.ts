// Polygon.io market data behind the DataClient port: the stocks stream for quotes, trades and minute
// aggregates, and REST history, under the Basic plan's published 5 requests a minute.
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
  type HistoryRequest,
  type MarketDataHandlers,
  type Quote,
  type RetryOptions,
  type SymbolMap,
  type Ticker,
  TokenBucket,
  type TradeTick,
} from '@ats/core';
import { PolygonHistory } from './polygon-history.js';
import { PolygonMarketDataStream } from './polygon-stream.js';
import { polygonSource } from './polygon-wire.js';

export interface PolygonDataClientOptions {
  readonly apiKey: string;
  /** Default https://api.polygon.io */
  readonly restUrl?: string;
  /** Default wss://socket.polygon.io/stocks */
  readonly streamUrl?: string;
  /** The limit to keep to; default 5 requests a minute (Basic plan; paid plans are unlimited). */
  readonly rateLimit?: { readonly requests: number; readonly windowMilliseconds: number };
  readonly symbols?: SymbolMap;
  /** Stream one-second bars (Polygon's per-second aggregates, A.) besides the minute bars. */
  readonly secondBars?: boolean;
  readonly retry?: Partial<RetryOptions>;
  readonly now?: () => number;
  readonly sleep?: (milliseconds: number) => Promise<void>;
}

const sleepReal = (milliseconds: number) => new Promise<void>((resolve) => setTimeout(resolve, milliseconds));

export class PolygonDataClient implements DataClient {
  readonly name = polygonSource;
  readonly capabilities: DataClientCapabilities;
  private readonly status = new DataClientStatusListeners(polygonSource);
  private readonly stream: PolygonMarketDataStream;
  private readonly history: PolygonHistory;
  private subscription: { symbols: readonly Ticker[]; handlers: MarketDataHandlers } | null = null;

  constructor(options: PolygonDataClientOptions) {
    const limit = options.rateLimit ?? { requests: 5, windowMilliseconds: 60_000 };
    const now = options.now ?? (() => Date.now());
    const sleep = options.sleep ?? sleepReal;
    const symbols = options.symbols ?? defaultSymbolMap();
    this.capabilities = {
      streams: { quotes: true, trades: true, bars: true },
      history: { bars: ['1m', '5m', '15m', '30m', '1h', '1d'], quotes: true, trades: true },
      rateLimit: {
        requests: limit.requests,
        perMilliseconds: limit.windowMilliseconds,
        basis: 'Polygon.io: 5 API calls/minute on the free Basic plan',
      },
    };
    this.stream = new PolygonMarketDataStream({
      url: options.streamUrl ?? 'wss://socket.polygon.io/stocks',
      apiKey: options.apiKey,
      symbols,
      status: this.status,
      ...(options.secondBars ? { secondBars: true } : {}),
    });
    this.history = new PolygonHistory({
      baseUrl: (options.restUrl ?? 'https://api.polygon.io').replace(/\/+$/, ''),
      apiKey: options.apiKey,
      symbols,
      limiter: new TokenBucket({
        capacity: limit.requests,
        windowMilliseconds: limit.windowMilliseconds,
        now,
        sleep,
      }),
      retry: { attempts: 5, baseMilliseconds: 1_000, maxMilliseconds: 60_000, sleep, ...options.retry },
      now,
      throttleMilliseconds: limit.windowMilliseconds,
    });
  }

  async connect(symbols: readonly Ticker[], handlers: MarketDataHandlers): Promise<void> {
    this.subscription = { symbols, handlers };
    await this.stream.open(symbols, handlers);
  }

  async reconnect(): Promise<void> {
    if (!this.subscription) throw new AtsError('CONFLICT', 'polygon: reconnect before connect');
    await this.stream.close();
    await this.stream.open(this.subscription.symbols, this.subscription.handlers);
  }

  async disconnect(): Promise<void> {
    await this.stream.close();
  }

  lastMessageAt(): number | null {
    return this.stream.lastMessageAt();
  }

  onStatus(listener: (event: DataClientStatusEvent) => void): () => void {
    return this.status.add(listener);
  }

  historyBars(request: BarHistoryRequest): AsyncIterable<HistoryPage<Bar>> {
    return this.history.bars(request);
  }

  historyQuotes(request: HistoryRequest): AsyncIterable<HistoryPage<Quote>> {
    return this.history.quotes(request);
  }

  historyTrades(request: HistoryRequest): AsyncIterable<HistoryPage<TradeTick>> {
    return this.history.trades(request);
  }
}
