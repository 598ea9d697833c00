// Validates and normalizes raw quotes: prices, crossed books, timestamps, symbols, sizes, duplicates
// and outliers (through each symbol's OutlierGuard).
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
import { OutlierGuard, type OutlierGuardSettings } from './outlier-guard.js';

export interface QuoteValidationSettings {
  /** How far ahead of our clock a venue timestamp may be, in ms. */
  readonly maxClockSkewMilliseconds: number;
  /** A last price further than this fraction from the recent median is suspicious (0.2 = 20%). */
  readonly outlierFraction: number;
  /** Consecutive quotes at a new level that make a jump genuine (default 3, the jump included). */
  readonly confirmationQuotes?: number;
  /** A pause this long (ms of venue time) is a halt: the reopening price is accepted (default 5 min). */
  readonly haltGapMilliseconds?: number;
  /** Recent accepted prices the reference median is taken over (default 5). */
  readonly referenceWindow?: number;
}

/** A quote that was held as a possible jump and then contradicted: a bad print. */
export interface DiscardedQuote {
  readonly raw: RawQuote;
  readonly code: OutcomeCode;
  readonly reason: string;
}

export type QuoteValidation =
  | {
      readonly ok: true;
      readonly quote: Quote;
      /** Held quotes the current one confirmed, oldest first: accepted before `quote`. */
      readonly released?: readonly Quote[];
      /** Held quotes the current one contradicted. */
      readonly discarded?: readonly DiscardedQuote[];
    }
  | {
      readonly ok: false;
      readonly code: OutcomeCode;
      readonly reason: string;
      /** True when the quote is held pending confirmation (neither accepted nor rejected yet). */
      readonly held?: boolean;
      readonly discarded?: readonly DiscardedQuote[];
    };

const reject = (code: OutcomeCode, reason: string): QuoteValidation => ({ ok: false, code, reason });

interface HeldQuote {
  readonly raw: RawQuote;
  readonly quote: Quote;
  readonly move: number;
}

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

/** Stateful: remembers each symbol's last time, last accepted quote and price reference. */
export class QuoteValidator {
  private readonly lastTime = new Map<string, number>();
  private readonly lastAccepted = new Map<string, Quote>();
  private readonly guards = new Map<string, OutlierGuard>();
  private readonly heldQuotes = new Map<string, HeldQuote[]>();
  private readonly guardSettings: OutlierGuardSettings;

  constructor(
    private readonly instruments: ReadonlyMap<string, Instrument>,
    private readonly clock: Clock,
    private readonly settings: QuoteValidationSettings,
  ) {
    this.guardSettings = {
      outlierFraction: settings.outlierFraction,
      confirmationQuotes: settings.confirmationQuotes ?? 3,
      haltGapMilliseconds: settings.haltGapMilliseconds ?? 300_000,
      referenceWindow: settings.referenceWindow ?? 5,
    };
  }

  /** Quotes held as a possible jump, per symbol (for inspection and tests). */
  heldCount(symbol: string): number {
    return this.heldQuotes.get(symbol)?.length ?? 0;
  }

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
    const previous = this.lastAccepted.get(symbol);
    // Only a repeated snapshot without volume is a duplicate: two equal trades in one millisecond are
    // real (LEAN's SPY ticks hold thousands); trade-level duplicates are caught by their trade ids.
    if (
      previous !== undefined &&
      raw.volume === 0 &&
      previous.time === raw.time &&
      previous.last.raw === last.raw &&
      previous.bid.raw === bid.raw &&
      previous.ask.raw === ask.raw &&
      previous.bidSize === raw.bidSize &&
      previous.askSize === raw.askSize &&
      previous.volume === raw.volume
    ) {
      return reject('QUOTE_DUPLICATE', `${symbol} quote at ${raw.time} repeats the previous one`);
    }
    this.lastTime.set(symbol, raw.time);
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
    return this.judgeOutlier(symbol, raw, quote);
  }

  private judgeOutlier(symbol: string, raw: RawQuote, quote: Quote): QuoteValidation {
    let guard = this.guards.get(symbol);
    if (guard === undefined) {
      guard = new OutlierGuard(this.guardSettings);
      this.guards.set(symbol, guard);
    }
    const price = quote.last.raw;
    const move = guard.moveFromReference(price);
    const verdict = guard.judge(price, quote.time);
    const held = this.heldQuotes.get(symbol);
    if (verdict === 'accept') {
      guard.accepted(price, quote.time, verdict);
      this.lastAccepted.set(symbol, quote);
      if (held === undefined || held.length === 0) return { ok: true, quote };
      this.heldQuotes.set(symbol, []);
      return { ok: true, quote, discarded: held.map((entry) => this.badPrint(symbol, entry)) };
    }
    if (verdict === 'confirm') {
      const released = held?.map((entry) => entry.quote) ?? [];
      let first = true;
      for (const entry of released) {
        guard.accepted(entry.last.raw, entry.time, first ? 'confirm' : 'accept');
        first = false;
      }
      guard.accepted(price, quote.time, first ? 'confirm' : 'accept');
      this.heldQuotes.set(symbol, []);
      this.lastAccepted.set(symbol, quote);
      return { ok: true, quote, released };
    }
    const reason = `${symbol} last ${quote.last} moved ${(move * 100).toFixed(1)}% from the recent median; held for confirmation`;
    const entry: HeldQuote = { raw, quote, move };
    if (verdict === 'replace' && held !== undefined && held.length > 0) {
      this.heldQuotes.set(symbol, [entry]);
      return { ok: false, code: 'QUOTE_OUTLIER', reason, held: true, discarded: held.map((old) => this.badPrint(symbol, old)) };
    }
    if (held === undefined) this.heldQuotes.set(symbol, [entry]);
    else held.push(entry);
    return { ok: false, code: 'QUOTE_OUTLIER', reason, held: true };
  }

  private badPrint(symbol: string, entry: HeldQuote): DiscardedQuote {
    return {
      raw: entry.raw,
      code: 'QUOTE_OUTLIER',
      reason: `${symbol} last ${entry.quote.last} moved ${(entry.move * 100).toFixed(1)}% from the recent median and the following quotes did not confirm it`,
    };
  }
}
