// The footer memo of partition reads: partitions with byte-identical footers parse one footer between them,
// yet a footer that differs, a kind that differs and a damaged page header are each still caught.
import { describe, expect, it } from 'vitest';
import {
  type Columns,
  encodePartition,
  FooterMemo,
  loadParquetCodec,
  type ParquetCodec,
  partitionLayout,
} from './parquet-partition.js';

/** A day of `rows` bars whose values start at `base` (different bases give different bodies, same footer). */
function barColumns(rows: number, base: number): Columns<'bars'> {
  const column = (offset: number) => Float64Array.from({ length: rows }, (_, index) => base + offset + index);
  return {
    time: Float64Array.from({ length: rows }, (_, index) => base * 86_400_000 + index * 60_000),
    open: column(1),
    high: column(2),
    low: column(3),
    close: column(4),
    volume: column(5),
  };
}

/** The codec with its footer parser counted. */
async function countingCodec(): Promise<{ codec: ParquetCodec; parses: () => number }> {
  const real = await loadParquetCodec();
  let parses = 0;
  const metadataOf: ParquetCodec['metadataOf'] = (...args) => {
    parses++;
    return real.metadataOf(...args);
  };
  return { codec: { metadataOf, writeBuffer: real.writeBuffer }, parses: () => parses };
}

describe('FooterMemo', () => {
  it('parses one footer for partitions of the same row count and finds the same layout as a fresh parse', async () => {
    const { codec, parses } = await countingCodec();
    const memo = new FooterMemo();
    const files = [1, 2, 3].map((day) => encodePartition(codec, 'bars', barColumns(390, day)));
    const layouts = files.map((file, day) => partitionLayout(codec, 'bars', file, `day-${day}`, memo));
    expect(parses()).toBe(1);
    for (const [day, file] of files.entries())
      expect(layouts[day]).toEqual(partitionLayout(codec, 'bars', file, `day-${day}`));
    // A day with another row count has another footer: parsed, then remembered in its turn.
    partitionLayout(codec, 'bars', encodePartition(codec, 'bars', barColumns(200, 4)), 'short day', memo);
    expect(parses()).toBe(5);
    partitionLayout(codec, 'bars', encodePartition(codec, 'bars', barColumns(200, 5)), 'short day 2', memo);
    expect(parses()).toBe(5);
  });

  it('still refuses a partition of another kind and a damaged page header after an identical footer', async () => {
    const codec = await loadParquetCodec();
    const memo = new FooterMemo();
    const file = encodePartition(codec, 'bars', barColumns(390, 1));
    partitionLayout(codec, 'bars', file, 'good', memo);
    // The same footer asked for as quotes: the kind is checked again, not recalled.
    expect(() => partitionLayout(codec, 'quotes', file, 'asked as quotes', memo)).toThrow(
      /asked as quotes: does not hold quotes/,
    );
    // The same footer over a body whose first page header is damaged: the header is checked per file.
    const damaged = encodePartition(codec, 'bars', barColumns(390, 2));
    partitionLayout(codec, 'bars', damaged, 'before damage', memo);
    // The first column's page header starts right after the file's opening "PAR1"; its first field
    // header (0x15, an i32) becomes another type.
    expect(damaged[4]).toBe(0x15);
    damaged[4] = 0x19;
    expect(() => partitionLayout(codec, 'bars', damaged, 'damaged', memo)).toThrow(
      /damaged: has a column page this catalog cannot read/,
    );
  });
});
