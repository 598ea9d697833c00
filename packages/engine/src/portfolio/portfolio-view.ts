// What the risk engine reads of the portfolio: cash, equity, positions and marks.
import type { Money, Price, Ticker } from '@ats/core';

export interface PortfolioView {
  cash(): Money;
  equity(): Money;
  /** Equity as raw money (1/10,000), allocating nothing: read on every checked order. */
  equityRaw(): number;
  /** Equity at the start of the current trading day, for the daily loss limit. */
  dayStartEquity(): Money;
  /** The account's signed position in a symbol. */
  netQuantity(symbol: Ticker): number;
  /** A strategy's signed position in a symbol. */
  strategyNetQuantity(strategyId: string, symbol: Ticker): number;
  /** The last known price of a symbol. */
  mark(symbol: Ticker): Price | null;
  /** When that price was seen (market time, epoch ms); null when never (or only from a fill). */
  markTime(symbol: Ticker): number | null;
}
