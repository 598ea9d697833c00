// The runner's merge of several symbols' bars: time order, and the config's symbol order within a time.
import { type Bar, Price, SeededRandom, type Ticker } from '@ats/core';
import { describe, expect, it } from 'vitest';
import { inTimeOrder } from './backtest-runner.js';

function series(symbol: string, times: readonly number[]): Bar[] {
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

/** The definition: concatenate in config order, stable sort by time. */
function stableSorted(bars: ReadonlyMap<Ticker, readonly Bar[]>): Bar[] {
  return [...bars.values()].flat().sort((a, b) => a.time - b.time);
}

describe('inTimeOrder', () => {
  it('equals a stable sort on aligned series with gaps and a repeated time', () => {
    const bars = new Map<Ticker, Bar[]>([
      ['B' as Ticker, series('B', [1, 2, 2, 4, 5])],
      ['A' as Ticker, series('A', [2, 3, 4])],
      ['C' as Ticker, series('C', [1, 2, 3, 4, 5])],
    ]);
    const ordered = inTimeOrder(bars);
    expect(ordered.bars).toEqual(stableSorted(bars));
    expect([...ordered.symbolIndex]).toEqual(ordered.bars.map((bar) => ['B', 'A', 'C'].indexOf(bar.symbol)));
  });

  it('equals a stable sort on scattered times (the heap merge)', () => {
    const random = new SeededRandom(5);
    const bars = new Map<Ticker, Bar[]>();
    // Twelve symbols of 100 scattered times: too few shared times for the aligned walk.
    for (const symbol of 'ABCDEFGHIJKL'.split('')) {
      let time = 0;
      const times: number[] = [];
      for (let index = 0; index < 100; index++) {
        time += Math.floor(random.next() * 1000);
        times.push(time);
      }
      bars.set(symbol as Ticker, series(symbol, times));
    }
    expect(inTimeOrder(bars).bars).toEqual(stableSorted(bars));
  });

  it('equals a stable sort on series with the same times (the shared-times walk), and on the same times with one repeated', () => {
    const times = [1, 2, 3, 5, 8, 13];
    const shared = new Map<Ticker, Bar[]>(
      ['C', 'A', 'B'].map((symbol) => [symbol as Ticker, series(symbol, times)] as const),
    );
    const ordered = inTimeOrder(shared);
    expect(ordered.bars).toEqual(stableSorted(shared));
    expect([...ordered.symbolIndex]).toEqual(ordered.bars.map((bar) => ['C', 'A', 'B'].indexOf(bar.symbol)));
    // A repeated time is not strictly increasing: another merge takes it, with the same result as a sort.
    const repeated = new Map<Ticker, Bar[]>(
      ['C', 'A'].map((symbol) => [symbol as Ticker, series(symbol, [1, 2, 2, 3])] as const),
    );
    expect(inTimeOrder(repeated).bars).toEqual(stableSorted(repeated));
  });

  it('names a series that is not sorted by time', () => {
    const bars = new Map([['Q' as Ticker, series('Q', [1, 3, 2])]]);
    expect(() => inTimeOrder(bars)).toThrow(/bars of Q are not sorted by time: bar 2/);
  });
});
