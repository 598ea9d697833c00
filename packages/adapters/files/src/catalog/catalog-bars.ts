// Between the catalog's columns and bar objects: bars to columns for import, and a time-aligned stream of
// several symbols' bars read one date at a time (only one date's bars are alive at once).
import { type Bar, Price, type Ticker, type Timeframe } from '@ats/core';
import type { DataCatalog } from './data-catalog.js';
import type { Columns } from './parquet-partition.js';

export function barsToColumns(bars: readonly Bar[]): Columns<'bars'> {
  return {
    time: Float64Array.from(bars, (bar) => bar.time),
    open: Float64Array.from(bars, (bar) => bar.open.raw),
    high: Float64Array.from(bars, (bar) => bar.high.raw),
    low: Float64Array.from(bars, (bar) => bar.low.raw),
    close: Float64Array.from(bars, (bar) => bar.close.raw),
    volume: Float64Array.from(bars, (bar) => bar.volume),
  };
}

export interface CatalogBarStream {
  readonly symbols: readonly Ticker[];
  readonly chunks: Iterable<readonly Bar[]>;
  readonly totalBars: number;
}

/**
 * Bars of several symbols in time order, one UTC date per chunk; within a time, symbols keep the order
 * given. Instants are epoch milliseconds; `from`/`to` bound the bars (inclusive).
 */
export function streamCatalogBars(
  catalog: DataCatalog,
  symbols: readonly Ticker[],
  timeframe: Timeframe,
  from = Number.NEGATIVE_INFINITY,
  to = Number.POSITIVE_INFINITY,
): CatalogBarStream {
  const series = { kind: 'bars', timeframe } as const;
  const fromDate = Number.isFinite(from) ? new Date(from).toISOString().slice(0, 10) : undefined;
  const toDate = Number.isFinite(to) ? new Date(to).toISOString().slice(0, 10) : undefined;
  const datesBySymbol = symbols.map((symbol) => catalog.dates(series, symbol, fromDate, toDate));
  const dates = [...new Set(datesBySymbol.flat())].sort();
  let totalBars = 0;
  symbols.forEach((symbol, index) => {
    for (const date of datesBySymbol[index] as string[]) totalBars += catalog.rowsOn(series, symbol, date);
  });
  function* chunks(): Generator<readonly Bar[]> {
    for (const date of dates) {
      const parts = symbols.map((symbol) => catalog.read(series, symbol, date));
      const cursors = new Uint32Array(parts.length);
      const chunk: Bar[] = [];
      // A k-way merge by time; ties go to the earlier symbol in the list.
      for (;;) {
        let pick = -1;
        let earliest = Number.POSITIVE_INFINITY;
        for (let index = 0; index < parts.length; index++) {
          const part = parts[index];
          if (!part) continue;
          const time = part.time[cursors[index] as number];
          if (time !== undefined && time < earliest) {
            earliest = time;
            pick = index;
          }
        }
        if (pick < 0) break;
        const part = parts[pick] as Columns<'bars'>;
        const row = cursors[pick] as number;
        cursors[pick] = row + 1;
        if (earliest < from || earliest > to) continue;
        chunk.push({
          symbol: symbols[pick] as Ticker,
          timeframe,
          time: earliest,
          open: Price.fromRaw(part.open[row] as number),
          high: Price.fromRaw(part.high[row] as number),
          low: Price.fromRaw(part.low[row] as number),
          close: Price.fromRaw(part.close[row] as number),
          volume: part.volume[row] as number,
        });
      }
      yield chunk;
    }
  }
  return { symbols, chunks: { [Symbol.iterator]: chunks }, totalBars };
}
