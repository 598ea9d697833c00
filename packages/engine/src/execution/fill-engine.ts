// The one matching core of the simulated venues: paper trading (quotes, trade ticks) and backtests
// (bars, quotes, trade ticks) accept, work, fill, modify, cancel and expire orders here, under the rules
// in docs/fill-rules.md. The venue classes are thin shells that feed it market data.
import {
  type Bar,
  type Clock,
  type IdGenerator,
  type Money,
  type Order,
  type OrderEvent,
  type OrderId,
  type OrderReplacement,
  type Price,
  Quantity,
  type Quote,
  type Ticker,
  type TradeTick,
  timeframeMilliseconds,
} from '@ats/core';
import {
  type AccountModel,
  type AccountRefusal,
  type CommissionOf,
  unlimitedAccount,
} from './account-model.js';
import { type BarAuction, matchBar } from './bar-matching.js';
import { type CommissionModel, commissionFor } from './commission-model.js';
import { ContingentOrders } from './contingent-orders.js';
import type { FillMatch } from './fill-match.js';
import { matchQuote } from './quote-matching.js';
import { type SessionCloseOf, SessionTracker } from './session-tracker.js';
import { SimulatedVenueBook } from './simulated-venue-book.js';
import { noSlippage, type SlippageModel, slippedPrice } from './slippage-model.js';
import { matchTradeTick } from './trade-tick-matching.js';
import { stampVenueEvent, type VenueEventBody } from './venue-event.js';
import { leavesOf, tradesOnce, type WorkingOrder } from './working-order.js';

export interface FillEngineOptions {
  readonly venue: string;
  /** Venue order ids are `<prefix>-<n>` (default: the venue name). */
  readonly venueOrderIdPrefix?: string;
  readonly clock: Clock;
  readonly ids: IdGenerator;
  readonly commission: CommissionModel;
  readonly slippage?: SlippageModel;
  /** At most this share of a bar's or a print's volume fills per order and event; undefined: no cap. */
  readonly volumeParticipation?: number;
  /** The latency model: an order may match only market events this many ms after it was accepted. */
  readonly latencyMilliseconds?: number;
  /** The exchange's session closes (DAY, OPG, CLS); without it DAY lasts one daily bar, or never ends. */
  readonly sessionCloseOf?: SessionCloseOf;
  /** Buying power (cash or margin account); default: no check. */
  readonly account?: AccountModel;
  readonly startingCash?: Money;
  /** Bars only: market orders fill at the next bar's open (default) or at once at the current close. */
  readonly marketFill?: 'next-open' | 'close';
}

interface LastPrint {
  price: Price;
  time: number;
}

export class FillEngine {
  readonly book: SimulatedVenueBook;
  private handler: (event: OrderEvent) => void = () => {};
  private readonly working = new Map<OrderId, WorkingOrder>();
  private readonly lastQuotes = new Map<Ticker, Quote>();
  private readonly currentBars = new Map<Ticker, Bar>();
  private readonly lastPrints = new Map<Ticker, LastPrint>();
  /** The end of the latest bar: what "now" means in market time for an order placed on a bar's close. */
  private barMarketTime = Number.NEGATIVE_INFINITY;
  /** The earliest expiry among working orders (quotes and ticks check it before any scan). */
  private nextExpiry = Number.POSITIVE_INFINITY;
  private readonly sessions: SessionTracker;
  private readonly contingent = new ContingentOrders();
  private readonly account: AccountModel;
  private readonly latency: number;
  private readonly slippage: SlippageModel;
  private readonly prefix: string;

  constructor(private readonly options: FillEngineOptions) {
    this.book = new SimulatedVenueBook(options.venue, options.startingCash);
    this.account = options.account ?? unlimitedAccount;
    this.book.reportBuyingPower((cash) => this.account.buyingPower(cash));
    this.latency = options.latencyMilliseconds ?? 0;
    this.slippage = options.slippage ?? noSlippage;
    this.prefix = options.venueOrderIdPrefix ?? options.venue;
    this.sessions = new SessionTracker(options.sessionCloseOf);
  }

