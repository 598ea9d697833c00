// Reads LEAN's US equity files (minute quote bars, minute trade bars, trade ticks) into timed records:
// times from milliseconds since midnight New York, prices from deci-cents (exact: ATS's raw 1/10,000).
import { type Bar, InvalidInputError, Price, type Ticker } from '@ats/core';
import { zonedMidnight } from './exchange-midnight.js';

export interface LeanFile {
  readonly symbol: Ticker;
  /** The file's trading date, YYYY-MM-DD (in its name, e.g. 20131007_...). */
  readonly date: string;
}

/** One minute of top of book: LEAN's quote bar (bid and ask OHLC with sizes), stamped at its start. */
export interface LeanQuoteBar {
  readonly time: number;
  readonly bid: { readonly open: number; readonly close: number; readonly size: number };
  readonly ask: { readonly open: number; readonly close: number; readonly size: number };
}

/** One trade print. */
export interface LeanTick {
  readonly time: number;
  /** Raw price (1/10,000). */
  readonly price: number;
  readonly size: number;
  readonly exchange: string;
  readonly condition: string;
  readonly suspicious: boolean;
}

function lines(text: string): string[] {
  return text.split(/\r?\n/).filter((line) => line.length > 0);
}

function integer(cells: readonly string[], index: number, line: number, name: string): number {
  const cell = cells[index] ?? '';
  const value = Number(cell);
  if (cell === '' || !Number.isSafeInteger(value) || value < 0) {
    throw new InvalidInputError(`line ${line} ${name}`, `'${cell}' is not a non-negative integer`, cell);
  }
  return value;
}

function expectColumns(cells: readonly string[], count: number, line: number): void {
  if (cells.length !== count) {
    throw new InvalidInputError(
      `line ${line}`,
      `has ${cells.length} fields, expected ${count}`,
      cells.join(','),
    );
  }
}

export function parseLeanQuoteBars(text: string, file: LeanFile): LeanQuoteBar[] {
  const midnight = zonedMidnight(file.date, 'America/New_York');
  return lines(text).map((row, index) => {
    const cells = row.split(',');
    const line = index + 1;
    expectColumns(cells, 11, line);
    return {
      time: midnight + integer(cells, 0, line, 'ms'),
      bid: {
        open: integer(cells, 1, line, 'bid_open'),
        close: integer(cells, 4, line, 'bid_close'),
        size: integer(cells, 5, line, 'bid_size'),
      },
      ask: {
        open: integer(cells, 6, line, 'ask_open'),
        close: integer(cells, 9, line, 'ask_close'),
        size: integer(cells, 10, line, 'ask_size'),
      },
    };
  });
}

export function parseLeanTradeBars(text: string, file: LeanFile): Bar[] {
  const midnight = zonedMidnight(file.date, 'America/New_York');
  return lines(text).map((row, index) => {
    const cells = row.split(',');
    const line = index + 1;
    expectColumns(cells, 6, line);
    return {
      symbol: file.symbol,
      timeframe: '1m',
      time: midnight + integer(cells, 0, line, 'ms'),
      open: Price.fromRaw(integer(cells, 1, line, 'open')),
      high: Price.fromRaw(integer(cells, 2, line, 'high')),
      low: Price.fromRaw(integer(cells, 3, line, 'low')),
      close: Price.fromRaw(integer(cells, 4, line, 'close')),
      volume: integer(cells, 5, line, 'volume'),
    };
  });
}

export function parseLeanTicks(text: string, file: LeanFile): LeanTick[] {
  const midnight = zonedMidnight(file.date, 'America/New_York');
  return lines(text).map((row, index) => {
    const cells = row.split(',');
    const line = index + 1;
    expectColumns(cells, 6, line);
    return {
      time: midnight + integer(cells, 0, line, 'ms'),
      price: integer(cells, 1, line, 'price'),
      size: integer(cells, 2, line, 'size'),
      exchange: cells[3] as string,
      condition: cells[4] as string,
      suspicious: cells[5] === '1',
    };
  });
}
