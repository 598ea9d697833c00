// Maps the columns of a file (CSV or Parquet) onto bars or quotes: which column is which field, how
// its time is written and in which zone, and the price scale. Bad cells are named by row and column.
import {
  type Bar,
  InvalidInputError,
  numberToRaw,
  Price,
  parseDecimalToRaw,
  type RawQuote,
  type Ticker,
  type Timeframe,
  timeframeMilliseconds,
  toSymbol,
} from '@ats/core';
import { zonedMidnight } from './exchange-midnight.js';

/** How a time cell is written. */
export type TimeFormat =
  | 'iso' // 2013-10-07T13:30:00Z, or without zone (then `zone` applies)
  | 'epoch-ms'
  | 'epoch-s'
  | 'yyyyMMdd HHmmss' // NinjaTrader's export
  | 'ms-of-day'; // LEAN: ms since midnight of `date` in `zone`

/** A column by header name, or by 0-based position for files without a header. */
export type ColumnRef = string | number;

export interface ColumnMapping {
  readonly time: ColumnRef;
  readonly timeFormat: TimeFormat;
  /** IANA zone of times written without one (default UTC). */
  readonly zone?: string;
  /** The date of 'ms-of-day' files (YYYY-MM-DD). */
  readonly date?: string;
  /** Whether a bar's time is its start (ATS's convention) or its end (NinjaTrader): default start. */
  readonly barStamp?: 'start' | 'end';
  /** Prices are written in units of 10^-priceDecimals (4 for LEAN's deci-cents); default 0. */
  readonly priceDecimals?: number;
  /** A symbol column, or the fixed symbol of the whole file. */
  readonly symbol: { readonly column: ColumnRef } | { readonly value: string };
  readonly open?: ColumnRef;
  readonly high?: ColumnRef;
  readonly low?: ColumnRef;
  readonly close?: ColumnRef;
  readonly volume?: ColumnRef;
  readonly bid?: ColumnRef;
  readonly ask?: ColumnRef;
  readonly bidSize?: ColumnRef;
  readonly askSize?: ColumnRef;
  readonly last?: ColumnRef;
}

/** One row as read from a file: by name (header or Parquet) and by position. */
export interface FileRow {
  readonly cells: Readonly<Record<string, unknown>>;
  readonly values: readonly unknown[];
  /** 1-based row number in the file, for error messages. */
  readonly line: number;
}

function cell(row: FileRow, ref: ColumnRef, field: string): unknown {
  const value =
    typeof ref === 'number' ? row.values[ref] : Object.hasOwn(row.cells, ref) ? row.cells[ref] : undefined;
  if (value === undefined || value === null || value === '') {
    throw new InvalidInputError(`row ${row.line} ${field}`, `column ${String(ref)} is missing or empty`);
  }
  return value;
}

/** A price cell to raw 1/10,000: decimal text exactly, a bigint or integer as scaled units, a float rounded. */
function priceRaw(row: FileRow, ref: ColumnRef, field: string, decimals: number): number {
  const value = cell(row, ref, field);
  const name = `row ${row.line} ${field}`;
  let raw: number;
  if (typeof value === 'bigint') raw = Number(value) * 10 ** (4 - decimals);
  else if (typeof value === 'number') raw = numberToRaw(value / 10 ** decimals, name);
  else {
    const text = String(value);
    raw = parseDecimalToRaw(text, name);
    if (decimals > 0) {
      const scale = 10 ** decimals;
      if (raw % scale !== 0) throw new InvalidInputError(name, `'${text}' is finer than 1/10,000 of a unit`);
      raw /= scale;
    }
  }
  if (!(raw > 0) || !Number.isSafeInteger(raw))
    throw new InvalidInputError(name, `'${String(value)}' is not a positive price`);
  return raw;
}

function count(row: FileRow, ref: ColumnRef | undefined, field: string): number {
  if (ref === undefined) return 0;
  const value = cell(row, ref, field);
  const number = typeof value === 'bigint' ? Number(value) : Number(value);
  if (!Number.isSafeInteger(number) || number < 0) {
    throw new InvalidInputError(
      `row ${row.line} ${field}`,
      `'${String(value)}' is not a non-negative integer`,
    );
  }
  return number;
}

