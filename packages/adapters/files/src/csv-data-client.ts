// Market data from CSV text with any column mapping: bars as history, quotes as a replayable feed.
import { type Bar, InvalidInputError, type RawQuote, type Timeframe } from '@ats/core';
import { type ColumnMapping, type FileRow, rowToBar, rowToQuote } from './column-mapping.js';
import { ReplayDataClient } from './replay-data-client.js';

export interface CsvFormat {
  /** Field separator (default ','). */
  readonly delimiter?: string;
  /** Whether the first line names the columns (default true). */
  readonly header?: boolean;
}

/** Splits CSV text into rows (quoted fields with doubled quotes are supported). */
export function readCsvRows(text: string, format: CsvFormat = {}): FileRow[] {
  const delimiter = format.delimiter ?? ',';
  const lines = text.split(/\r?\n/);
  const rows: FileRow[] = [];
  let names: string[] | null = null;
  lines.forEach((line, index) => {
    if (line.trim() === '') return;
    const values = splitLine(line, delimiter, index + 1);
    if ((format.header ?? true) && names === null) {
      names = values.map((name) => name.trim());
      return;
    }
    const cells: Record<string, unknown> = {};
    if (names) {
      if (values.length !== names.length) {
        throw new InvalidInputError(
          `line ${index + 1}`,
          `has ${values.length} fields, the header has ${names.length}`,
          line,
        );
      }
      names.forEach((name, position) => {
        cells[name] = values[position];
      });
    }
    rows.push({ cells, values, line: index + 1 });
  });
  return rows;
}

function splitLine(line: string, delimiter: string, number: number): string[] {
  if (!line.includes('"')) return line.split(delimiter);
  const values: string[] = [];
  let current = '';
  let quoted = false;
  for (let index = 0; index < line.length; index++) {
    const character = line[index] as string;
    if (quoted) {
      if (character === '"' && line[index + 1] === '"') {
        current += '"';
        index++;
      } else if (character === '"') quoted = false;
      else current += character;
    } else if (character === '"') quoted = true;
    else if (line.startsWith(delimiter, index)) {
      values.push(current);
      current = '';
      index += delimiter.length - 1;
    } else current += character;
  }
  if (quoted) throw new InvalidInputError(`line ${number}`, 'has an unclosed quote', line);
  values.push(current);
  return values;
}

export function readCsvBars(
  text: string,
  mapping: ColumnMapping,
  timeframe: Timeframe,
  format?: CsvFormat,
): Bar[] {
  return readCsvRows(text, format).map((row) => rowToBar(row, mapping, timeframe));
}

export function readCsvQuotes(
  text: string,
  mapping: ColumnMapping,
  source = 'csv',
  format?: CsvFormat,
): RawQuote[] {
  return readCsvRows(text, format).map((row) => rowToQuote(row, mapping, source));
}

export interface CsvDataClientOptions {
  readonly name?: string;
  readonly text: string;
  readonly mapping: ColumnMapping;
  readonly format?: CsvFormat;
  /** 'quotes' streams each row as a quote; a timeframe serves the rows as bar history. */
  readonly contents: 'quotes' | Timeframe;
  readonly speed?: number;
}

/** A DataClient over a CSV file: streams its quotes (replayed at `speed`) or serves its bars as history. */
export function csvDataClient(options: CsvDataClientOptions): ReplayDataClient {
  const name = options.name ?? 'csv';
  if (options.contents === 'quotes') {
    const quotes = readCsvQuotes(options.text, options.mapping, name, options.format).sort(
      (a, b) => a.time - b.time,
    );
    return new ReplayDataClient({
      name,
      speed: options.speed ?? Number.POSITIVE_INFINITY,
      records: quotes.map((quote) => ({ kind: 'quote', time: quote.time, quote })),
    });
  }
  const bars = readCsvBars(options.text, options.mapping, options.contents, options.format).sort(
    (a, b) => a.time - b.time,
  );
  return new ReplayDataClient({
    name,
    speed: options.speed ?? Number.POSITIVE_INFINITY,
    records: [],
    historyBars: bars,
  });
}
