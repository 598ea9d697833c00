// Alpaca market data behind the DataClient port: the stocks stream for quotes, trades and minute bars,
// and REST history, under the Basic plan's published 200 requests a minute.
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
import type { AlpacaCredentials } from '../alpaca-configuration.js';
import { AlpacaHistory } from './alpaca-market-data-history.js';
import { AlpacaMarketDataStream } from './alpaca-market-data-stream.js';
import { alpacaSource } from './alpaca-market-data-wire.js';

export interface AlpacaMarketDataOptions {
  readonly credentials: AlpacaCredentials;
  /** Default https://data.alpaca.markets */
  readonly restUrl?: string;
  /** Default wss://stream.data.alpaca.markets/v2/<feed> */
  readonly streamUrl?: string;
  /** `iex` (Basic plan, the default) or `sip` (Algo Trader Plus). */
  readonly feed?: string;
  /** The limit to keep to; default 200 requests a minute (Basic plan). */
  readonly rateLimit?: { readonly requests: number; readonly windowMilliseconds: number };
  readonly symbols?: SymbolMap;
  readonly retry?: Partial<RetryOptions>;
  readonly now?: () => number;
  readonly sleep?: (milliseconds: number) => Promise<void>;
}

const sleepReal = (milliseconds: number) => new Promise<void>((resolve) => setTimeout(resolve, milliseconds));

export class AlpacaMarketDataClient implements DataClient {
  readonly name = alpacaSource;
  readonly capabilities: DataClientCapabilities;
  private readonly status = new DataClientStatusListeners(alpacaSource);
  private readonly stream: AlpacaMarketDataStream;
  private readonly history: AlpacaHistory;
  private subscription: { symbols: readonly Ticker[]; handlers: MarketDataHandlers } | null = null;

  constructor(options: AlpacaMarketDataOptions) {
    const feed = options.feed ?? 'iex';
    const limit = options.rateLimit ?? { requests: 200, windowMilliseconds: 60_000 };
    const now = options.now ?? (() => Date.now());
    const sleep = options.sleep ?? sleepReal;
    const symbols = options.symbols ?? defaultSymbolMap();
    this.capabilities = {
      streams: { quotes: true, trades: true, bars: true },
      history: { bars: ['1m', '5m', '15m', '30m', '1h', '1d'], quotes: true, trades: true },
      rateLimit: {
        requests: limit.requests,
        perMilliseconds: limit.windowMilliseconds,
        basis: 'Alpaca Market Data API: 200 requests/minute on the Basic plan',
      },
      // The Basic plan's IEX stream caps subscriptions at 30 symbols.
      ...(feed === 'iex' ? { maxStreamSymbols: 30 } : {}),
    };
    this.stream = new AlpacaMarketDataStream({
      url: options.streamUrl ?? `wss://stream.data.alpaca.markets/v2/${feed}`,
      credentials: options.credentials,
      symbols,
      status: this.status,
    });
    this.history = new AlpacaHistory({
      baseUrl: (options.restUrl ?? 'https://data.alpaca.markets').replace(/\/+$/, ''),
      credentials: options.credentials,
      feed,
      symbols,
      limiter: new TokenBucket({
        capacity: limit.requests,
        windowMilliseconds: limit.windowMilliseconds,
        now,
        sleep,
      }),
      retry: { attempts: 5, baseMilliseconds: 500, maxMilliseconds: 30_000, sleep, ...options.retry },
      now,
    });
  }

  async connect(symbols: readonly Ticker[], handlers: MarketDataHandlers): Promise<void> {
    this.subscription = { symbols, handlers };
    await this.stream.open(symbols, handlers);
  }

  async reconnect(): Promise<void> {
    if (!this.subscription) throw new AtsError('CONFLICT', 'alpaca: reconnect before connect');
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
