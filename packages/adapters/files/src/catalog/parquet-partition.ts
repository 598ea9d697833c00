// One partition file of the data catalog, as Apache Parquet: one row group, one REQUIRED DOUBLE column per
// field, PLAIN encoding, uncompressed, one page per column. Any Parquet reader opens it; this module reads
// its own layout back by locating each column's page from the footer and copying its bytes (no decoding,
// no object per row), and refuses any other layout with a message naming what differs.
import { InvalidInputError } from '@ats/core';

/** What a partition holds, and its columns in file order. Prices are raw fixed-point (1/10,000). */
export const recordColumns = {
  bars: ['time', 'open', 'high', 'low', 'close', 'volume'],
  quotes: ['time', 'bid', 'ask', 'bidSize', 'askSize'],
  ticks: ['time', 'price', 'size'],
} as const;

export type RecordKind = keyof typeof recordColumns;

export type Columns<K extends RecordKind> = {
  readonly [name in (typeof recordColumns)[K][number]]: Float64Array;
};

/** The key-value metadata entry that names the record kind of a partition. */
const kindKey = 'ats.kind';

type ParquetMetadataOf = typeof import('hyparquet')['parquetMetadata'];
type ParquetWriteBuffer = typeof import('hyparquet-writer')['parquetWriteBuffer'];

/** The Parquet footer reader and writer (hyparquet, hyparquet-writer), loaded once, on first use. */
export interface ParquetCodec {
  readonly metadataOf: ParquetMetadataOf;
  readonly writeBuffer: ParquetWriteBuffer;
}

let codec: Promise<ParquetCodec> | undefined;

/** Loads the Parquet libraries (about 20 modules): only a command that touches the catalog pays for them. */
export function loadParquetCodec(): Promise<ParquetCodec> {
  codec ??= Promise.all([import('hyparquet'), import('hyparquet-writer')]).then(([reader, writer]) => ({
    metadataOf: reader.parquetMetadata,
    writeBuffer: writer.parquetWriteBuffer,
  }));
  return codec;
}

/** The bytes of a Parquet partition holding `columns` (each the same length). */
export function encodePartition<K extends RecordKind>(
  parquet: ParquetCodec,
  kind: K,
  columns: Columns<K>,
): Uint8Array {
  const names = recordColumns[kind];
  const rows = (columns as Record<string, Float64Array>).time?.length ?? 0;
  const columnData = names.map((name) => {
    const column = (columns as Record<string, Float64Array>)[name];
    if (!column || column.length !== rows)
      throw new InvalidInputError(`columns.${name}`, `must hold ${rows} values like the time column`);
    return {
      name,
      data: column,
      type: 'DOUBLE' as const,
      nullable: false,
      encoding: 'PLAIN' as const,
      statistics: false,
    };
  });
  const buffer = parquet.writeBuffer({
    columnData,
    codec: 'UNCOMPRESSED',
    statistics: false,
    // One row group and one page per column: the reader below finds each column's values in one place.
    rowGroupSize: Math.max(1, rows),
    pageSize: Number.MAX_SAFE_INTEGER,
    kvMetadata: [{ key: kindKey, value: kind }],
    createdBy: 'ats data catalog',
  });
  return new Uint8Array(buffer);
}

/** Where each column's values lie in a partition file: byte offsets, in `recordColumns` order. */
export interface PartitionLayout {
  readonly rows: number;
  readonly offsets: readonly number[];
}

/** Reads a compact-protocol i32 field header and value at `at`; returns [value, next offset]. */
function compactInteger(bytes: Uint8Array, at: number, path: string): [number, number] {
  // Field header 0x15: field id delta 1, type i32.
  if (bytes[at] !== 0x15) throw new InvalidInputError(path, 'has a column page this catalog cannot read');
  let position = at + 1;
  let value = 0;
  let shift = 0;
  for (;;) {
    const byte = bytes[position++] as number;
    value += (byte & 0x7f) * 2 ** shift;
    if (byte < 0x80) break;
    shift += 7;
    if (shift > 35) throw new InvalidInputError(path, 'has a corrupt column page header');
  }
  // Zigzag: even values are positive.
  return [value % 2 === 0 ? value / 2 : -(value + 1) / 2, position];
}

/** A column chunk's byte range in a partition file, from its footer. */
interface ColumnChunkRange {
  readonly start: number;
  readonly end: number;
}

/** What a partition's footer says, once checked: its rows and each column's chunk, in `recordColumns` order. */
interface FooterFacts {
  readonly kind: RecordKind;
  readonly rows: number;
  readonly chunks: readonly ColumnChunkRange[];
}

/** The footer of a Parquet file (the bytes before its length and closing magic), or null if it has none. */
function footerOf(file: Uint8Array): Uint8Array | null {
  const size = file.byteLength;
  // "PAR1" closes the file, after the footer's length as a little-endian 32-bit integer.
  if (size < 12 || file[size - 4] !== 0x50 || file[size - 3] !== 0x41 || file[size - 2] !== 0x52) return null;
  if (file[size - 1] !== 0x31) return null;
  const length =
    ((file[size - 8] as number) |
      ((file[size - 7] as number) << 8) |
      ((file[size - 6] as number) << 16) |
      ((file[size - 5] as number) << 24)) >>>
    0;
  if (length > size - 12) return null;
  return file.subarray(size - 8 - length, size - 8);
}

/**
 * The last footer checked and what it said. The catalog's writer and its settings are fixed, so its
 * partitions of the same row count have byte-identical footers (a minute-bar catalog's full days all
 * do): a load compares each file's footer with the last one, a memcmp of a few hundred bytes, and parses
 * one footer per distinct row count instead of one per file (the footer parse was about a tenth of
 * loading 10M minute bars). Identical bytes give identical metadata, so nothing is checked less.
 */
