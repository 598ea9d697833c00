// Tests of bar aggregation from quotes: OHLCV per minute, closing on a later quote or on time.
import { type Bar, Price, type Quote, type Ticker } from '@ats/core';
import { describe, expect, it } from 'vitest';
import { BarAggregator } from './bar-aggregator.js';

const symbol = 'AAPL' as Ticker;
const quote = (seconds: number, last: string, volume: number): Quote => ({
  symbol,
  time: seconds * 1000,
  receivedAt: seconds * 1000,
  bid: Price.of(last),
  ask: Price.of(last),
  bidSize: 1,
  askSize: 1,
  last: Price.of(last),
  volume,
});

describe('BarAggregator', () => {
  it('builds OHLCV per minute and stamps bars at their start', () => {
    const bars: Bar[] = [];
    const aggregator = new BarAggregator('1m', (bar) => bars.push(bar));
    for (const [seconds, price, volume] of [
      [0, '10', 100],
      [20, '12', 50],
      [40, '9', 25],
      [59, '11', 10],
      [61, '11.5', 5],
    ] as const) {
      aggregator.add(quote(seconds, price, volume));
    }
    expect(bars).toHaveLength(1);
    const [bar] = bars;
    expect([bar?.time, bar?.open.toString(), bar?.high.toString(), bar?.low.toString(), bar?.close.toString(), bar?.volume]).toEqual([
      0,
      '10.0000',
      '12.0000',
      '9.0000',
      '11.0000',
      185,
    ]);
    aggregator.closeDue(119_999);
    expect(bars).toHaveLength(1);
    aggregator.closeDue(120_000);
    expect(bars).toHaveLength(2);
    expect(bars[1]?.time).toBe(60_000);
  });

  it('drops a late quote for a closed period and makes no bar for a silent minute', () => {
    const bars: Bar[] = [];
    const aggregator = new BarAggregator('1m', (bar) => bars.push(bar));
    aggregator.add(quote(0, '10', 1));
    aggregator.add(quote(185, '10', 1));
    aggregator.add(quote(30, '99', 1));
    aggregator.closeDue(240_000);
    expect(bars.map((bar) => bar.time)).toEqual([0, 180_000]);
  });
});
