// Polygon.io records to ATS's quotes, trades and bars: epoch ms (aggregates, stream) and epoch ns
// (v3 quotes and trades) to epoch ms UTC, prices exact from their JSON text, symbols to ATS's form.
import {
  type Bar,
  decimalTextOf,
  divideRoundHalfEven,
  InvalidInputError,
  Price,
  priceFromProvider,
  type Quote,
  type RawBar,
  type RawTrade,
  type StandardTimeframe,
  type SymbolMap,
  sessionDateStamp,
  type Ticker,
  type Timeframe,
  type TradeTick,
  wholeNumberFromProvider,
} from '@ats/core';

export const polygonSource = 'polygon';

export type PolygonJson = Record<string, unknown>;

/** ATS timeframes as Polygon's aggregate multiplier and timespan. */
export const polygonTimespans: Readonly<Record<StandardTimeframe, { multiplier: number; timespan: string }>> =
  {
    '1m': { multiplier: 1, timespan: 'minute' },
    '5m': { multiplier: 5, timespan: 'minute' },
    '15m': { multiplier: 15, timespan: 'minute' },
    '30m': { multiplier: 30, timespan: 'minute' },
    '1h': { multiplier: 1, timespan: 'hour' },
    '1d': { multiplier: 1, timespan: 'day' },
  };

function field(record: PolygonJson, name: string, where: string): unknown {
  const value = record[name];
  if (value === undefined || value === null) throw new InvalidInputError(`${where}.${name}`, 'is missing');
  return value;
}

function epochMilliseconds(record: PolygonJson, name: string, where: string): number {
  const value = field(record, name, where);
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0)
    throw new InvalidInputError(`${where}.${name}`, 'is not an epoch time', value);
  return value;
}

/**
 * Epoch nanoseconds (v3 quotes and trades: sip_timestamp) to ms, exactly from digit text (the history
 * client quotes them before parsing); a number is accepted too, but may be off by one millisecond.
 */
function nanosecondsToMilliseconds(record: PolygonJson, name: string, where: string): number {
  const value = field(record, name, where);
  if (typeof value === 'string' && /^\d+$/.test(value)) return Number(BigInt(value) / 1_000_000n);
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0)
    throw new InvalidInputError(`${where}.${name}`, 'is not an epoch time in nanoseconds', value);
  return Math.floor(value / 1_000_000);
}

/** An aggregate {t (ms, bar start), o, h, l, c, v, vw, n}; daily bars (midnight New York) to 00:00 UTC. */
export function barOfPolygon(record: PolygonJson, symbol: Ticker, timeframe: Timeframe, where: string): Bar {
  const start = epochMilliseconds(record, 't', where);
  return {
    symbol,
    timeframe,
    time: timeframe === '1d' ? sessionDateStamp(start, 'America/New_York') : start,
    open: priceFromProvider(field(record, 'o', where), `${where}.o`),
    high: priceFromProvider(field(record, 'h', where), `${where}.h`),
    low: priceFromProvider(field(record, 'l', where), `${where}.l`),
    close: priceFromProvider(field(record, 'c', where), `${where}.c`),
    // Polygon sends aggregate volume as a number that may carry a fraction for some tickers.
    volume: Math.round(Number(field(record, 'v', where))),
  };
}

/** A v3 quote {sip_timestamp (ns), bid_price, bid_size, ask_price, ask_size}; `last` is the exact mid. */
export function quoteOfPolygon(
  record: PolygonJson,
  symbol: Ticker,
  receivedAt: number,
  where: string,
): Quote {
  const bid = priceFromProvider(field(record, 'bid_price', where), `${where}.bid_price`);
  const ask = priceFromProvider(field(record, 'ask_price', where), `${where}.ask_price`);
  return {
    symbol,
    time: nanosecondsToMilliseconds(record, 'sip_timestamp', where),
    receivedAt,
    bid,
    ask,
    bidSize: wholeNumberFromProvider(field(record, 'bid_size', where), `${where}.bid_size`),
    askSize: wholeNumberFromProvider(field(record, 'ask_size', where), `${where}.ask_size`),
    last: Price.fromRaw(divideRoundHalfEven(bid.raw + ask.raw, 2)),
    volume: 0,
  };
}

/** A v3 trade {sip_timestamp (ns), price, size, id, exchange, conditions}. */
export function tradeOfPolygon(
  record: PolygonJson,
  symbol: Ticker,
  receivedAt: number,
  where: string,
): TradeTick {
  return {
    symbol,
    time: nanosecondsToMilliseconds(record, 'sip_timestamp', where),
    receivedAt,
    price: priceFromProvider(field(record, 'price', where), `${where}.price`),
    size: wholeNumberFromProvider(field(record, 'size', where), `${where}.size`),
  };
}

/** A stream trade {ev:"T", sym, x, i, z, p, s, c, t (ms)}. */
export function rawTradeOfPolygon(event: PolygonJson, symbols: SymbolMap): RawTrade {
  const where = 'polygon stream T';
  const conditions = event.c;
  return {
    symbol: symbols.fromProvider(polygonSource, String(field(event, 'sym', where))),
    time: epochMilliseconds(event, 't', where),
    price: decimalTextOf(field(event, 'p', where), `${where}.p`),
    size: Number(field(event, 's', where)),
    source: polygonSource,
    ...(event.i === undefined ? {} : { tradeId: String(event.i) }),
    ...(event.x === undefined ? {} : { exchange: String(event.x) }),
    ...(Array.isArray(conditions) ? { conditions: conditions.map(String) } : {}),
  };
}

/**
 * A stream aggregate {ev, sym, o, h, l, c, v, vw, s (start ms), e (end ms)}: "AM" a minute bar, "A" a
 * one-second bar.
 */
export function rawBarOfPolygon(event: PolygonJson, symbols: SymbolMap): RawBar {
  const where = `polygon stream ${String(event.ev)}`;
  return {
    symbol: symbols.fromProvider(polygonSource, String(field(event, 'sym', where))),
    timeframe: event.ev === 'A' ? '1s' : '1m',
    time: epochMilliseconds(event, 's', where),
    open: decimalTextOf(field(event, 'o', where), `${where}.o`),
    high: decimalTextOf(field(event, 'h', where), `${where}.h`),
    low: decimalTextOf(field(event, 'l', where), `${where}.l`),
    close: decimalTextOf(field(event, 'c', where), `${where}.c`),
    volume: Number(field(event, 'v', where)),
    source: polygonSource,
    ...(event.vw === undefined ? {} : { vwap: decimalTextOf(event.vw, `${where}.vw`) }),
  };
}