export class FooterMemo {
  private footer: Buffer | null = null;
  private facts: FooterFacts | null = null;

  /** What the footer said if it is the last one checked for `kind`. */
  recall(footer: Uint8Array | null, kind: RecordKind): FooterFacts | null {
    const last = this.footer;
    if (footer === null || last === null || this.facts?.kind !== kind) return null;
    if (last.length !== footer.length) return null;
    return last.equals(footer) ? this.facts : null;
  }

  /** Keeps a checked footer (copied: the caller's buffer is reused for the next file). */
  remember(footer: Uint8Array | null, facts: FooterFacts): void {
    if (footer === null) return;
    this.footer = Buffer.from(footer);
    this.facts = facts;
  }
}

/**
 * Checks a partition's footer says what this catalog writes (the record kind, its columns as REQUIRED
 * uncompressed PLAIN DOUBLEs in one row group) and returns the column chunks it names.
 */
function footerFacts(parquet: ParquetCodec, kind: RecordKind, file: Uint8Array, path: string): FooterFacts {
  let metadata: ReturnType<ParquetMetadataOf>;
  try {
    metadata = parquet.metadataOf(file);
  } catch (error) {
    throw new InvalidInputError(path, `is not a catalog partition (${(error as Error).message})`);
  }
  const stored = metadata.key_value_metadata?.find((entry) => entry.key === kindKey)?.value;
  if (stored !== kind)
    throw new InvalidInputError(path, `does not hold ${kind} (its ${kindKey} is ${stored ?? 'absent'})`);
  const rows = Number(metadata.num_rows);
  const names = recordColumns[kind];
  if (rows === 0) return { kind, rows, chunks: [] };
  const group = metadata.row_groups[0];
  if (metadata.row_groups.length !== 1 || !group)
    throw new InvalidInputError(path, `has ${metadata.row_groups.length} row groups; the catalog writes one`);
  const chunks = names.map((name) => {
    const chunk = group.columns.find((column) => column.meta_data?.path_in_schema.join('.') === name);
    const meta = chunk?.meta_data;
    if (!meta) throw new InvalidInputError(path, `has no column ${name}`);
    if (meta.type !== 'DOUBLE' || meta.codec !== 'UNCOMPRESSED' || meta.dictionary_page_offset !== undefined)
      throw new InvalidInputError(
        path,
        `column ${name} is ${meta.type} ${meta.codec}${meta.dictionary_page_offset !== undefined ? ' with a dictionary' : ''}; the catalog reads uncompressed PLAIN DOUBLE columns`,
      );
    const start = Number(meta.data_page_offset);
    return { start, end: start + Number(meta.total_compressed_size) };
  });
  return { kind, rows, chunks };
}

/**
 * The layout of a partition file: its footer checked (or recalled from `memo`, when it is the same as
 * the last one checked) and each column's page header checked against it.
 */
export function partitionLayout(
  parquet: ParquetCodec,
  kind: RecordKind,
  file: Uint8Array,
  path: string,
  memo: FooterMemo = new FooterMemo(),
): PartitionLayout {
  const footer = footerOf(file);
  let facts = memo.recall(footer, kind);
  if (facts === null) {
    facts = footerFacts(parquet, kind, file, path);
    memo.remember(footer, facts);
  }
  const { rows, chunks } = facts;
  const names = recordColumns[kind];
  if (rows === 0) return { rows, offsets: names.map(() => 0) };
  const valueBytes = rows * 8;
  const offsets = chunks.map(({ start, end }, position) => {
    const name = names[position] as string;
    if (end > file.byteLength) throw new InvalidInputError(path, `is truncated in column ${name}`);
    // PageHeader: type, uncompressed size, compressed size; the values then fill the rest of the chunk.
    const [pageType, afterType] = compactInteger(file, start, path);
    const [uncompressed, afterSize] = compactInteger(file, afterType, path);
    const [compressed] = compactInteger(file, afterSize, path);
    if ((pageType !== 0 && pageType !== 3) || uncompressed !== valueBytes || compressed !== valueBytes)
      throw new InvalidInputError(
        path,
        `column ${name} is not one plain page of ${rows} values (page type ${pageType}, ${compressed} bytes)`,
      );
    return end - valueBytes;
  });
  return { rows, offsets };
}

/** Columns of a partition file (views on its bytes when aligned, else one copy per column). */
export function decodePartition<K extends RecordKind>(
  parquet: ParquetCodec,
  kind: K,
  file: Uint8Array,
  path: string,
  memo?: FooterMemo,
): Columns<K> {
  const { rows, offsets } = partitionLayout(parquet, kind, file, path, memo);
  const columns: Record<string, Float64Array> = {};
  recordColumns[kind].forEach((name, position) => {
    const at = file.byteOffset + (offsets[position] as number);
    columns[name] =
      at % 8 === 0
        ? new Float64Array(file.buffer, at, rows)
        : new Float64Array(file.buffer.slice(at, at + rows * 8));
  });
  return columns as Columns<K>;
}

/** Copies column `position` of a partition into `target` from row `row` on (a byte copy, no decoding). */
export function copyPartitionColumn(
  file: Uint8Array,
  layout: PartitionLayout,
  position: number,
  target: Float64Array,
  row: number,
): void {
  const bytes = layout.rows * 8;
  const at = layout.offsets[position] as number;
  new Uint8Array(target.buffer, target.byteOffset + row * 8, bytes).set(file.subarray(at, at + bytes));
}
