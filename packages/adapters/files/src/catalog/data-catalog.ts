// The data catalog: bars (any timeframe), quotes and trade ticks in Parquet partition files, one file per
// instrument and UTC date, under <root>/<bars-TIMEFRAME|quotes|ticks>/<SYMBOL>/<YYYY-MM-DD>.parquet.
import {
  closeSync,
  fstatSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  readSync,
  renameSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { InvalidInputError, type Timeframe } from '@ats/core';
import {
  type Columns,
  copyPartitionColumn,
  decodePartition,
  encodePartition,
  FooterMemo,
  loadParquetCodec,
  type ParquetCodec,
  partitionLayout,
  type RecordKind,
  recordColumns,
} from './parquet-partition.js';

const day = 86_400_000;
const extension = '.parquet';
/** The extension of the column files the catalog wrote before it wrote Parquet. */
const oldExtension = '.cols';
/** Bytes read from a partition's end to find its row count: the footer of a catalog file is far smaller. */
const footerBytes = 64 * 1024;

/** Which series of the catalog: a kind, and for bars their timeframe. */
export type CatalogSeries =
  | { readonly kind: 'bars'; readonly timeframe: Timeframe }
  | { readonly kind: 'quotes' | 'ticks' };

function utcDate(time: number): string {
  return new Date(time - (((time % day) + day) % day)).toISOString().slice(0, 10);
}

function seriesFolder(series: CatalogSeries): string {
  return series.kind === 'bars' ? `bars-${series.timeframe}` : series.kind;
}

/** Rows [start, end) of every column. */
function sliceColumns<K extends RecordKind>(
  kind: K,
  columns: Columns<K>,
  start: number,
  end: number,
): Columns<K> {
  const sliced: Record<string, Float64Array> = {};
  for (const name of recordColumns[kind])
    sliced[name] = (columns as Record<string, Float64Array>)[name]?.subarray(start, end) as Float64Array;
  return sliced as Columns<K>;
}

/**
 * Bars of one partition merged with new ones: a new bar replaces a stored bar of the same time. Quotes
 * and ticks (several may share a millisecond) replace the stored partition of their date whole, so an
 * import of the same day twice stores it once.
 */
function merged<K extends RecordKind>(kind: K, stored: Columns<K> | null, incoming: Columns<K>): Columns<K> {
  if (!stored || kind !== 'bars') return incoming;
  const names = recordColumns[kind];
  const old = stored as Record<string, Float64Array>;
  const fresh = incoming as Record<string, Float64Array>;
  const oldTime = old.time as Float64Array;
  const newTime = fresh.time as Float64Array;
  const rows: { source: Record<string, Float64Array>; index: number }[] = [];
  let a = 0;
  let b = 0;
  while (a < oldTime.length || b < newTime.length) {
    const oldAt = a < oldTime.length ? (oldTime[a] as number) : Number.POSITIVE_INFINITY;
    const newAt = b < newTime.length ? (newTime[b] as number) : Number.POSITIVE_INFINITY;
    if (newAt <= oldAt) {
      rows.push({ source: fresh, index: b++ });
      if (newAt === oldAt) a++;
    } else rows.push({ source: old, index: a++ });
  }
  const out: Record<string, Float64Array> = {};
  for (const name of names) {
    const column = new Float64Array(rows.length);
    rows.forEach((row, position) => {
      column[position] = (row.source[name] as Float64Array)[row.index] as number;
    });
    out[name] = column;
  }
  return out as Columns<K>;
}

export class DataCatalog {
  /** A catalog at `root` (created on first write); loads the Parquet libraries first. */
  static async open(root: string): Promise<DataCatalog> {
    return new DataCatalog(root, await loadParquetCodec());
  }

  /** The last partition footer checked, for the next file read (see FooterMemo). */
  private readonly footers = new FooterMemo();

  private constructor(
    readonly root: string,
    private readonly parquet: ParquetCodec,
  ) {}

  private folder(series: CatalogSeries, symbol: string): string {
    if (!/^[A-Za-z0-9][A-Za-z0-9._-]{0,31}$/.test(symbol))
      throw new InvalidInputError('symbol', `'${symbol}' is not a catalog symbol`, symbol);
    return join(this.root, seriesFolder(series), symbol);
  }

  /**
   * Stores rows sorted by time, split into one partition per UTC date (merged with what is stored);
   * each file is written whole to a temporary name and renamed, so a reader never sees half a file.
   * Returns the number of rows written.
   */
  write<K extends RecordKind>(
    series: CatalogSeries & { kind: K },
    symbol: string,
    columns: Columns<K>,
  ): number {
    const kind = series.kind as K;
    const time = (columns as Record<string, Float64Array>).time as Float64Array;
    for (let index = 1; index < time.length; index++)
      if ((time[index] as number) < (time[index - 1] as number))
        throw new InvalidInputError(
          'time',
          `rows must be in time order (row ${index + 1} is earlier than row ${index})`,
        );
    const folder = this.folder(series, symbol);
    mkdirSync(folder, { recursive: true });
    let start = 0;
    while (start < time.length) {
      const date = utcDate(time[start] as number);
      const dayEnd = Date.parse(`${date}T00:00:00Z`) + day;
      let end = start;
      while (end < time.length && (time[end] as number) < dayEnd) end++;
      const path = join(folder, `${date}${extension}`);
      const stored = this.readFile(kind, path);
      const bytes = encodePartition(
        this.parquet,
        kind,
        merged(kind, stored, sliceColumns(kind, columns, start, end)),
      );
      const temporary = `${path}.${process.pid}.tmp`;
      writeFileSync(temporary, bytes);
      renameSync(temporary, path);
      start = end;
    }
    return time.length;
  }

  private readFile<K extends RecordKind>(kind: K, path: string): Columns<K> | null {
    let bytes: Uint8Array;
    try {
      bytes = readFileSync(path);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw error;
    }
    return decodePartition(this.parquet, kind, bytes, path, this.footers);
  }

  /** The symbols the catalog holds for a series. */
  symbols(series: CatalogSeries): string[] {
    try {
      return readdirSync(join(this.root, seriesFolder(series))).sort();
    } catch {
      return [];
    }
  }

  /** The partition dates of a symbol's series between two UTC dates (inclusive, either may be absent). */
  dates(series: CatalogSeries, symbol: string, from?: string, to?: string): string[] {
    let names: string[];
    try {
      names = readdirSync(this.folder(series, symbol));
    } catch {
      return [];
    }
    // Catalogs written before partitions were Parquet held `.cols` files: name them instead of finding
    // no data.
    if (names.some((name) => name.endsWith(oldExtension)))
      throw new InvalidInputError(
        join(seriesFolder(series), symbol),
        `holds partitions in the old ${oldExtension} format; import the data again with \`ats data import\` (the catalog now stores Parquet)`,
      );
    return names
      .filter((name) => name.endsWith(extension))
      .map((name) => name.slice(0, -extension.length))
      .filter((date) => (from === undefined || date >= from) && (to === undefined || date <= to))
      .sort();
  }

  /** Rows stored for a date, from the partition's Parquet footer (only the file's end is read). */
  rowsOn(series: CatalogSeries, symbol: string, date: string): number {
    const descriptor = openSync(join(this.folder(series, symbol), `${date}${extension}`), 'r');
    try {
      const size = fstatSync(descriptor).size;
      const length = Math.min(size, footerBytes);
      const tail = new Uint8Array(length);
      readSync(descriptor, tail, 0, length, size - length);
      return Number(this.parquet.metadataOf(tail).num_rows);
    } finally {
      closeSync(descriptor);
    }
  }

  /** One partition's columns, or null when the date has none. */
  read<K extends RecordKind>(
    series: CatalogSeries & { kind: K },
    symbol: string,
    date: string,
  ): Columns<K> | null {
    return this.readFile(series.kind as K, join(this.folder(series, symbol), `${date}${extension}`));
  }

  /**
   * Every row of a symbol's series between two dates, as whole columns. Each partition is read into one
   * reused buffer and its column bytes copied straight into place (no decoding, no buffer per file); the
   * columns are sized from the files' sizes, which bound their rows (8 bytes per value plus headers).
   */
  load<K extends RecordKind>(
    series: CatalogSeries & { kind: K },
    symbol: string,
    from?: string,
    to?: string,
  ): Columns<K> {
    const folder = this.folder(series, symbol);
    const names = recordColumns[series.kind];
    const paths = this.dates(series, symbol, from, to).map((date) => join(folder, `${date}${extension}`));
    let bytes = 0;
    for (const path of paths) bytes += statSync(path).size;
    let capacity = Math.floor(bytes / (8 * names.length));
    let columns = names.map(() => new Float64Array(capacity));
    let scratch = Buffer.allocUnsafe(0);
    let rows = 0;
    for (const path of paths) {
      const descriptor = openSync(path, 'r');
      let size: number;
      try {
        size = fstatSync(descriptor).size;
        if (size > scratch.length) scratch = Buffer.allocUnsafe(Math.max(size, scratch.length * 2));
        size = readSync(descriptor, scratch, 0, size, 0);
      } finally {
        closeSync(descriptor);
      }
      const file = scratch.subarray(0, size);
      const layout = partitionLayout(this.parquet, series.kind, file, path, this.footers);
      // A file rewritten since it was measured can hold more rows than the bound: grow.
      if (rows + layout.rows > capacity) {
        capacity = Math.max(capacity * 2, rows + layout.rows);
        columns = columns.map((column) => {
          const larger = new Float64Array(capacity);
          larger.set(column.subarray(0, rows));
          return larger;
        });
      }
      columns.forEach((column, position) => {
        copyPartitionColumn(file, layout, position, column, rows);
      });
      rows += layout.rows;
    }
    const out: Record<string, Float64Array> = {};
    names.forEach((name, position) => {
      out[name] = (columns[position] as Float64Array).subarray(0, rows);
    });
    return out as Columns<K>;
  }
}
