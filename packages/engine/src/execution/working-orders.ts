// The fill engine's order keeping: the working orders, what the venue knows of each symbol's market,
// and how an order fills, closes and releases the orders that depend on it (OCO siblings, OTO children).
import {
  type Bar,
  type Order,
  type OrderEvent,
  type OrderId,
  type Price,
  Quantity,
  type Quote,
  RecentTable,
  SteadyMap,
  type Ticker,
} from '@ats/core';
import { type AccountModel, type CommissionOf, unlimitedAccount } from './account-model.js';
import { commissionFor } from './commission-model.js';
import { ContingentOrders } from './contingent-orders.js';
import type { FillEngineOptions } from './fill-engine-options.js';
import type { FillMatch } from './fill-match.js';
import { SessionTracker } from './session-tracker.js';
import { SimulatedVenueBook } from './simulated-venue-book.js';
import { noSlippage, type SlippageModel, slippedPrice } from './slippage-model.js';
import { stampVenueEvent, type VenueEventBody } from './venue-event.js';
import { leavesOf, tradesOnce, type WorkingOrder } from './working-order.js';

export interface LastPrint {
  price: Price;
  time: number;
}

/** A symbol's latest bar. */
interface CurrentBar {
  readonly symbol: Ticker;
  bar: Bar | undefined;
}

export abstract class WorkingOrders {
  readonly book: SimulatedVenueBook;
  protected handler: (event: OrderEvent) => void = () => {};
  protected readonly working = new SteadyMap<OrderId, WorkingOrder>();
  protected readonly lastQuotes = new Map<Ticker, Quote>();
  /**
   * Each symbol's latest bar, in a holder updated in place: a bar stores its symbol's bar with no table
   * write, and a one-symbol run with no lookup at all.
   */
  private readonly currentBars = new RecentTable<Ticker, CurrentBar>((symbol) => ({
    symbol,
    bar: undefined,
  }));
  protected readonly lastPrints = new Map<Ticker, LastPrint>();
  /** The end of the latest bar: what "now" means in market time for an order placed on a bar's close. */
  protected barMarketTime = Number.NEGATIVE_INFINITY;
  /** The earliest expiry among working orders (quotes and ticks check it before any scan). */
  protected nextExpiry = Number.POSITIVE_INFINITY;
  protected readonly sessions: SessionTracker;
  protected readonly contingent = new ContingentOrders();
  protected readonly account: AccountModel;
  protected readonly latency: number;
  protected readonly slippage: SlippageModel;
  protected readonly prefix: string;

  constructor(protected readonly options: FillEngineOptions) {
    const instance = options.instance ? `${options.instance}-` : '';
    this.book = new SimulatedVenueBook(
      options.venue,
      options.startingCash,
      instance,
      options.keepsClosedOrders ?? true,
    );
    this.account = options.account ?? unlimitedAccount;
    this.book.reportBuyingPower((cash) => this.account.buyingPower(cash));
    this.book.onRestoredExecution((execution) => this.account.replay?.(execution));
    this.latency = options.latencyMilliseconds ?? 0;
    this.slippage = options.slippage ?? noSlippage;
    this.prefix = `${options.venueOrderIdPrefix ?? options.venue}${options.instance ? `-${options.instance}` : ''}`;
    this.sessions = new SessionTracker(options.sessionCloseOf);
  }

  /** Lets go of working orders and the venue's records, for a venue that will not be used again. */
  discard(): void {
    this.working.clear();
    this.book.discard();
  }

  /** Matching at the moment an order starts working (the event-driven rules live in the subclass). */
  protected abstract workAtOnce(entry: WorkingOrder, fresh: boolean): void;

  /** Announces a stop that the match just made found reached. */
  protected announceTrigger(entry: WorkingOrder, wasTriggered: boolean): void {
    if (!wasTriggered && entry.triggered) this.emit(entry.order, { type: 'OrderTriggered' });
  }

  /** After an order's one chance (IOC, FOK, OPG, CLS), what is left of it is closed. */
  protected endChance(entry: WorkingOrder): void {
    if (!this.working.has(entry.order.id) || !tradesOnce(entry)) return;
    const timeInForce = entry.order.timeInForce;
    this.close(entry, timeInForce === 'IOC' || timeInForce === 'FOK' ? 'canceled' : 'expired', null);
  }

  /** Fills what the match allows (slippage, account, FOK); returns the quantity filled. */
  protected fill(entry: WorkingOrder, match: FillMatch): number {
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
    // Built whole, header first (as the executor's own events are): stamping a header onto the body
    // added five properties to a finished literal, a property store allocated for every fill. The
    // trade id is drawn before the event id, as it was then (same ids from the same seed).
    const tradeId = this.options.ids.tradeId();
    this.handler({
      id: this.options.ids.eventId(),
      occurredAt: now,
      receivedAt: now,
      causationId: null,
      orderId: order.id,
      type: 'OrderFilled',
      tradeId,
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
  protected close(entry: WorkingOrder, status: 'canceled' | 'expired', reason: string | null): void {
    this.book.close(entry.order.id, status, this.options.clock.now(), reason);
    this.stopWorking(entry);
    this.emit(entry.order, { type: status === 'canceled' ? 'OrderCanceled' : 'OrderExpired' });
    for (const sibling of this.contingent.siblingsOf(entry)) this.closeById(sibling, 'canceled');
    this.releaseChildren(entry);
  }

  protected closeById(id: OrderId, status: 'canceled' | 'expired'): void {
    const entry = this.working.get(id);
    if (entry) this.close(entry, status, null);
  }

  /**
   * A parent is done: its OTO children start working for what it filled (reduced by an OrderUpdated when
   * it filled only in part), or are canceled when it filled nothing.
   */
  protected releaseChildren(parent: WorkingOrder): void {
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

  protected startWorking(entry: WorkingOrder): void {
    this.working.set(entry.order.id, entry);
    this.contingent.register(entry);
    if (entry.expiresAt !== null && entry.expiresAt < this.nextExpiry) this.nextExpiry = entry.expiresAt;
  }

  protected stopWorking(entry: WorkingOrder): void {
    this.working.delete(entry.order.id);
    this.account.release(entry);
    this.contingent.leaveGroup(entry);
  }

  protected newEntry(order: Order, venueOrderId: string, placedAt: number): WorkingOrder {
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

  /** Keeps `bar` as its symbol's latest. */
  protected noteBar(bar: Bar): void {
    this.currentBars.of(bar.symbol).bar = bar;
  }

  /** The symbol's latest bar, if one came. */
  protected currentBar(symbol: Ticker): Bar | undefined {
    return this.currentBars.find(symbol)?.bar;
  }

  /** Market time now: the end of the latest bar in bar-driven runs, the clock otherwise. */
  protected marketNow(): number {
    const now = this.options.clock.now();
    return Math.max(this.barMarketTime, now);
  }

  protected commissionOf(entry: WorkingOrder): CommissionOf {
    const model = this.options.commission;
    return (quantity, price) => commissionFor(model, Quantity.of(quantity), price, entry.filled === 0);
  }

  protected notePrint(symbol: Ticker, price: Price, time: number): void {
    const last = this.lastPrints.get(symbol);
    if (last) {
      last.price = price;
      last.time = time;
    } else this.lastPrints.set(symbol, { price, time });
    this.account.mark(symbol, price);
  }

  protected emit(order: Order, body: VenueEventBody): void {
    this.handler(stampVenueEvent(body, this.options.ids, this.options.clock.now(), order.id));
  }
}
