// The time order kept per bars map: reused while the map is unchanged, made anew after any change a
// map or its series can see (a symbol added, removed or replaced, bars appended, symbols reordered).
import type { Bar, Ticker } from '@ats/core';
import { describe, expect, it } from 'vitest';
import { flatPriceSeries as series } from './flat-price-series.js';
import { timeOrderOf } from './time-order-cache.js';

const symbolsOf = (bars: readonly Bar[]) => bars.map((bar) => `${bar.symbol}@${bar.time}`);

describe('timeOrderOf', () => {
  it('gives the same order object for a map given again unchanged', () => {
    const bars = new Map<Ticker, Bar[]>([
      ['A' as Ticker, series('A', [1, 2, 3])],
      ['B' as Ticker, series('B', [1, 2, 3])],
    ]);
    expect(timeOrderOf(bars)).toBe(timeOrderOf(bars));
  });

  it('orders anew after a symbol is added, bars are appended, a series is replaced or symbols are reordered', () => {
    const a = series('A', [1, 3]);
    const bars = new Map<Ticker, Bar[]>([['A' as Ticker, a]]);
    expect(symbolsOf(timeOrderOf(bars).bars)).toEqual(['A@1', 'A@3']);
    bars.set('B' as Ticker, series('B', [2]));
    expect(symbolsOf(timeOrderOf(bars).bars)).toEqual(['A@1', 'B@2', 'A@3']);
    a.push(...series('A', [4]));
    expect(symbolsOf(timeOrderOf(bars).bars)).toEqual(['A@1', 'B@2', 'A@3', 'A@4']);
    bars.set('B' as Ticker, series('B', [5]));
    expect(symbolsOf(timeOrderOf(bars).bars)).toEqual(['A@1', 'A@3', 'A@4', 'B@5']);
    bars.delete('A' as Ticker);
    expect(symbolsOf(timeOrderOf(bars).bars)).toEqual(['B@5']);
    // Set again after a delete: the symbol now comes last in the map's order, and so within a time.
    bars.set('A' as Ticker, series('A', [5]));
    expect(symbolsOf(timeOrderOf(bars).bars)).toEqual(['B@5', 'A@5']);
  });

  it('keeps refusing a series out of time order on every run (a refusal is not kept)', () => {
    const bars = new Map<Ticker, Bar[]>([['A' as Ticker, series('A', [2, 1])]]);
    expect(() => timeOrderOf(bars)).toThrow(/bars of A are not sorted by time/);
    expect(() => timeOrderOf(bars)).toThrow(/bars of A are not sorted by time/);
  });
});