  onEvent(handler: (event: OrderEvent) => void): void {
    this.handler = handler;
  }

  get workingCount(): number {
    return this.working.size;
  }

  submit(order: Order): void {
    if (this.book.report(order.id)) return; // the client order id is known: never a second order
    const venueOrderId = this.book.nextVenueOrderId(this.prefix);
    const entry = this.newEntry(order, venueOrderId, this.marketNow());
    const refusal =
      this.unsupported(order) ??
      this.account.admit(entry, this.referencePrice(entry), this.commissionOf(entry));
    if (refusal) {
      this.book.reject(order, venueOrderId, refusal.reason, this.options.clock.now());
      this.emit(order, { type: 'OrderRejected', reasonCode: refusal.code, reason: refusal.reason });
      return;
    }
    this.book.accept(order, venueOrderId, this.options.clock.now());
    this.emit(order, { type: 'OrderAccepted', venueOrderId });
    this.startWorking(entry);
    if (entry.active) this.workAtOnce(entry, true);
  }

  /**
   * Puts back to work an order accepted before a restart (partially filled ones with their leaves),
   * without a single event: the venue's records already hold its acceptance and fills.
   */
  restore(order: Order, venueOrderId: string): void {
    if (this.working.has(order.id) || order.isTerminal) return;
    this.book.adopt(order, venueOrderId, this.options.clock.now());
    // A DAY order keeps the session it was placed in: restored after that close, it expires at once.
    const entry = this.newEntry(order, venueOrderId, order.createdAt);
    entry.filled = order.filledQuantity.value;
    entry.triggered = order.status === 'TRIGGERED';
    this.account.admit(entry, this.referencePrice(entry), this.commissionOf(entry)); // already accepted
    this.startWorking(entry);
  }

  cancel(order: Order): void {
    const entry = this.working.get(order.id);
    if (entry) this.close(entry, 'canceled', null);
  }

  replace(order: Order, replacement: OrderReplacement): void {
    const entry = this.working.get(order.id);
    const problem = entry ? this.modify(entry, replacement) : 'the order is not working at the venue';
    if (problem !== null || !entry) {
      this.emit(order, { type: 'OrderModifyRejected', reason: problem ?? '' });
      return;
    }
    this.book.update(order.id, entry.quantity, entry.limit, entry.stop);
    this.emit(order, {
      type: 'OrderUpdated',
      quantity: replacement.quantity ?? null,
      limitPrice: replacement.limitPrice ?? null,
      stopPrice: replacement.stopPrice ?? null,
      venueOrderId: null,
    });
    if (entry.active) this.workAtOnce(entry, false);
  }

  /** Applies new terms when they are valid and the account can pay for them; else says why not. */
  private modify(entry: WorkingOrder, replacement: OrderReplacement): string | null {
    const quantity = replacement.quantity?.value ?? entry.quantity;
    if (quantity <= entry.filled) return 'the new quantity is not above the filled quantity';
    if (replacement.limitPrice && entry.limit === null) return 'the order has no limit price';
    if (replacement.stopPrice && entry.stop === null) return 'the order has no stop price';
    const before = { quantity: entry.quantity, limit: entry.limit, stop: entry.stop };
    this.account.release(entry);
    entry.quantity = quantity;
    entry.limit = replacement.limitPrice ?? entry.limit;
    entry.stop = replacement.stopPrice ?? entry.stop;
    const refusal = this.account.admit(entry, this.referencePrice(entry), this.commissionOf(entry));
    if (!refusal) return null;
    // Refused: the order keeps working on its old terms, with its old reservation.
    entry.quantity = before.quantity;
    entry.limit = before.limit;
    entry.stop = before.stop;
    this.account.admit(entry, this.referencePrice(entry), this.commissionOf(entry));
    return refusal.reason;
  }

