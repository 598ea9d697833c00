// What the portfolio-aware sizers read: current holdings and the return statistics of symbols.

export interface Holding {
  readonly symbol: string;
  /** Signed market value. */
  readonly value: number;
}

export interface ReturnStatistics {
  /** Daily return volatility of a symbol, or null while unknown. */
  volatilityOf(symbol: string): number | null;
  /** Correlation of two symbols' daily returns, or null while unknown. */
  correlationOf(first: string, second: string): number | null;
  /** The covariance matrix of daily returns of these symbols (row-major), or null if one is unknown. */
  covarianceOf(symbols: readonly string[]): Float64Array | null;
}
