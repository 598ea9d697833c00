// Bars built on the fly from quotes or trade ticks, by the live data engine's bar aggregator: trade ticks by
// their price and size, quotes by their mid price.
import { type Bar, Price, type Quote, type Ticker, type Timeframe } from '@ats/core';
import { BarAggregator } from '@ats/engine';

/** One price observation: a trade (price, size) or a quote's mid (size 0). Raw prices (1/10,000). */
export interface PricePoint {
  readonly symbol: Ticker;
  readonly time: number;
  readonly price: number;
  readonly size: number;
}

/** The mid of a bid and an ask, in raw units, rounded half up (a half unit is not representable). */
export function midRaw(bid: number, ask: number): number {
  return Math.floor((bid + ask + 1) / 2);
}

/** Bars of `timeframe` from points in time order (per symbol), each bar stamped at its period's start. */
export function aggregateBars(points: Iterable<PricePoint>, timeframe: Timeframe): Bar[] {
  const bars: Bar[] = [];
  const aggregator = new BarAggregator(timeframe, (bar) => bars.push(bar));
  for (const point of points) {
    const price = Price.fromRaw(point.price);
    const quote: Quote = {
      symbol: point.symbol,
      time: point.time,
      receivedAt: point.time,
      bid: price,
      ask: price,
      bidSize: 0,
      askSize: 0,
      last: price,
      volume: point.size,
    };
    aggregator.add(quote);
  }
  aggregator.closeDue(Number.POSITIVE_INFINITY);
  return bars.sort((a, b) => a.time - b.time);
}