  /** A quote: working orders of its symbol take its touch (after the expiries it brings due). */
  onQuote(quote: Quote): void {
    const symbol = quote.symbol;
    // Expiries first: a CLS order trades at the last print before the close, not at this one.
    if (this.working.size > 0) this.expireDue(quote.time);
    this.lastQuotes.set(symbol, quote);
    this.notePrint(symbol, quote.last, quote.time);
    const opening = this.sessions.observe(symbol, quote.time);
    if (this.working.size === 0) return;
    let askLeft = quote.askSize;
    let bidLeft = quote.bidSize;
    for (const entry of this.candidates(symbol, quote.time, false)) {
      if (!this.working.has(entry.order.id)) continue; // closed by a sibling meanwhile
      if (!this.auctionAllows(entry, opening)) continue;
      const buying = entry.order.side === 'BUY';
      const match = this.triggering(entry, () => matchQuote(entry, quote, buying ? askLeft : bidLeft));
      const filled = match ? this.fill(entry, match) : 0;
      if (buying) askLeft -= filled;
      else bidLeft -= filled;
      this.endChance(entry);
    }
  }

  /** A trade print: working orders of its symbol trade at its price, up to a share of its size. */
  onTradeTick(tick: TradeTick): void {
    const symbol = tick.symbol;
    if (this.working.size > 0) this.expireDue(tick.time);
    this.notePrint(symbol, tick.price, tick.time);
    const opening = this.sessions.observe(symbol, tick.time);
    if (this.working.size === 0) return;
    const participation = this.options.volumeParticipation;
    for (const entry of this.candidates(symbol, tick.time, false)) {
      if (!this.working.has(entry.order.id)) continue;
      if (!this.auctionAllows(entry, opening)) continue;
      const match = this.triggering(entry, () => matchTradeTick(entry, tick, participation));
      if (match) this.fill(entry, match);
      this.endChance(entry);
    }
  }

  /**
   * A bar: working orders placed before it (in market time, latency included) trade against it, then it
   * becomes the symbol's current bar. An order placed while a bar is processed is placed at that bar's
   * end (the strategy has seen its close), so it trades from the next bar on: no look-ahead.
   */
  onBar(bar: Bar): void {
    const symbol = bar.symbol;
    const end = bar.time + timeframeMilliseconds(bar.timeframe);
    if (end > this.barMarketTime) this.barMarketTime = end;
    this.currentBars.set(symbol, bar);
    // A daily bar is a whole session: its open is the opening print and its close the closing one.
    const daily = bar.timeframe === '1d';
    const opening = daily || this.sessions.observe(symbol, bar.time);
    if (this.working.size > 0) this.workBar(bar, end, daily, opening);
    this.notePrint(symbol, bar.close, bar.time);
  }

  /** Market time has reached `time` with no data: DAY orders past their close expire, CLS orders trade. */
  advanceTime(time: number): void {
    if (this.working.size > 0) this.expireDue(time);
  }

  private workBar(bar: Bar, end: number, daily: boolean, opening: boolean): void {
    const sessionClose = daily ? end : this.sessions.currentClose(bar.symbol);
    const closing = daily || (sessionClose !== undefined && end >= sessionClose);
    const participation = this.options.volumeParticipation;
    for (const entry of this.candidates(bar.symbol, bar.time, true)) {
      if (!this.working.has(entry.order.id)) continue;
      if (entry.expiresAt !== null && bar.time >= entry.expiresAt) {
        this.close(entry, 'expired', null);
        continue;
      }
      const timeInForce = entry.order.timeInForce;
      let auction: BarAuction = null;
      if (timeInForce === 'OPG') {
        if (!opening) continue;
        auction = 'open';
      } else if (timeInForce === 'CLS') {
        if (!closing) continue;
        auction = 'close';
      }
      const match = this.triggering(entry, () => matchBar(entry, bar, auction, participation));
      if (match) this.fill(entry, match);
      if (!this.working.has(entry.order.id)) continue;
      if (tradesOnce(entry)) this.endChance(entry);
      else if (timeInForce === 'DAY' && (entry.expiresAt !== null ? end >= entry.expiresAt : daily))
        this.close(entry, 'expired', null);
    }
  }

