// Merges several symbols' bar series into one time order (the config's symbol order within a time),
// checking that each series is sorted by time, for a backtest's single pass over its bars.
import type { Bar, Ticker } from '@ats/core';

/** Every bar in time order, with the index (in the config's order) of each bar's symbol. */
export interface OrderedBars {
  readonly bars: readonly Bar[];
  readonly symbolIndex: Uint32Array;
  /** How many distinct times the bars have: the points of a per-time-step equity curve. */
  readonly timeSteps: number;
}

type Merged = Omit<OrderedBars, 'timeSteps'>;

/** The merged bars with their count of distinct times (a scan of numbers, once per map). */
function withTimeSteps(merged: Merged): OrderedBars {
  const bars = merged.bars;
  let steps = 0;
  for (let index = 0; index < bars.length; index++)
    if (index === 0 || (bars[index] as Bar).time !== (bars[index - 1] as Bar).time) steps++;
  return { bars, symbolIndex: merged.symbolIndex, timeSteps: steps };
}

/**
 * Every bar of every symbol in time order; within a time, symbols keep the config's order. Series with
 * the same times are interleaved directly, series that share most times are counting-sorted by time, and
 * anything else is a k-way merge on a binary heap keyed by (time, symbol index): O(n log k) for n bars
 * of k symbols. Throws a RangeError naming the first series (in the config's order) not sorted by time.
 */
export function inTimeOrder(bars: ReadonlyMap<Ticker, readonly Bar[]>): OrderedBars {
  const symbols = [...bars.keys()];
  const series = [...bars.values()];
  if (series.length === 1) {
    const only = series[0] as readonly Bar[];
    checkSorted(symbols[0] as Ticker, only);
    return withTimeSteps({ bars: only, symbolIndex: new Uint32Array(only.length) });
  }
  let total = 0;
  for (const list of series) total += list.length;
  // Each faster merge checks the order of the series it reads (equal times to a strictly increasing
  // first series imply sorted ones), so no separate pass over every bar is needed when one applies.
  const shared = sharedTimesInOrder(series, total);
  if (shared) return withTimeSteps(shared);
  const aligned = alignedInTimeOrder(symbols, series, total);
  if (aligned) return withTimeSteps(aligned);
  for (let symbol = 0; symbol < series.length; symbol++)
    checkSorted(symbols[symbol] as Ticker, series[symbol] as readonly Bar[]);
  return withTimeSteps(heapInTimeOrder(series, total));
}

function unsorted(symbol: Ticker, list: readonly Bar[], index: number): RangeError {
  return new RangeError(
    `bars of ${symbol} are not sorted by time: bar ${index} (${new Date((list[index] as Bar).time).toISOString()}) comes before the bar ahead of it`,
  );
}

function checkSorted(symbol: Ticker, list: readonly Bar[]): void {
  for (let index = 1; index < list.length; index++)
    if ((list[index] as Bar).time < (list[index - 1] as Bar).time) throw unsorted(symbol, list, index);
}

/**
 * Series with exactly the same strictly increasing times (one history under many names, or a universe
 * cut to common dates): time by time, symbol by symbol, found with comparisons of numbers only. Null
 * otherwise (an unsorted series among them included). The times are compared series by series against
 * the first's, read once into a typed array: each bar is read once, in the order it was stored.
 */
function sharedTimesInOrder(series: readonly (readonly Bar[])[], total: number): Merged | null {
  const first = series[0] as readonly Bar[];
  const length = first.length;
  for (const list of series) if (list.length !== length) return null;
  const times = new Float64Array(length);
  for (let index = 0; index < length; index++) {
    const time = (first[index] as Bar).time;
    if (index > 0 && !(time > (times[index - 1] as number))) return null;
    times[index] = time;
  }
  for (let symbol = 1; symbol < series.length; symbol++) {
    const list = series[symbol] as readonly Bar[];
    for (let index = 0; index < length; index++) if ((list[index] as Bar).time !== times[index]) return null;
  }
  const merged: Bar[] = new Array(total);
  const symbolIndex = new Uint32Array(total);
  let position = 0;
  for (let index = 0; index < length; index++) {
    for (let symbol = 0; symbol < series.length; symbol++) {
      merged[position] = (series[symbol] as readonly Bar[])[index] as Bar;
      symbolIndex[position++] = symbol;
    }
  }
  return { bars: merged, symbolIndex };
}

/**
 * The distinct times of all series in increasing order, merged series by series into a typed array (a
 * series whose times are all there already adds nothing and allocates nothing); checks each series is
 * sorted on the way. Null as soon as the distinct times times the series exceed `limit`.
 */
