// The data-client port: a market data source (simulated market, provider adapters) pushing quotes.
import type { Ticker } from '../identifiers/identifiers.js';

/** A quote as a provider delivers it, before validation: every field may be wrong. */
export interface RawQuote {
  readonly symbol: string;
  readonly time: number;
  readonly bid: number | string;
  readonly ask: number | string;
  readonly bidSize: number;
  readonly askSize: number;
  readonly last: number | string;
  readonly volume: number;
}

export interface DataClient {
  readonly name: string;
  /** Starts delivering quotes for the symbols to `onQuote`. */
  connect(symbols: readonly Ticker[], onQuote: (quote: RawQuote) => void): Promise<void>;
  disconnect(): Promise<void>;
  /** Epoch ms of the last message received, for the staleness watchdog; null before any. */
  lastMessageAt(): number | null;
}
