// The data-client port: a market data source (simulated market, provider adapters, files, replay)
// streaming quotes, trades and bars, answering history requests page by page, describing what it can
// do, and announcing its connection status.
import type { Ticker } from '../identifiers/identifiers.js';
import type { Bar, Quote, TradeTick } from '../market-data/market-data.js';
import type { Timeframe } from '../market-data/timeframe.js';

/**
 * A quote as a provider delivers it, before validation: every field may be wrong. `time` is epoch ms
 * UTC; prices are decimal text when the adapter had the exact text (so no float error enters).
 */
export interface RawQuote {
  readonly symbol: string;
  readonly time: number;
  readonly bid: number | string;
  readonly ask: number | string;
  readonly bidSize: number;
  readonly askSize: number;
  readonly last: number | string;
  readonly volume: number;
  /** The provider's name (DataClient.name); absent only from sources older than this field. */
  readonly source?: string;
}

/** A trade print as a provider delivers it, before validation. */
export interface RawTrade {
  readonly symbol: string;
  /** Epoch ms UTC. */
  readonly time: number;
  readonly price: number | string;
  readonly size: number;
  readonly source: string;
  /** The provider's trade id, when it has one (for duplicate detection). */
  readonly tradeId?: string;
  /** The exchange code as the provider names it. */
  readonly exchange?: string;
  /** Sale conditions as the provider codes them. */
  readonly conditions?: readonly string[];
}

/** A streamed bar as a provider delivers it, before validation; `time` is the bar's start. */
export interface RawBar {
  readonly symbol: string;
  readonly timeframe: Timeframe;
  readonly time: number;
  readonly open: number | string;
  readonly high: number | string;
  readonly low: number | string;
  readonly close: number | string;
  readonly volume: number;
  readonly source: string;
  /** Volume weighted average price, when the provider sends it. */
  readonly vwap?: number | string;
  readonly tradeCount?: number;
}

/** Where streamed data goes; a channel without a handler is not subscribed. */
export interface MarketDataHandlers {
  readonly onQuote?: (quote: RawQuote) => void;
  readonly onTrade?: (trade: RawTrade) => void;
  readonly onBar?: (bar: RawBar) => void;
}

/** A history request: one symbol, [from, to) in epoch ms UTC. */
export interface HistoryRequest {
  readonly symbol: Ticker;
  readonly from: number;
  /** Exclusive. */
  readonly to: number;
  /** Records per page asked of the provider; adapters cap it at the provider's maximum. */
  readonly pageSize?: number;
}

export interface BarHistoryRequest extends HistoryRequest {
  readonly timeframe: Timeframe;
}

/**
 * One page of history, in time order. Bars are raw (as traded, not split or dividend adjusted);
 * `adjustedClose` is set when the provider sends one. Adjusting is done by ATS from stored corporate
 * actions, so raw and adjusted series are both available whatever the provider.
 */
export interface HistoryPage<T> {
  readonly source: string;
  readonly symbol: Ticker;
  readonly items: readonly T[];
}

/** A provider's published request limit: `requests` per `perMilliseconds`. */
export interface PublishedRateLimit {
  readonly requests: number;
  readonly perMilliseconds: number;
  /** Where the figure comes from (plan, documentation page). */
  readonly basis: string;
}

/** What a data client can do, so a failover chain or backfill picks a capable one. */
export interface DataClientCapabilities {
  readonly streams: { readonly quotes: boolean; readonly trades: boolean; readonly bars: boolean };
  readonly history: {
    /** Timeframes of bar history; empty when it has none. */
    readonly bars: readonly Timeframe[];
    readonly quotes: boolean;
    readonly trades: boolean;
  };
  /** The published limit the adapter's token bucket enforces; null when the source has none. */
  readonly rateLimit: PublishedRateLimit | null;
  /** Most symbols one stream connection may subscribe to, when the provider caps it. */
  readonly maxStreamSymbols?: number;
}

export type DataClientStatus = 'connected' | 'disconnected' | 'error';

/** A connection status change, for the watchdog and failover. */
export interface DataClientStatusEvent {
  readonly source: string;
  readonly status: DataClientStatus;
  /** Epoch ms of the event (wall clock). */
  readonly time: number;
  /** Why: the close reason, the provider's error message and code. */
  readonly reason?: string;
  /** The provider's error code (e.g. Alpaca 402, 406), when it sent one. */
  readonly code?: number | string;
}

export interface DataClient {
  /** The provider's name; every record it delivers carries it as `source`. */
  readonly name: string;
  readonly capabilities: DataClientCapabilities;
  /**
   * Connects (authenticating where needed) and streams the symbols' data to the handlers; resolves
   * once subscribed, rejects when connecting or authenticating fails.
   */
  connect(symbols: readonly Ticker[], handlers: MarketDataHandlers): Promise<void>;
  /** Drops the connection and connects again with the same symbols and handlers (for the watchdog). */
  reconnect(): Promise<void>;
  disconnect(): Promise<void>;
  /** Epoch ms (wall clock) of the last message received, for the staleness watchdog; null before any. */
  lastMessageAt(): number | null;
  /** Listens to connection status changes; returns a function that stops listening. */
  onStatus(listener: (event: DataClientStatusEvent) => void): () => void;
  /** Bar history as pages, rate limited and retried; absent when `capabilities.history.bars` is empty. */
  historyBars?(request: BarHistoryRequest): AsyncIterable<HistoryPage<Bar>>;
  /** Quote history, where the provider has it. */
  historyQuotes?(request: HistoryRequest): AsyncIterable<HistoryPage<Quote>>;
  /** Trade history, where the provider has it. */
  historyTrades?(request: HistoryRequest): AsyncIterable<HistoryPage<TradeTick>>;
}
