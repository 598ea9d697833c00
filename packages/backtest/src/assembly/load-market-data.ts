// Loads the bars a backtest request names, from any source: bundled files, a CSV/Parquet/Yahoo/LEAN file
// or folder, the store's market_ohlcv, the Parquet catalog (streamed), or columns already loaded; quotes
// and trade ticks become bars of the request's timeframe on the fly.
import { closeSync, existsSync, openSync, readFileSync, readSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import {
  bundledSpyFiles,
  type ColumnMapping,
  columnMappingPresets,
  DataCatalog,
  parseLeanQuoteBars,
  parseLeanTicks,
  parseLeanTradeBars,
  readCsvBars,
  readCsvQuotes,
  readParquetBars,
  readParquetQuotes,
  streamCatalogBars,
} from '@ats/adapter-files';
import {
  type Bar,
  InvalidInputError,
  type MarketDataRepository,
  parseDecimalToRaw,
  type RawQuote,
  type Ticker,
  type Timeframe,
} from '@ats/core';
import type { BarStream } from '../backtest-runner.js';
import { bundledDataFile } from '../bundled-data.js';
import { deserializeSeries } from '../optimization/serialized-backtest.js';
import { parseYahooCsv } from '../yahoo-csv.js';
import { type BacktestRequest, endOf, startOf } from './backtest-request.js';
import type { ParsedBarsCache } from './parsed-bars-cache.js';
import { aggregateBars, midRaw, type PricePoint } from './quotes-to-bars.js';

export interface MarketDataContext {
  /** The store, for `database` sources. */
  readonly marketData?: Pick<MarketDataRepository, 'loadBars'>;
  /** Bars parsed from CSV files before, by content (the command line's; absent: every file is parsed). */
  readonly parsedBars?: ParsedBarsCache | null;
}

export interface LoadedMarketData {
  /** Bars in memory per symbol... */
  readonly bars?: Map<Ticker, Bar[]>;
  /** ...or streamed from the catalog. */
  readonly stream?: BarStream;
  readonly timeframe: Timeframe;
}

type Records = 'bars' | 'quotes' | 'ticks';

/** The timeframe a request runs at: as asked, else 1d for bars and 1m for quotes and ticks. */
export function timeframeOf(request: BacktestRequest): Timeframe {
  const records = 'records' in request.data ? request.data.records : 'bars';
  // The bundled SPY day is minute data: its bars are minutes unless asked otherwise.
  const intraday = records !== 'bars' || (request.data.kind === 'bundled' && request.symbols.includes('SPY'));
  return (request.timeframe ?? (intraday ? '1m' : '1d')) as Timeframe;
}

/** Which known layout a file has, from its name and first line. */
type Layout =
  | 'yahoo'
  | 'ninjatrader'
  | 'ats'
  | 'lean-trades'
  | 'lean-quotes'
  | 'lean-ticks'
  | 'parquet'
  | 'mapped';

function layoutOf(path: string, mapped: boolean): Layout {
  const name = basename(path).toLowerCase();
  if (name.endsWith('.parquet')) return 'parquet';
  if (mapped) return 'mapped';
  if (/^\d{8}_[a-z0-9.]+_minute_trade\.csv$/.test(name)) return 'lean-trades';
  if (/^\d{8}_[a-z0-9.]+_minute_quote\.csv$/.test(name)) return 'lean-quotes';
  if (/^\d{8}_[a-z0-9.]+_trade_tick.*\.csv$/.test(name)) return 'lean-ticks';
  const first = headOf(path).split(/\r?\n/)[0] ?? '';
  if (first.startsWith('Date,Open,High,Low,Close,Adj Close,Volume')) return 'yahoo';
  if (/^\d{8} \d{6};/.test(first)) return 'ninjatrader';
  if (/^time,symbol,open,high,low,close,volume/.test(first)) return 'ats';
  throw new InvalidInputError(
    'data.mapping',
    `${path} is not a layout ATS recognises (Yahoo, NinjaTrader, ATS, LEAN); give a column mapping`,
  );
}

/** The first 200 bytes of a file as text: its layout is told by its first line (the file is read later). */
function headOf(path: string): string {
  const descriptor = openSync(path, 'r');
  try {
    const head = Buffer.alloc(200);
    return head.toString('utf8', 0, readSync(descriptor, head, 0, head.length, 0));
  } finally {
    closeSync(descriptor);
  }
}

/** The file of a symbol: the path itself, or <symbol>.txt/.csv/.parquet in a folder. */
function fileOf(path: string, symbol: Ticker): string {
  if (!existsSync(path)) throw new InvalidInputError('data.path', `no such file or folder: ${path}`, path);
  if (statSync(path).isFile()) return path;
  for (const name of [symbol.toLowerCase(), symbol])
    for (const extension of ['.txt', '.csv', '.parquet']) {
      const candidate = join(path, `${name}${extension}`);
      if (existsSync(candidate)) return candidate;
    }
  throw new InvalidInputError(
    'data.path',
    `no ${symbol.toLowerCase()}.txt, .csv or .parquet in ${path}`,
    path,
  );
}

/** The date of a LEAN file, from its name (20131007_...). */
function leanDate(path: string): string {
  const digits = basename(path).slice(0, 8);
  return `${digits.slice(0, 4)}-${digits.slice(4, 6)}-${digits.slice(6, 8)}`;
}

function rawOf(value: string | number, field: string): number {
  return parseDecimalToRaw(String(value), field);
}

/** Price points of mapped quotes: the last price for ticks, the mid for quotes. */
function pointsOfRawQuotes(quotes: readonly RawQuote[], records: Records): PricePoint[] {
  return quotes.map((quote) => ({
    symbol: quote.symbol as Ticker,
    time: quote.time,
    price:
      records === 'ticks'
        ? rawOf(quote.last, 'last')
        : midRaw(rawOf(quote.bid, 'bid'), rawOf(quote.ask, 'ask')),
    size: records === 'ticks' ? quote.volume : 0,
  }));
}

function leanPoints(path: string, symbol: Ticker, records: Records): PricePoint[] {
  const text = readFileSync(path, 'utf8');
  const file = { symbol, date: leanDate(path) };
  if (records === 'ticks')
    // Ticks flagged suspicious are not trades to build prices from.
    return parseLeanTicks(text, file)
      .filter((tick) => !tick.suspicious)
      .map((tick) => ({ symbol, time: tick.time, price: tick.price, size: tick.size }));
  // A quote bar: the mid of its opens at its start, the mid of its closes just before its end.
  return parseLeanQuoteBars(text, file).flatMap((bar) => [
    { symbol, time: bar.time, price: midRaw(bar.bid.open, bar.ask.open), size: 0 },
    { symbol, time: bar.time + 59_999, price: midRaw(bar.bid.close, bar.ask.close), size: 0 },
  ]);
}

function mappingOf(
  source: Extract<BacktestRequest['data'], { kind: 'file' }>,
  symbol: Ticker,
  preset?: string,
): ColumnMapping {
  const given = source.mapping ?? preset;
  const base: ColumnMapping =
    typeof given === 'string'
      ? (columnMappingPresets[given] as (symbol: string) => ColumnMapping)(symbol)
      : ({ symbol: { value: symbol }, ...given } as ColumnMapping);
  return source.zone ? { ...base, zone: source.zone } : base;
}

/** Bars of one symbol from one file, in time order. */
async function barsOfFile(
  request: BacktestRequest,
  source: Extract<BacktestRequest['data'], { kind: 'file' }>,
  path: string,
  symbol: Ticker,
  timeframe: Timeframe,
  cache: ParsedBarsCache | null,
): Promise<Bar[]> {
  const records = source.records;
  const layout = layoutOf(path, source.mapping !== undefined);
  const format = {
    ...(source.delimiter ? { delimiter: source.delimiter } : {}),
    ...(source.header !== undefined ? { header: source.header } : {}),
  };
  // The bars a text layout parses to, through the cache when there is one (`key` names the layout
  // and every option the parse reads: another option is another entry).
  const parsed = (key: string, barTimeframe: Timeframe, parse: (text: string) => Bar[]): Bar[] =>
    cache ? cache.barsOf(path, key, symbol, barTimeframe, parse) : parse(readFileSync(path, 'utf8'));
  switch (layout) {
    case 'yahoo': {
      const options = {
        symbol,
        adjust: request.adjust,
        ...(request.from?.length === 10 ? { from: request.from } : {}),
        ...(request.to?.length === 10 ? { to: request.to } : {}),
      };
      return parsed(`yahoo ${JSON.stringify(options)}`, '1d', (text) => parseYahooCsv(text, options));
    }
    case 'lean-trades':
      if (records !== 'bars') break;
      return aggregateIfCoarser(
        parseLeanTradeBars(readFileSync(path, 'utf8'), { symbol, date: leanDate(path) }),
        timeframe,
      );
    case 'lean-quotes':
    case 'lean-ticks':
      if (records === 'bars') break;
      return aggregateBars(leanPoints(path, symbol, records), timeframe);
    case 'ninjatrader': {
      const options = { delimiter: ';', header: false, ...format };
      const mapping = mappingOf(source, symbol, 'ninjatrader');
      return parsed(`ninjatrader ${JSON.stringify({ mapping, options })}`, timeframe, (text) =>
        readCsvBars(text, mapping, timeframe, options),
      );
    }
    case 'ats':
      return readCsvBars(
        readFileSync(path, 'utf8'),
        mappingOf(source, symbol, 'ats'),
        timeframe,
        format,
      ).filter((bar) => bar.symbol === symbol);
    case 'parquet': {
      if (source.mapping === undefined)
        throw new InvalidInputError('data.mapping', `the Parquet file ${path} needs a column mapping`);
      const bytes = readFileSync(path);
      const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
      if (records === 'bars') return readParquetBars(buffer, mappingOf(source, symbol), timeframe);
      return aggregateBars(
        pointsOfRawQuotes(await readParquetQuotes(buffer, mappingOf(source, symbol)), records),
        timeframe,
      );
    }
    case 'mapped': {
      const text = readFileSync(path, 'utf8');
      if (records === 'bars') return readCsvBars(text, mappingOf(source, symbol), timeframe, format);
      return aggregateBars(
        pointsOfRawQuotes(readCsvQuotes(text, mappingOf(source, symbol), 'csv', format), records),
        timeframe,
      );
    }
  }
  throw new InvalidInputError('data.records', `${path} holds no ${records} (it is a ${layout} file)`);
}

/** Minute bars regrouped into a longer timeframe (e.g. 5m), or as they are. */
function aggregateIfCoarser(bars: Bar[], timeframe: Timeframe): Bar[] {
  if (timeframe === '1m') return bars;
  // A bar's open, high, low and close as four trades inside its minute, its volume on the close.
  return aggregateBars(
    bars.flatMap((bar) => [
      { symbol: bar.symbol, time: bar.time, price: bar.open.raw, size: 0 },
      { symbol: bar.symbol, time: bar.time + 1, price: bar.high.raw, size: 0 },
      { symbol: bar.symbol, time: bar.time + 2, price: bar.low.raw, size: 0 },
      { symbol: bar.symbol, time: bar.time + 3, price: bar.close.raw, size: bar.volume },
    ]),
    timeframe,
  );
}

/** The bundled file of a symbol: daily Yahoo bars, or SPY's 2013-10-07 minute bars, quotes and ticks. */
function bundledFileOf(symbol: Ticker, records: Records): string {
  if (symbol === 'SPY')
    return records === 'bars'
      ? bundledSpyFiles.minuteTrades
      : records === 'quotes'
        ? bundledSpyFiles.minuteQuotes
        : bundledSpyFiles.ticks;
  const daily = records === 'bars' ? bundledDataFile(symbol) : null;
  if (!daily)
    throw new InvalidInputError(
      'symbols',
      `no bundled ${records} of ${symbol} (bundled: daily ORCL, NVDA, YHOO; SPY minute bars, quotes and ticks of 2013-10-07); name a file with data`,
      symbol,
    );
  return daily;
}

function within(bars: Bar[], from: number, to: number): Bar[] {
  return bars.filter((bar) => bar.time >= from && bar.time <= to);
}

export async function loadMarketData(
  request: BacktestRequest,
  symbols: readonly Ticker[],
  context: MarketDataContext = {},
): Promise<LoadedMarketData> {
  const timeframe = timeframeOf(request);
  const from = request.from ? startOf(request.from) : Number.NEGATIVE_INFINITY;
  const to = request.to ? endOf(request.to) : Number.POSITIVE_INFINITY;
  const source = request.data;
  if (source.kind === 'catalog') {
    if (source.records !== 'bars')
      throw new InvalidInputError(
        'data.records',
        'the catalog streams bars; import quotes and ticks as bars first',
      );
    const stream = streamCatalogBars(await DataCatalog.open(source.root), symbols, timeframe, from, to);
    if (stream.totalBars === 0)
      throw new InvalidInputError(
        'symbols',
        `no ${timeframe} bars of ${symbols.join(', ')} in the catalog ${source.root}`,
      );
    return { stream, timeframe };
  }
  const bars = new Map<Ticker, Bar[]>();
  for (const symbol of symbols) {
    let series: Bar[];
    switch (source.kind) {
      case 'series': {
        const columns = source.series.find((candidate) => candidate.symbol === symbol);
        if (!columns) throw new InvalidInputError('symbols', `no series of ${symbol} was given`, symbol);
        series = deserializeSeries(columns, timeframe);
        break;
      }
      case 'database': {
        if (source.records !== 'bars')
          throw new InvalidInputError('data.records', 'the store serves bars (market_ohlcv) to backtests');
        if (!context.marketData)
          throw new InvalidInputError('data.kind', 'a database source needs a configured store');
        series = await context.marketData.loadBars(
          symbol,
          timeframe,
          Number.isFinite(from) ? from : 0,
          Number.isFinite(to) ? to : 8.64e15,
        );
        break;
      }
      case 'bundled':
        series = await barsOfFile(
          request,
          { kind: 'file', path: bundledFileOf(symbol, source.records), records: source.records },
          bundledFileOf(symbol, source.records),
          symbol,
          timeframe,
          context.parsedBars ?? null,
        );
        break;
      case 'file':
        series = await barsOfFile(
          request,
          source,
          fileOf(source.path, symbol),
          symbol,
          timeframe,
          context.parsedBars ?? null,
        );
        break;
    }
    series = within(series, from, to);
    if (series.length === 0)
      throw new InvalidInputError(
        request.from !== undefined ? 'from' : 'symbols',
        `no bars of ${symbol} between ${request.from ?? 'the start'} and ${request.to ?? 'the end'} (${timeframe})`,
        symbol,
      );
    bars.set(symbol, series);
  }
  return { bars, timeframe };
}
