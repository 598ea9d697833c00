// Validates and normalizes raw quotes: prices, crossed books, timestamps, symbols, sizes and outliers.
import {
  type Clock,
  type Instrument,
  type OutcomeCode,
  parseDecimalToRaw,
  Price,
  type Quote,
  type RawQuote,
  SCALE,
  type Ticker,
} from '@ats/core';

export interface QuoteValidationSettings {
  /** How far ahead of our clock a venue timestamp may be, in ms. */
  readonly maxClockSkewMilliseconds: number;
  /** A last price further than this fraction from the previous one is an outlier (0.2 = 20%). */
  readonly outlierFraction: number;
}

export type QuoteValidation =
  | { readonly ok: true; readonly quote: Quote }
  | { readonly ok: false; readonly code: OutcomeCode; readonly reason: string };

const reject = (code: OutcomeCode, reason: string): QuoteValidation => ({ ok: false, code, reason });

/** Parses one price of a raw quote, or says why it is not a valid price. */
function parsePrice(symbol: string, field: string, value: number | string): Price | QuoteValidation {
  let raw: number;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return notFinite(symbol, field, value);
    raw = Math.round(value * SCALE);
  } else if (typeof value === 'string') {
    try {
      raw = parseDecimalToRaw(value, field);
    } catch {
      return notFinite(symbol, field, value);
    }
  } else {
    return notFinite(symbol, field, value);
  }
  if (raw <= 0 || !Number.isSafeInteger(raw)) {
    return reject('QUOTE_PRICE_NOT_POSITIVE', `${symbol} ${field} ${String(value)} is not a positive price`);
  }
  return Price.fromRaw(raw);
}

function notFinite(symbol: string, field: string, value: unknown): QuoteValidation {
  return reject('QUOTE_PRICE_NOT_FINITE', `${symbol} ${field} ${String(value)} is not a finite number`);
}

function sizeProblemOf(symbol: string, field: string, size: number): QuoteValidation | null {
  if (Number.isSafeInteger(size) && size >= 0) return null;
  return reject('QUOTE_NEGATIVE_VOLUME', `${symbol} ${field} ${size} is not a non-negative integer`);
}

/** Stateful: remembers each symbol's last accepted time and price for ordering and outlier checks. */
export class QuoteValidator {
  private readonly lastTime = new Map<string, number>();
  private readonly lastPrice = new Map<string, number>();

  constructor(
    private readonly instruments: ReadonlyMap<string, Instrument>,
    private readonly clock: Clock,
    private readonly settings: QuoteValidationSettings,
  ) {}

  validate(raw: RawQuote): QuoteValidation {
    const instrument = this.instruments.get(raw.symbol);
    if (!instrument) return reject('QUOTE_UNKNOWN_SYMBOL', `unknown symbol '${String(raw.symbol)}'`);
    const symbol = instrument.symbol;
    // Written out field by field: this runs for every quote, so it allocates nothing it can avoid.
    const bid = parsePrice(symbol, 'bid', raw.bid);
    if (!(bid instanceof Price)) return bid;
    const ask = parsePrice(symbol, 'ask', raw.ask);
    if (!(ask instanceof Price)) return ask;
    const last = parsePrice(symbol, 'last', raw.last);
    if (!(last instanceof Price)) return last;
    if (bid.raw > ask.raw) return reject('QUOTE_CROSSED', `${symbol} bid ${bid} is above ask ${ask}`);
    const sizeProblem =
      sizeProblemOf(symbol, 'bidSize', raw.bidSize) ??
      sizeProblemOf(symbol, 'askSize', raw.askSize) ??
      sizeProblemOf(symbol, 'volume', raw.volume);
    if (sizeProblem) return sizeProblem;
    const now = this.clock.now();
    if (!Number.isFinite(raw.time)) return reject('QUOTE_FROM_FUTURE', `${symbol} time ${raw.time} is not a time`);
    if (raw.time > now + this.settings.maxClockSkewMilliseconds) {
      return reject('QUOTE_FROM_FUTURE', `${symbol} time ${new Date(raw.time).toISOString()} is ahead of now`);
    }
    const previousTime = this.lastTime.get(symbol);
    if (previousTime !== undefined && raw.time < previousTime) {
      return reject('QUOTE_STALE', `${symbol} time ${raw.time} is older than the previous quote ${previousTime}`);
    }
    const previousPrice = this.lastPrice.get(symbol);
    if (previousPrice !== undefined) {
      const move = Math.abs(last.raw - previousPrice) / previousPrice;
      if (move > this.settings.outlierFraction) {
        return reject('QUOTE_OUTLIER', `${symbol} last ${last} moved ${(move * 100).toFixed(1)}% from the previous`);
      }
    }
    this.lastTime.set(symbol, raw.time);
    this.lastPrice.set(symbol, last.raw);
    const quote: Quote = {
      symbol: symbol as Ticker,
      time: raw.time,
      receivedAt: now,
      bid,
      ask,
      bidSize: raw.bidSize,
      askSize: raw.askSize,
      last,
      volume: raw.volume,
    };
    return { ok: true, quote };
  }
}
