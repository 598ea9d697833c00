// The one matching core of the simulated venues: paper trading (quotes, trade ticks) and backtests
// (bars, quotes, trade ticks) accept, work, fill, modify, cancel and expire orders here, under the rules
// in docs/fill-rules.md. The venue classes are thin shells that feed it market data.
import {
  type Bar,
  type Order,
  type OrderEvent,
  type OrderReplacement,
  type Price,
  type Quote,
  type Ticker,
  type TradeTick,
  timeframeMilliseconds,
} from '@ats/core';
import type { AccountRefusal, MarginCall } from './account-model.js';
import { type BarAuction, matchBar } from './bar-matching.js';
import type { FillEngineOptions } from './fill-engine-options.js';
import { referencePriceOf, unsupportedOrder } from './order-admission.js';
import { matchQuote } from './quote-matching.js';
import { matchTradeTick } from './trade-tick-matching.js';
import { tradesOnce, type WorkingOrder } from './working-order.js';
import { WorkingOrders } from './working-orders.js';

export type { FillEngineOptions } from './fill-engine-options.js';

export class FillEngine extends WorkingOrders {
  private marginCallHandler: ((call: MarginCall) => void) | undefined;

  constructor(options: FillEngineOptions) {
    super(options);
  }

  /**
   * Receives margin calls (margin accounts): checked after each market event. The venue cannot place
   * orders of its own that the OMS would not know, so its owner liquidates through the OMS.
   */
  onMarginCall(handler: (call: MarginCall) => void): void {
    this.marginCallHandler = handler;
  }

  private checkMargin(): void {
    const call = this.account.marginCall?.();
    if (call) this.marginCallHandler?.(call);
  }

  onEvent(handler: (event: OrderEvent) => void): void {
    this.handler = handler;
  }

  get workingCount(): number {
    return this.working.size;
  }

  submit(order: Order): void {
    if (this.book.knows(order.id)) return; // the client order id is known: never a second order
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
    const acceptedAt = this.options.clock.now();
    this.book.accept(order, venueOrderId, acceptedAt);
    // Built whole, header first, like the fill (see WorkingOrders.fill): no header stamped on after.
    this.handler({
      id: this.options.ids.eventId(),
      occurredAt: acceptedAt,
      receivedAt: acceptedAt,
      causationId: null,
      orderId: order.id,
      type: 'OrderAccepted',
      venueOrderId,
    });
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
    this.takeQuote(quote);
    if (this.marginCallHandler) this.checkMargin();
  }

  private takeQuote(quote: Quote): void {
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
      const wasTriggered = entry.triggered;
      const match = matchQuote(entry, quote, buying ? askLeft : bidLeft);
      this.announceTrigger(entry, wasTriggered);
      const filled = match ? this.fill(entry, match) : 0;
      if (buying) askLeft -= filled;
      else bidLeft -= filled;
      this.endChance(entry);
    }
  }

  /** A trade print: working orders of its symbol trade at its price, up to a share of its size. */
  onTradeTick(tick: TradeTick): void {
    this.takeTradeTick(tick);
    if (this.marginCallHandler) this.checkMargin();
  }

  private takeTradeTick(tick: TradeTick): void {
    const symbol = tick.symbol;
    if (this.working.size > 0) this.expireDue(tick.time);
    this.notePrint(symbol, tick.price, tick.time);
    const opening = this.sessions.observe(symbol, tick.time);
    if (this.working.size === 0) return;
    const participation = this.options.volumeParticipation;
    for (const entry of this.candidates(symbol, tick.time, false)) {
      if (!this.working.has(entry.order.id)) continue;
      if (!this.auctionAllows(entry, opening)) continue;
      const wasTriggered = entry.triggered;
      const match = matchTradeTick(entry, tick, participation);
      this.announceTrigger(entry, wasTriggered);
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
    this.noteBar(bar);
    // A daily bar is a whole session: its open is the opening print and its close the closing one.
    const daily = bar.timeframe === '1d';
    const opening = daily || this.sessions.observe(symbol, bar.time);
    if (this.working.size > 0) this.workBar(bar, end, daily, opening);
    this.account.mark(symbol, bar.close); // the bar's close is its last print (see referencePrice)
    if (this.marginCallHandler) this.checkMargin();
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
      const wasTriggered = entry.triggered;
      const match = matchBar(entry, bar, auction, participation);
      this.announceTrigger(entry, wasTriggered);
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

  /**
   * Matching at the moment an order starts working (or is modified): against the symbol's current quote
   * (the book is there now); on bars, a market order under `close` timing takes the current bar's close.
   * IOC and FOK orders with no quote to take get their one chance at the first eligible event.
   */
  protected workAtOnce(entry: WorkingOrder, fresh: boolean): void {
    if (this.latency > 0) return;
    const { order } = entry;
    const quote = this.lastQuotes.get(order.symbol);
    if (quote && order.timeInForce !== 'OPG' && order.timeInForce !== 'CLS') {
      const buying = order.side === 'BUY';
      const wasTriggered = entry.triggered;
      const match = matchQuote(entry, quote, buying ? quote.askSize : quote.bidSize);
      this.announceTrigger(entry, wasTriggered);
      if (match) this.fill(entry, match);
      this.endChance(entry);
      return;
    }
    const bar = this.currentBar(order.symbol);
    const closeTiming = this.options.marketFill === 'close' && order.type === 'MARKET';
    if (fresh && bar && closeTiming && order.timeInForce !== 'OPG' && order.timeInForce !== 'CLS') {
      const participation = this.options.volumeParticipation;
      const cap =
        participation === undefined ? Number.POSITIVE_INFINITY : Math.floor(bar.volume * participation);
      this.fill(entry, { price: bar.close, available: cap, slippageVolume: bar.volume });
      if (order.timeInForce === 'IOC' || order.timeInForce === 'FOK') this.endChance(entry);
    }
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

  private unsupported(order: Order): AccountRefusal | null {
    const parentId = order.parentOrderId;
    // Neither an auction order nor an OTO child: nothing here to refuse, no context to build per order.
    const timeInForce = order.timeInForce;
    if (parentId === null && timeInForce !== 'OPG' && timeInForce !== 'CLS') return null;
    const parentWorking = parentId !== null && this.working.has(parentId);
    return unsupportedOrder(order, {
      sessionsKnown: this.sessions.knowsSessions || this.currentBar(order.symbol)?.timeframe === '1d',
      parentWorking,
      parentReport: parentId !== null && !parentWorking ? this.book.report(parentId) : null,
    });
  }

  private referencePrice(entry: WorkingOrder): Price | null {
    const symbol = entry.order.symbol;
    const lastPrint = this.lastPrints.get(symbol)?.price ?? this.currentBar(symbol)?.close;
    return referencePriceOf(entry, this.lastQuotes.get(symbol), lastPrint);
  }
}