  /** Working, active orders of a symbol that may trade on an event at `time` (latency, bar ordering). */
  private candidates(symbol: Ticker, time: number, bar: boolean): WorkingOrder[] {
    const found: WorkingOrder[] = [];
    for (const entry of this.working.values()) {
      if (entry.order.symbol !== symbol || !entry.active) continue;
      if ((bar || this.latency > 0) && time < entry.eligibleAt) continue;
      found.push(entry);
    }
    return found;
  }

  /** OPG orders trade only on a session's first print, CLS orders only in the closing auction. */
  private auctionAllows(entry: WorkingOrder, opening: boolean): boolean {
    const timeInForce = entry.order.timeInForce;
    if (timeInForce === 'OPG') return opening;
    return timeInForce !== 'CLS';
  }

  /** Runs a match and announces a stop the match found reached. */
  private triggering(entry: WorkingOrder, match: () => FillMatch | null): FillMatch | null {
    const before = entry.triggered;
    const found = match();
    if (!before && entry.triggered) this.emit(entry.order, { type: 'OrderTriggered' });
    return found;
  }

  /** After an order's one chance (IOC, FOK, OPG, CLS), what is left of it is closed. */
  private endChance(entry: WorkingOrder): void {
    if (!this.working.has(entry.order.id) || !tradesOnce(entry)) return;
    const timeInForce = entry.order.timeInForce;
    this.close(entry, timeInForce === 'IOC' || timeInForce === 'FOK' ? 'canceled' : 'expired', null);
  }

  /**
   * Matching at the moment an order starts working (or is modified): against the symbol's current quote
   * (the book is there now); on bars, a market order under `close` timing takes the current bar's close.
   * IOC and FOK orders with no quote to take get their one chance at the first eligible event.
   */
  private workAtOnce(entry: WorkingOrder, fresh: boolean): void {
    if (this.latency > 0) return;
    const { order } = entry;
    const quote = this.lastQuotes.get(order.symbol);
    if (quote && order.timeInForce !== 'OPG' && order.timeInForce !== 'CLS') {
      const buying = order.side === 'BUY';
      const match = this.triggering(entry, () =>
        matchQuote(entry, quote, buying ? quote.askSize : quote.bidSize),
      );
      if (match) this.fill(entry, match);
      this.endChance(entry);
      return;
    }
    const bar = this.currentBars.get(order.symbol);
    const closeTiming = this.options.marketFill === 'close' && order.type === 'MARKET';
    if (fresh && bar && closeTiming && order.timeInForce !== 'OPG' && order.timeInForce !== 'CLS') {
      const participation = this.options.volumeParticipation;
      const cap =
        participation === undefined ? Number.POSITIVE_INFINITY : Math.floor(bar.volume * participation);
      this.fill(entry, { price: bar.close, available: cap, slippageVolume: bar.volume });
      if (order.timeInForce === 'IOC' || order.timeInForce === 'FOK') this.endChance(entry);
    }
  }

