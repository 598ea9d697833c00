// The time order of a bars map, worked out once per map: runs over the same loaded data (an optimizer's
// evaluations, walk-forward folds, a benchmark's repeated runs) merge and check their bars once.
import type { Bar, Ticker } from '@ats/core';
import { inTimeOrder, type OrderedBars } from './bars-in-time-order.js';

interface Known {
  /** The series the order was made from, by identity, and their lengths then. */
  readonly symbols: readonly Ticker[];
  readonly series: readonly (readonly Bar[])[];
  readonly lengths: readonly number[];
  readonly ordered: OrderedBars;
}

/** Weakly held: a map nobody keeps any more takes its order with it. */
const known = new WeakMap<ReadonlyMap<Ticker, readonly Bar[]>, Known>();

/**
 * `inTimeOrder(bars)`, reused while the map holds the same symbols, in the same order, with the same
 * series arrays of the same lengths (what a map given to several runs does; adding, removing or
 * replacing a series, or appending bars, makes a new order). The series are `readonly Bar[]`: a bar
 * replaced in place inside a series is the one change this does not see. Merging 100 symbols' 503,600
 * bars took about 40 ms of a 700 ms run; checking a million-bar series' order about 10 ms.
 */
export function timeOrderOf(bars: ReadonlyMap<Ticker, readonly Bar[]>): OrderedBars {
  const entry = known.get(bars);
  if (entry !== undefined && unchanged(entry, bars)) return entry.ordered;
  const ordered = inTimeOrder(bars);
  const series = [...bars.values()];
  known.set(bars, {
    symbols: [...bars.keys()],
    series,
    lengths: series.map((list) => list.length),
    ordered,
  });
  return ordered;
}

function unchanged(entry: Known, bars: ReadonlyMap<Ticker, readonly Bar[]>): boolean {
  if (bars.size !== entry.series.length) return false;
  let index = 0;
  for (const [symbol, list] of bars) {
    if (
      symbol !== entry.symbols[index] ||
      list !== entry.series[index] ||
      list.length !== entry.lengths[index]
    )
      return false;
    index++;
  }
  return true;
}
