// Market data records: quotes (top of book with last trade), trade ticks and OHLCV bars.
import type { Ticker } from '../identifiers/identifiers.js';
import type { Price } from '../values/price.js';
import type { Timeframe } from './timeframe.js';

/** A top-of-book quote with the last trade price, as the spec's market_quotes row holds it. */
export interface Quote {
  readonly symbol: Ticker;
  /** When the venue stamped it (epoch ms). */
  readonly time: number;
  /** When we received it (epoch ms). */
  readonly receivedAt: number;
  readonly bid: Price;
  readonly ask: Price;
  readonly bidSize: number;
  readonly askSize: number;
  /** Last trade price (the spec's `price` column). */
  readonly last: Price;
  /** Shares traded since the previous quote. */
  readonly volume: number;
}

/** One trade print. */
export interface TradeTick {
  readonly symbol: Ticker;
  readonly time: number;
  readonly receivedAt: number;
  readonly price: Price;
  readonly size: number;
}

/** An OHLCV bar; `time` is the bar's start (the convention everywhere in ATS). */
export interface Bar {
  readonly symbol: Ticker;
  readonly timeframe: Timeframe;
  readonly time: number;
  readonly open: Price;
  readonly high: Price;
  readonly low: Price;
  readonly close: Price;
  readonly volume: number;
  /** Dividend and split adjusted close when the source has one. */
  readonly adjustedClose?: Price;
}

/** The mid price of a quote, rounded down to a whole 1/10,000. */
export function midRaw(quote: Quote): number {
  return Math.floor((quote.bid.raw + quote.ask.raw) / 2);
}