  /** Fills what the match allows (slippage, account, FOK); returns the quantity filled. */
  private fill(entry: WorkingOrder, match: FillMatch): number {
    const { order } = entry;
    const buying = order.side === 'BUY';
    const leaves = leavesOf(entry);
    let size = Math.min(leaves, match.available);
    const allOrNone = order.timeInForce === 'FOK';
    if (size <= 0 || (allOrNone && size < leaves)) return 0;
    const price = slippedPrice(this.slippage, match.price, buying, size, match.slippageVolume);
    const allowed = this.account.fillable(entry, size, price, this.commissionOf(entry));
    if (allowed < size) {
      if (allowed <= 0 || allOrNone) {
        this.close(entry, 'canceled', `the account cannot pay for the fill at ${price}`);
        return 0;
      }
      size = allowed;
    }
    const quantity = Quantity.of(size);
    const commission = commissionFor(this.options.commission, quantity, price, entry.filled === 0);
    entry.filled += size;
    const now = this.options.clock.now();
    const executionId = this.book.fill(order.id, order.symbol, order.side, size, price, commission, now);
    this.account.recordFill(entry, size, price, commission);
    const complete = entry.filled >= entry.quantity;
    if (complete) this.stopWorking(entry);
    this.emit(order, {
      type: 'OrderFilled',
      tradeId: this.options.ids.tradeId(),
      accountId: order.accountId,
      strategyId: order.strategyId,
      symbol: order.symbol,
      side: order.side,
      lastQuantity: quantity,
      lastPrice: price,
      commission,
      venue: this.options.venue,
      executionId,
      liquidityTaker: true,
    });
    for (const sibling of this.contingent.siblingsOf(entry)) this.closeById(sibling, 'canceled');
    if (complete) this.releaseChildren(entry);
    return size;
  }

  /** Closes a working order (canceled or expired), with what depends on it. */
  private close(entry: WorkingOrder, status: 'canceled' | 'expired', reason: string | null): void {
    this.book.close(entry.order.id, status, this.options.clock.now(), reason);
    this.stopWorking(entry);
    this.emit(entry.order, { type: status === 'canceled' ? 'OrderCanceled' : 'OrderExpired' });
    for (const sibling of this.contingent.siblingsOf(entry)) this.closeById(sibling, 'canceled');
    this.releaseChildren(entry);
  }

  private closeById(id: OrderId, status: 'canceled' | 'expired'): void {
    const entry = this.working.get(id);
    if (entry) this.close(entry, status, null);
  }

  /**
   * A parent is done: its OTO children start working for what it filled (reduced by an OrderUpdated when
   * it filled only in part), or are canceled when it filled nothing.
   */
  private releaseChildren(parent: WorkingOrder): void {
    const children = this.contingent.takeChildren(parent.order.id);
    for (const id of children) {
      const child = this.working.get(id);
      if (!child || child.active) continue;
      if (parent.filled === 0) {
        this.close(child, 'canceled', 'the parent order closed without a fill');
        continue;
      }
      if (child.quantity > parent.filled) {
        child.quantity = parent.filled;
        this.book.update(id, child.quantity, child.limit, child.stop);
        this.emit(child.order, {
          type: 'OrderUpdated',
          quantity: Quantity.of(child.quantity),
          limitPrice: null,
          stopPrice: null,
          venueOrderId: null,
        });
      }
      child.active = true;
      child.eligibleAt = Math.max(child.eligibleAt, this.marketNow() + this.latency);
      this.workAtOnce(child, false);
    }
  }

  private startWorking(entry: WorkingOrder): void {
    this.working.set(entry.order.id, entry);
    this.contingent.register(entry);
    if (entry.expiresAt !== null && entry.expiresAt < this.nextExpiry) this.nextExpiry = entry.expiresAt;
  }

  private stopWorking(entry: WorkingOrder): void {
    this.working.delete(entry.order.id);
    this.account.release(entry);
    this.contingent.leaveGroup(entry);
  }

  /** Expires DAY orders whose session has closed; CLS orders first trade at the session's last print. */
  private expireDue(time: number): void {
    if (time < this.nextExpiry) return;
    let next = Number.POSITIVE_INFINITY;
    for (const entry of [...this.working.values()]) {
      const expiresAt = entry.expiresAt;
      if (expiresAt === null || !this.working.has(entry.order.id)) continue;
      if (time < expiresAt) {
        next = Math.min(next, expiresAt);
        continue;
      }
      const last = this.lastPrints.get(entry.order.symbol);
      if (entry.order.timeInForce === 'CLS' && entry.active && last && last.time <= expiresAt) {
        const { price } = last;
        if (
          entry.limit === null ||
          (entry.order.side === 'BUY' ? price.compare(entry.limit) <= 0 : price.compare(entry.limit) >= 0)
        )
          this.fill(entry, { price, available: Number.POSITIVE_INFINITY, slippageVolume: 0 });
      }
      if (this.working.has(entry.order.id)) this.close(entry, 'expired', null);
    }
    this.nextExpiry = next;
  }

