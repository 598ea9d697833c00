// Test support: one symbol's bars at given times, every price 1, for tests of time order and merging.
import { type Bar, Price, type Ticker } from '@ats/core';

/** Bars of `symbol` at `times` (one-minute bars, every price 1, volume 1). */
export function flatPriceSeries(symbol: string, times: readonly number[]): Bar[] {
  const price = Price.of('1');
  return times.map((time) => ({
    symbol: symbol as Ticker,
    timeframe: '1m',
    time,
    open: price,
    high: price,
    low: price,
    close: price,
    volume: 1,
  }));
}