function distinctTimes(
  symbols: readonly Ticker[],
  series: readonly (readonly Bar[])[],
  limit: number,
): Float64Array | null {
  let union = new Float64Array(0);
  let size = 0;
  for (let symbol = 0; symbol < series.length; symbol++) {
    const list = series[symbol] as readonly Bar[];
    let contained = true;
    let at = 0;
    let previous = Number.NEGATIVE_INFINITY;
    for (let index = 0; index < list.length; index++) {
      const time = (list[index] as Bar).time;
      if (time < previous) throw unsorted(symbols[symbol] as Ticker, list, index);
      previous = time;
      if (!contained) continue;
      while (at < size && (union[at] as number) < time) at++;
      if (at === size || union[at] !== time) contained = false;
    }
    if (contained) continue;
    // A two-way merge of the union and this series, each time once.
    const merged = new Float64Array(size + list.length);
    let count = 0;
    let from = 0;
    for (let index = 0; index < list.length; index++) {
      const time = (list[index] as Bar).time;
      while (from < size && (union[from] as number) < time) merged[count++] = union[from++] as number;
      if (from < size && union[from] === time) from++;
      if (count === 0 || merged[count - 1] !== time) merged[count++] = time;
    }
    while (from < size) merged[count++] = union[from++] as number;
    union = merged;
    size = count;
    if (size * series.length > limit) return null;
  }
  return union.subarray(0, size);
}

/**
 * Series that share most of their times (daily bars of a universe): each bar's rank among the distinct
 * times, found by walking its series beside those times, then a counting sort by rank that visits the
 * series in the config's order (so a time keeps that order, and a series' repeated time its own).
 * O(bars + times) with no comparisons of bars to each other and no probe of every symbol at every
 * time. Null when the times are too scattered for that to pay (then the heap merges).
 */
function alignedInTimeOrder(
  symbols: readonly Ticker[],
  series: readonly (readonly Bar[])[],
  total: number,
): Merged | null {
  const longest = series.reduce((most, list) => Math.max(most, list.length), 0);
  // More than four checks per bar: scattered times, leave it to the heap.
  const times = distinctTimes(symbols, series, 4 * total + longest * series.length);
  if (times === null) return null;
  const rank = new Uint32Array(total);
  // starts[r + 1] counts the bars at the r-th time, then becomes where they start.
  const starts = new Uint32Array(times.length + 1);
  let at = 0;
  for (const list of series) {
    if (list.length === 0) continue;
    // Every time of the series is among `times` (sorted): find its first, then walk.
    let time = firstAtLeast(times, (list[0] as Bar).time);
    for (let index = 0; index < list.length; index++) {
      const barTime = (list[index] as Bar).time;
      while ((times[time] as number) < barTime) time++;
      rank[at++] = time;
      starts[time + 1] = (starts[time + 1] as number) + 1;
    }
  }
  for (let time = 1; time <= times.length; time++)
    starts[time] = (starts[time] as number) + (starts[time - 1] as number);
  const merged: Bar[] = new Array(total);
  const symbolIndex = new Uint32Array(total);
  at = 0;
  for (let symbol = 0; symbol < series.length; symbol++) {
    const list = series[symbol] as readonly Bar[];
    for (let index = 0; index < list.length; index++) {
      const time = rank[at++] as number;
      const position = starts[time] as number;
      starts[time] = position + 1;
      merged[position] = list[index] as Bar;
      symbolIndex[position] = symbol;
    }
  }
  return { bars: merged, symbolIndex };
}

/** The index of the first of the sorted `times` at least `time`. */
function firstAtLeast(times: Float64Array, time: number): number {
  let low = 0;
  let high = times.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if ((times[middle] as number) < time) low = middle + 1;
    else high = middle;
  }
  return low;
}

/** The general case: a k-way merge of the sorted series on a heap of symbol indices. */
function heapInTimeOrder(series: readonly (readonly Bar[])[], total: number): Merged {
  const merged: Bar[] = new Array(total);
  const symbolIndex = new Uint32Array(total);
  const next = new Uint32Array(series.length);
  // The heap holds symbol indices; the top is the symbol whose next bar comes first.
  const heap = new Uint32Array(series.length);
  let size = 0;
  const timeOf = (symbol: number) => ((series[symbol] as readonly Bar[])[next[symbol] as number] as Bar).time;
  const before = (a: number, b: number) => {
    const difference = timeOf(a) - timeOf(b);
    return difference < 0 || (difference === 0 && a < b);
  };
  const siftDown = (from: number) => {
    let position = from;
    for (;;) {
      const left = position * 2 + 1;
      if (left >= size) return;
      const right = left + 1;
      let smallest = left;
      if (right < size && before(heap[right] as number, heap[left] as number)) smallest = right;
      if (!before(heap[smallest] as number, heap[position] as number)) return;
      const swap = heap[position] as number;
      heap[position] = heap[smallest] as number;
      heap[smallest] = swap;
      position = smallest;
    }
  };
  for (let symbol = 0; symbol < series.length; symbol++) {
    if ((series[symbol] as readonly Bar[]).length === 0) continue;
    let position = size++;
    heap[position] = symbol;
    while (position > 0) {
      const parent = (position - 1) >> 1;
      if (!before(heap[position] as number, heap[parent] as number)) break;
      const swap = heap[position] as number;
      heap[position] = heap[parent] as number;
      heap[parent] = swap;
      position = parent;
    }
  }
  for (let index = 0; index < total; index++) {
    const symbol = heap[0] as number;
    const list = series[symbol] as readonly Bar[];
    merged[index] = list[next[symbol] as number] as Bar;
    symbolIndex[index] = symbol;
    next[symbol] = (next[symbol] as number) + 1;
    if ((next[symbol] as number) >= list.length) heap[0] = heap[--size] as number;
    siftDown(0);
  }
  return { bars: merged, symbolIndex };
}