  private newEntry(order: Order, venueOrderId: string, placedAt: number): WorkingOrder {
    const acceptedAt = this.marketNow();
    const timeInForce = order.timeInForce;
    const expires = timeInForce === 'DAY' || timeInForce === 'CLS';
    const parent = order.parentOrderId !== null ? this.working.get(order.parentOrderId) : undefined;
    return {
      order,
      venueOrderId,
      quantity: order.quantity.value,
      limit: order.limitPrice,
      stop: order.stopPrice,
      filled: 0,
      triggered: false,
      best: null,
      acceptedAt,
      eligibleAt: acceptedAt + this.latency,
      expiresAt: expires ? this.sessions.closeOf(placedAt) : null,
      active: parent === undefined,
    };
  }

  /** Market time now: the end of the latest bar in bar-driven runs, the clock otherwise. */
  private marketNow(): number {
    const now = this.options.clock.now();
    return Math.max(this.barMarketTime, now);
  }

  private unsupported(order: Order): AccountRefusal | null {
    const auction = order.timeInForce === 'OPG' || order.timeInForce === 'CLS';
    if (auction && order.type !== 'MARKET' && order.type !== 'LIMIT')
      return {
        code: 'ORDER_NOT_SUPPORTED',
        reason: `${order.timeInForce} takes market and limit orders only`,
      };
    if (auction && !this.sessions.knowsSessions && !this.currentBars.has(order.symbol))
      return { code: 'ORDER_NOT_SUPPORTED', reason: `${order.timeInForce} needs the exchange's sessions` };
    if (order.parentOrderId !== null && !this.working.has(order.parentOrderId)) {
      const parent = this.book.report(order.parentOrderId);
      if (!parent) return { code: 'ORDER_NOT_SUPPORTED', reason: 'the parent order is unknown at the venue' };
      if (parent.status !== 'filled')
        return { code: 'ORDER_NOT_SUPPORTED', reason: `the parent order is ${parent.status}` };
    }
    return null;
  }

  /** The price the account model checks an order at: its limit, else its stop or the touch (the worse). */
  private referencePrice(entry: WorkingOrder): Price | null {
    if (entry.limit !== null) return entry.limit;
    const { symbol, side } = entry.order;
    const buying = side === 'BUY';
    const quote = this.lastQuotes.get(symbol);
    const touch = quote ? (buying ? quote.ask : quote.bid) : (this.lastPrints.get(symbol)?.price ?? null);
    const stop = entry.stop;
    if (stop === null) return touch;
    if (touch === null) return stop;
    // A buy stop pays at least its stop, a sell stop gets at most its stop.
    if (buying) return stop.compare(touch) > 0 ? stop : touch;
    return stop.compare(touch) < 0 ? stop : touch;
  }

  private commissionOf(entry: WorkingOrder): CommissionOf {
    const model = this.options.commission;
    return (quantity, price) => commissionFor(model, Quantity.of(quantity), price, entry.filled === 0);
  }

  private notePrint(symbol: Ticker, price: Price, time: number): void {
    const last = this.lastPrints.get(symbol);
    if (last) {
      last.price = price;
      last.time = time;
    } else this.lastPrints.set(symbol, { price, time });
    this.account.mark(symbol, price);
  }

  private emit(order: Order, body: VenueEventBody): void {
    this.handler(stampVenueEvent(body, this.options.ids, this.options.clock.now(), order.id));
  }
}
