// Alpaca Market Data API v2 records (REST and stream) to ATS's quotes, trades and bars: RFC 3339 times
// to epoch ms UTC, prices exact from their JSON text, share-class symbols to ATS's form.
import {
  type Bar,
  decimalTextOf,
  divideRoundHalfEven,
  InvalidInputError,
  Price,
  parseRfc3339,
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

export const alpacaSource = 'alpaca';

/** ATS timeframes in Alpaca's `timeframe` parameter. */
export const alpacaTimeframes: Readonly<Record<StandardTimeframe, string>> = {
  '1m': '1Min',
  '5m': '5Min',
  '15m': '15Min',
  '30m': '30Min',
  '1h': '1Hour',
  '1d': '1Day',
};

export type AlpacaJson = Record<string, unknown>;

function field(record: AlpacaJson, name: string, where: string): unknown {
  const value = record[name];
  if (value === undefined || value === null) throw new InvalidInputError(`${where}.${name}`, 'is missing');
  return value;
}

/** A time of Alpaca's; a daily bar (stamped midnight New York) goes to 00:00 UTC of its session date. */
function timeOf(record: AlpacaJson, where: string, timeframe?: Timeframe): number {
  const text = field(record, 't', where);
  if (typeof text !== 'string') throw new InvalidInputError(`${where}.t`, 'is not RFC 3339 text', text);
  const time = parseRfc3339(text, `${where}.t`);
  return timeframe === '1d' ? sessionDateStamp(time, 'America/New_York') : time;
}

/** A REST bar: {t, o, h, l, c, v, n, vw}. */
export function barOfAlpaca(record: AlpacaJson, symbol: Ticker, timeframe: Timeframe, where: string): Bar {
  return {
    symbol,
    timeframe,
    time: timeOf(record, where, timeframe),
    open: priceFromProvider(field(record, 'o', where), `${where}.o`),
    high: priceFromProvider(field(record, 'h', where), `${where}.h`),
    low: priceFromProvider(field(record, 'l', where), `${where}.l`),
    close: priceFromProvider(field(record, 'c', where), `${where}.c`),
    volume: wholeNumberFromProvider(field(record, 'v', where), `${where}.v`),
  };
}

/**
 * A REST quote: {t, bp, bs, ap, as, bx, ax, c, z}. A quote has no trade price: `last` is the exact
 * mid (the history of trades is a separate request).
 */
export function quoteOfAlpaca(record: AlpacaJson, symbol: Ticker, receivedAt: number, where: string): Quote {
  const bid = priceFromProvider(field(record, 'bp', where), `${where}.bp`);
  const ask = priceFromProvider(field(record, 'ap', where), `${where}.ap`);
  return {
    symbol,
    time: timeOf(record, where),
    receivedAt,
    bid,
    ask,
    bidSize: wholeNumberFromProvider(field(record, 'bs', where), `${where}.bs`),
    askSize: wholeNumberFromProvider(field(record, 'as', where), `${where}.as`),
    last: midOf(bid.raw, ask.raw),
    volume: 0,
  };
}

/** The mid of two exact prices, half to even on the 1/10,000, never through a float. */
function midOf(bidRaw: number, askRaw: number): Price {
  return Price.fromRaw(divideRoundHalfEven(bidRaw + askRaw, 2));
}

/** A REST trade: {t, p, s, x, i, c, z}. */
export function tradeOfAlpaca(
  record: AlpacaJson,
  symbol: Ticker,
  receivedAt: number,
  where: string,
): TradeTick {
  return {
    symbol,
    time: timeOf(record, where),
    receivedAt,
    price: priceFromProvider(field(record, 'p', where), `${where}.p`),
    size: wholeNumberFromProvider(field(record, 's', where), `${where}.s`),
  };
}

/** A stream trade {T:"t", S, i, x, p, s, t, c, z} as a raw trade for validation. */
export function rawTradeOfAlpaca(message: AlpacaJson, symbols: SymbolMap): RawTrade {
  const where = 'alpaca stream t';
  const conditions = message.c;
  return {
    symbol: symbols.fromProvider(alpacaSource, String(field(message, 'S', where))),
    time: timeOf(message, where),
    price: decimalTextOf(field(message, 'p', where), `${where}.p`),
    size: Number(field(message, 's', where)),
    source: alpacaSource,
    ...(message.i === undefined ? {} : { tradeId: String(message.i) }),
    ...(typeof message.x === 'string' ? { exchange: message.x } : {}),
    ...(Array.isArray(conditions) ? { conditions: conditions.map(String) } : {}),
  };
}

/** A stream minute bar {T:"b", S, o, h, l, c, v, t, n, vw} as a raw bar for validation. */
export function rawBarOfAlpaca(message: AlpacaJson, symbols: SymbolMap): RawBar {
  const where = 'alpaca stream b';
  return {
    symbol: symbols.fromProvider(alpacaSource, String(field(message, 'S', where))),
    timeframe: '1m',
    time: timeOf(message, where),
    open: decimalTextOf(field(message, 'o', where), `${where}.o`),
    high: decimalTextOf(field(message, 'h', where), `${where}.h`),
    low: decimalTextOf(field(message, 'l', where), `${where}.l`),
    close: decimalTextOf(field(message, 'c', where), `${where}.c`),
    volume: Number(field(message, 'v', where)),
    source: alpacaSource,
    ...(message.vw === undefined ? {} : { vwap: decimalTextOf(message.vw, `${where}.vw`) }),
    ...(typeof message.n === 'number' ? { tradeCount: message.n } : {}),
  };
}
