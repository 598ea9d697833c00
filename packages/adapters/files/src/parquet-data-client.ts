// Market data from Parquet files (read by hyparquet, pure JavaScript) with the same column mapping as CSV.
import type { Bar, RawQuote, Timeframe } from '@ats/core';
import { type ColumnMapping, type FileRow, rowToBar, rowToQuote } from './column-mapping.js';
import { ReplayDataClient } from './replay-data-client.js';

/**
 * Rows of a Parquet file. Integer columns arrive as numbers or bigints and decimal text as strings, both
 * exact; DOUBLE price columns are rounded to 1/10,000 at this boundary (a float cannot be more exact).
 */
export async function readParquetRows(file: ArrayBuffer): Promise<FileRow[]> {
  // Loaded on first use: a command that reads no Parquet does not pay for the reader.
  const { parquetReadObjects } = await import('hyparquet');
  const objects = (await parquetReadObjects({ file })) as Record<string, unknown>[];
  return objects.map((cells, index) => ({ cells, values: Object.values(cells), line: index + 1 }));
}

export async function readParquetBars(
  file: ArrayBuffer,
  mapping: ColumnMapping,
  timeframe: Timeframe,
): Promise<Bar[]> {
  return (await readParquetRows(file)).map((row) => rowToBar(row, mapping, timeframe));
}

export async function readParquetQuotes(
  file: ArrayBuffer,
  mapping: ColumnMapping,
  source = 'parquet',
): Promise<RawQuote[]> {
  return (await readParquetRows(file)).map((row) => rowToQuote(row, mapping, source));
}

/** A DataClient over a Parquet file: its quotes as a replayable stream, or its bars as history. */
export async function parquetDataClient(options: {
  readonly name?: string;
  readonly file: ArrayBuffer;
  readonly mapping: ColumnMapping;
  readonly contents: 'quotes' | Timeframe;
  readonly speed?: number;
}): Promise<ReplayDataClient> {
  const name = options.name ?? 'parquet';
  const speed = options.speed ?? Number.POSITIVE_INFINITY;
  if (options.contents === 'quotes') {
    const quotes = (await readParquetQuotes(options.file, options.mapping, name)).sort(
      (a, b) => a.time - b.time,
    );
    return new ReplayDataClient({
      name,
      speed,
      records: quotes.map((quote) => ({ kind: 'quote', time: quote.time, quote })),
    });
  }
  const bars = (await readParquetBars(options.file, options.mapping, options.contents)).sort(
    (a, b) => a.time - b.time,
  );
  return new ReplayDataClient({ name, speed, records: [], historyBars: bars });
}