function timeOf(row: FileRow, mapping: ColumnMapping): number {
  const value = cell(row, mapping.time, 'time');
  const text = String(value);
  const zone = mapping.zone ?? 'UTC';
  let time = Number.NaN;
  switch (mapping.timeFormat) {
    case 'epoch-ms':
      time = Number(value);
      break;
    case 'epoch-s':
      time = Number(value) * 1000;
      break;
    case 'iso': {
      const hasZone = /(Z|[+-]\d{2}:?\d{2})$/.test(text);
      if (hasZone) time = Date.parse(text);
      else {
        const [date = '', clock = '00:00:00'] = text.split(/[T ]/);
        time = zonedMidnight(date, zone) + Date.parse(`1970-01-01T${clock}Z`);
      }
      break;
    }
    case 'yyyyMMdd HHmmss': {
      const match = /^(\d{4})(\d{2})(\d{2}) (\d{2})(\d{2})(\d{2})$/.exec(text);
      if (match) {
        const date = `${match[1]}-${match[2]}-${match[3]}`;
        time =
          zonedMidnight(date, zone) +
          ((Number(match[4]) * 60 + Number(match[5])) * 60 + Number(match[6])) * 1000;
      }
      break;
    }
    case 'ms-of-day':
      if (!mapping.date)
        throw new InvalidInputError('mapping.date', "is required for timeFormat 'ms-of-day'");
      time = zonedMidnight(mapping.date, zone) + Number(value);
      break;
  }
  if (!Number.isSafeInteger(time))
    throw new InvalidInputError(`row ${row.line} time`, `'${text}' is not a ${mapping.timeFormat} time`);
  return time;
}

function symbolOf(row: FileRow, mapping: ColumnMapping): Ticker {
  const text =
    'value' in mapping.symbol ? mapping.symbol.value : String(cell(row, mapping.symbol.column, 'symbol'));
  return toSymbol(text);
}

function required(ref: ColumnRef | undefined, field: string): ColumnRef {
  if (ref === undefined)
    throw new InvalidInputError(`mapping.${field}`, 'is required for this kind of record');
  return ref;
}

export function rowToBar(row: FileRow, mapping: ColumnMapping, timeframe: Timeframe): Bar {
  const decimals = mapping.priceDecimals ?? 0;
  const stamped = timeOf(row, mapping);
  const time = mapping.barStamp === 'end' ? stamped - timeframeMilliseconds(timeframe) : stamped;
  const [open, high, low, close] = (['open', 'high', 'low', 'close'] as const).map((field) =>
    priceRaw(row, required(mapping[field], field), field, decimals),
  ) as [number, number, number, number];
  if (high < Math.max(open, close, low) || low > Math.min(open, close)) {
    throw new InvalidInputError(`row ${row.line} high/low`, 'do not contain the open and close');
  }
  return {
    symbol: symbolOf(row, mapping),
    timeframe,
    time,
    open: Price.fromRaw(open),
    high: Price.fromRaw(high),
    low: Price.fromRaw(low),
    close: Price.fromRaw(close),
    volume: count(row, mapping.volume, 'volume'),
  };
}

export function rowToQuote(row: FileRow, mapping: ColumnMapping, source: string): RawQuote {
  const decimals = mapping.priceDecimals ?? 0;
  const text = (raw: number) => Price.fromRaw(raw).toString();
  const last = priceRaw(row, required(mapping.last ?? mapping.close, 'last'), 'last', decimals);
  return {
    symbol: symbolOf(row, mapping),
    time: timeOf(row, mapping),
    bid: text(mapping.bid === undefined ? last : priceRaw(row, mapping.bid, 'bid', decimals)),
    ask: text(mapping.ask === undefined ? last : priceRaw(row, mapping.ask, 'ask', decimals)),
    bidSize: count(row, mapping.bidSize, 'bidSize'),
    askSize: count(row, mapping.askSize, 'askSize'),
    last: text(last),
    volume: count(row, mapping.volume, 'volume'),
    source,
  };
}

/** Mappings of common file layouts, by name (`ats data backfill --mapping <name>`). */
export const columnMappingPresets: Readonly<Record<string, (symbol: string) => ColumnMapping>> = {
  /** NinjaTrader minute export: `yyyyMMdd HHmmss;open;high;low;close;volume`, UTC, bar end time. */
  ninjatrader: (symbol) => ({
    time: 0,
    timeFormat: 'yyyyMMdd HHmmss',
    barStamp: 'end',
    symbol: { value: symbol },
    open: 1,
    high: 2,
    low: 3,
    close: 4,
    volume: 5,
  }),
  /** Yahoo Finance daily CSV: `Date,Open,High,Low,Close,Adj Close,Volume`. */
  yahoo: (symbol) => ({
    time: 'Date',
    timeFormat: 'iso',
    symbol: { value: symbol },
    open: 'Open',
    high: 'High',
    low: 'Low',
    close: 'Close',
    volume: 'Volume',
  }),
  /** Bars with a header `time,symbol,open,high,low,close,volume` and ISO times (what ATS exports). */
  ats: () => ({
    time: 'time',
    timeFormat: 'iso',
    symbol: { column: 'symbol' },
    open: 'open',
    high: 'high',
    low: 'low',
    close: 'close',
    volume: 'volume',
  }),
};
