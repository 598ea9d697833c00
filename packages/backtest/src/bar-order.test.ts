// The runner's merge of several symbols' bars: time order, and the config's symbol order within a time.
import { type Bar, SeededRandom, type Ticker } from '@ats/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { inTimeOrder } from './bars-in-time-order.js';
import { flatPriceSeries as series } from './flat-price-series.js';

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
    // Times 1 to 5: the curve's five points.
    expect(ordered.timeSteps).toBe(5);
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

  // Series drawn from a few times (so they share many, as in a universe) or many (scattered, the heap),
  // sorted, with repeats, some empty: every merge is reached.
  const sortedSeries = fc
    .tuple(fc.integer({ min: 1, max: 8 }), fc.integer({ min: 3, max: 400 }))
    .chain(([symbols, spread]) =>
      fc.array(fc.array(fc.integer({ min: 0, max: spread }), { maxLength: 40 }), {
        minLength: symbols,
        maxLength: symbols,
      }),
    );

  it('equals a stable sort, symbol indices included, and counts the distinct times, on any sorted series', () => {
    fc.assert(
      fc.property(sortedSeries, fc.boolean(), (lists, sameTimes) => {
        const bars = new Map<Ticker, Bar[]>(
          lists.map((times, index) => {
            const symbol = `S${index}`;
            // Half the cases use one strictly increasing history for every symbol (the shared walk).
            const own = sameTimes ? [...new Set(lists[0] ?? [])] : times;
            return [
              symbol as Ticker,
              series(
                symbol,
                [...own].sort((a, b) => a - b),
              ),
            ] as const;
          }),
        );
        const ordered = inTimeOrder(bars);
        const names = [...bars.keys()];
        expect(ordered.bars).toEqual(stableSorted(bars));
        expect([...ordered.symbolIndex]).toEqual(ordered.bars.map((bar) => names.indexOf(bar.symbol)));
        expect(ordered.timeSteps).toBe(
          new Set(lists.flatMap((_, index) => (bars.get(`S${index}` as Ticker) ?? []).map((bar) => bar.time)))
            .size,
        );
      }),
      { numRuns: 300 },
    );
  });

  it('names the first series in the config order that is not sorted, at its first bar out of order', () => {
    fc.assert(
      fc.property(sortedSeries, fc.nat(), fc.nat(), (lists, pick, at) => {
        const sorted = lists.map((times) => [...times].sort((a, b) => a - b));
        const target = pick % sorted.length;
        const times = sorted[target] as number[];
        // Put a later time in front of an earlier one (needs two distinct times).
        const first = times.findIndex((time, index) => index > 0 && time > (times[index - 1] as number));
        if (first < 0) return;
        const swapAt = first + (at % (times.length - first));
        if (!((times[swapAt] as number) > (times[swapAt - 1] as number))) return;
        [times[swapAt - 1], times[swapAt]] = [times[swapAt] as number, times[swapAt - 1] as number];
        const bars = new Map<Ticker, Bar[]>(
          sorted.map((list, index) => [`S${index}` as Ticker, series(`S${index}`, list)] as const),
        );
        // The first unsorted series and bar, by definition.
        let expected = '';
        for (const [symbol, list] of bars) {
          const bad = list.findIndex((bar, index) => index > 0 && bar.time < (list[index - 1] as Bar).time);
          if (bad > 0) {
            expected = `bars of ${symbol} are not sorted by time: bar ${bad} `;
            break;
          }
        }
        expect(() => inTimeOrder(bars)).toThrow(expected);
      }),
      { numRuns: 300 },
    );
  });
});
