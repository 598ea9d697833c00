// The Parquet catalog: rows split into one file per symbol and UTC date, read back exactly, merged on
// re-import, streamed time-aligned across symbols, readable by a standard Parquet reader; a file that is
// not a catalog partition is refused.
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Bar, Price, type Ticker } from '@ats/core';
import { parquetReadObjects } from 'hyparquet';
import { parquetWriteBuffer } from 'hyparquet-writer';
import { describe, expect, it } from 'vitest';
import { barsToColumns, streamCatalogBars } from './catalog-bars.js';
import { DataCatalog } from './data-catalog.js';

const start = Date.UTC(2024, 0, 2, 23, 58);

function minuteBars(symbol: string, count: number, first = start, base = 1_000_000): Bar[] {
  return Array.from({ length: count }, (_, index) => ({
    symbol: symbol as Ticker,
    timeframe: '1m' as const,
    time: first + index * 60_000,
    open: Price.fromRaw(base + index),
    high: Price.fromRaw(base + index + 7),
    low: Price.fromRaw(base + index - 3),
    close: Price.fromRaw(base + index + 1),
    volume: 100 + index,
  }));
}

const series = { kind: 'bars', timeframe: '1m' } as const;

describe('DataCatalog', () => {
  it('stores bars in one partition per UTC date and loads them back exactly', async () => {
    const catalog = await DataCatalog.open(mkdtempSync(join(tmpdir(), 'ats-catalog-')));
    const bars = minuteBars('SPY', 5); // 23:58, 23:59, then 00:00..00:02 of the next day
    expect(catalog.write(series, 'SPY', barsToColumns(bars))).toBe(5);
    expect(catalog.dates(series, 'SPY')).toEqual(['2024-01-02', '2024-01-03']);
    expect(catalog.rowsOn(series, 'SPY', '2024-01-03')).toBe(3);
    const loaded = catalog.load(series, 'SPY');
    expect(Array.from(loaded.time)).toEqual(bars.map((bar) => bar.time));
    expect(Array.from(loaded.high)).toEqual(bars.map((bar) => bar.high.raw));
    expect(Array.from(loaded.volume)).toEqual(bars.map((bar) => bar.volume));
  });

  it('writes each partition as a Parquet file that a standard Parquet reader reads back exactly', async () => {
    const root = mkdtempSync(join(tmpdir(), 'ats-catalog-'));
    const catalog = await DataCatalog.open(root);
    const bars = minuteBars('SPY', 5);
    catalog.write(series, 'SPY', barsToColumns(bars));
    expect(readdirSync(join(root, 'bars-1m', 'SPY')).sort()).toEqual([
      '2024-01-02.parquet',
      '2024-01-03.parquet',
    ]);
    const file = readFileSync(join(root, 'bars-1m', 'SPY', '2024-01-03.parquet'));
    const rows = await parquetReadObjects({
      file: file.buffer.slice(file.byteOffset, file.byteOffset + file.byteLength),
    });
    expect(rows).toEqual(
      bars.slice(2).map((bar) => ({
        time: bar.time,
        open: bar.open.raw,
        high: bar.high.raw,
        low: bar.low.raw,
        close: bar.close.raw,
        volume: bar.volume,
      })),
    );
  });

  it('merges a re-import: a bar of the same time is replaced, new times are added, nothing is doubled', async () => {
    const catalog = await DataCatalog.open(mkdtempSync(join(tmpdir(), 'ats-catalog-')));
    catalog.write(series, 'SPY', barsToColumns(minuteBars('SPY', 3)));
    catalog.write(series, 'SPY', barsToColumns(minuteBars('SPY', 4, start + 60_000, 2_000_000)));
    const loaded = catalog.load(series, 'SPY');
    expect(loaded.time).toHaveLength(5);
    expect(Array.from(loaded.open)).toEqual([1_000_000, 2_000_000, 2_000_001, 2_000_002, 2_000_003]);
  });

  it('streams several symbols time-aligned, one date per chunk, ties in the order of the symbols', async () => {
    const catalog = await DataCatalog.open(mkdtempSync(join(tmpdir(), 'ats-catalog-')));
    catalog.write(series, 'AAA', barsToColumns(minuteBars('AAA', 4)));
    catalog.write(series, 'BBB', barsToColumns(minuteBars('BBB', 2, start + 60_000)));
    const stream = streamCatalogBars(catalog, ['BBB', 'AAA'] as Ticker[], '1m');
    expect(stream.totalBars).toBe(6);
    const chunks = [...stream.chunks];
    expect(chunks.map((chunk) => chunk.length)).toEqual([3, 3]);
    expect(chunks.flat().map((bar) => `${bar.symbol}@${(bar.time - start) / 60_000}`)).toEqual([
      'AAA@0',
      'BBB@1',
      'AAA@1',
      'BBB@2',
      'AAA@2',
      'AAA@3',
    ]);
    // A range keeps only its bars.
    const ranged = streamCatalogBars(catalog, ['AAA'] as Ticker[], '1m', Date.UTC(2024, 0, 3));
    expect([...ranged.chunks].flat()).toHaveLength(2);
  });

  it('refuses a file that is not a partition, and rows out of time order', async () => {
    const root = mkdtempSync(join(tmpdir(), 'ats-catalog-'));
    const catalog = await DataCatalog.open(root);
    catalog.write(series, 'SPY', barsToColumns(minuteBars('SPY', 1)));
    const [file] = readdirSync(join(root, 'bars-1m', 'SPY'));
    writeFileSync(join(root, 'bars-1m', 'SPY', file as string), 'Date,Open\n');
    expect(() => catalog.load(series, 'SPY')).toThrow(/is not a catalog partition/);
    // A valid Parquet file of another layout (snappy-compressed) is named, not misread.
    const time = Float64Array.of(start);
    writeFileSync(
      join(root, 'bars-1m', 'SPY', file as string),
      new Uint8Array(
        parquetWriteBuffer({
          columnData: ['time', 'open', 'high', 'low', 'close', 'volume'].map((name) => ({
            name,
            data: time,
            type: 'DOUBLE' as const,
            nullable: false,
          })),
          kvMetadata: [{ key: 'ats.kind', value: 'bars' }],
        }),
      ),
    );
    expect(() => catalog.load(series, 'SPY')).toThrow(/column time is DOUBLE SNAPPY/);
    expect(() => catalog.write(series, 'SPY', barsToColumns(minuteBars('SPY', 3).reverse()))).toThrow(
      /rows must be in time order/,
    );
    expect(() => catalog.write(series, '../etc', barsToColumns([]))).toThrow(/not a catalog symbol/);
    // A partition of the column format the catalog wrote before Parquet is named, not skipped.
    writeFileSync(join(root, 'bars-1m', 'SPY', '2024-01-04.cols'), 'ATSCOL01');
    expect(() => catalog.load(series, 'SPY')).toThrow(/old \.cols format; import the data again/);
  });
});
