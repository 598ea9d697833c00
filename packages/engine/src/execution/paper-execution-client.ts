// The paper broker: a simulated venue that fills orders against live quotes, with commissions.
import {
  type Clock,
  type ExecutionClient,
  type IdGenerator,
  type Money,
  type Order,
  type OrderEvent,
  type OrderId,
  type OrderReplacement,
  type Price,
  Quantity,
  type Quote,
  type VenueAccount,
  type VenueExecution,
  type VenueOrderReport,
  type VenuePosition,
} from '@ats/core';
import { type CommissionModel, commissionFor } from './commission-model.js';
import { SimulatedVenueBook } from './simulated-venue-book.js';
import { stampVenueEvent, type VenueEventBody } from './venue-event.js';

interface Working {
  readonly order: Order;
  leaves: number;
  filledOnce: boolean;
  triggered: boolean;
}

export interface PaperExecutionClientOptions {
  readonly clock: Clock;
  readonly ids: IdGenerator;
  readonly commission: CommissionModel;
  readonly venue?: string;
  /** The account's cash at the venue, for what it reports to reconciliation. */
  readonly startingCash?: Money;
}

/**
 * Fill rules, against the top of book of each quote (no look-ahead: only quotes after the order):
 * - market buys take the ask, sells hit the bid, up to the displayed size (a size of 0 means unknown
 *   and fills the whole order); what is left waits for the next quote;
 * - limit buys fill at the ask once the ask is at or below the limit (sells: bid at or above);
 * - stop orders trigger when the last trade reaches the stop, then act as market (stop-limit: as limit);
 * - IOC fills what the current quote allows and cancels the rest; FOK fills all at once or cancels.
 */
export class PaperExecutionClient implements ExecutionClient {
  readonly venue: string;
  private handler: (event: OrderEvent) => void = () => {};
  private readonly working = new Map<OrderId, Working>();
  private readonly lastQuotes = new Map<string, Quote>();
  private acceptedCount = 0;
  private readonly book: SimulatedVenueBook;
  private readonly instance: string;

  constructor(private readonly options: PaperExecutionClientOptions) {
    this.venue = options.venue ?? 'PAPER';
    // Ids unique across restarts of the venue: a prefix drawn for this run.
    this.instance = `${options.ids.uuid().slice(0, 8)}-`;
    this.book = new SimulatedVenueBook(this.venue, options.startingCash, this.instance);
  }

  onEvent(handler: (event: OrderEvent) => void): void {
    this.handler = handler;
  }

  async connect(): Promise<void> {}
  async disconnect(): Promise<void> {}

  submitOrder(order: Order): void {
    if (this.book.report(order.id)) return; // the client order id is known: never a second order
    this.acceptedCount++;
    const venueOrderId = `${this.venue}-${this.instance}${this.acceptedCount}`;
    this.book.accept(order, venueOrderId, this.options.clock.now());
    this.emit(order, { type: 'OrderAccepted', venueOrderId });
    const entry: Working = { order, leaves: order.quantity.value, filledOnce: false, triggered: false };
    this.working.set(order.id, entry);
    const quote = this.lastQuotes.get(order.symbol);
    const immediate = order.timeInForce === 'IOC' || order.timeInForce === 'FOK';
    if (quote) this.match(entry, quote);
    if (immediate && this.working.has(order.id)) {
      this.working.delete(order.id);
      this.book.close(order.id, 'canceled');
      this.emit(order, { type: 'OrderCanceled' });
    }
  }

  /**
   * Puts an order this venue accepted before a restart back to work, without emitting anything: what
   * is left of it (quantity less filled) trades again on the next quotes.
   */
  restoreWorkingOrder(order: Order, venueOrderId: string): void {
    const leaves = order.quantity.value - order.filledQuantity.value;
    if (leaves <= 0 || this.working.has(order.id)) return;
    this.book.accept(order, venueOrderId, this.options.clock.now());
    this.working.set(order.id, {
      order,
      leaves,
      filledOnce: order.filledQuantity.value > 0,
      triggered: order.status === 'TRIGGERED',
    });
  }

  cancelOrder(order: Order): void {
    const entry = this.working.get(order.id);
    if (!entry) return;
    this.working.delete(order.id);
    this.book.close(order.id, 'canceled');
    this.emit(entry.order, { type: 'OrderCanceled' });
  }

  replaceOrder(order: Order, replacement: OrderReplacement): void {
    const entry = this.working.get(order.id);
    if (!entry) {
      this.emit(order, { type: 'OrderModifyRejected', reason: 'the order is not working at the venue' });
      return;
    }
    const quantity = replacement.quantity ?? null;
    if (quantity && quantity.value <= order.filledQuantity.value) {
      this.emit(order, {
        type: 'OrderModifyRejected',
        reason: 'the new quantity is not above the filled quantity',
      });
      return;
    }
    if (quantity) entry.leaves = quantity.value - order.filledQuantity.value;
    this.emit(order, {
      type: 'OrderUpdated',
      quantity,
      limitPrice: replacement.limitPrice ?? null,
      stopPrice: replacement.stopPrice ?? null,
      venueOrderId: null,
    });
  }

  orderReport(orderId: OrderId): Promise<VenueOrderReport | null> {
    return Promise.resolve(this.book.report(orderId));
  }
  openOrders(): Promise<VenueOrderReport[]> {
    return Promise.resolve(this.book.openOrders());
  }
  executionsSince(since: number): Promise<VenueExecution[]> {
    return Promise.resolve(this.book.executionsSince(since));
  }
  positions(): Promise<VenuePosition[]> {
    return Promise.resolve(this.book.positions());
  }
  account(): Promise<VenueAccount> {
    return Promise.resolve(this.book.account());
  }

  /** Feeds a quote: remembers it and matches working orders of its symbol. */
  onQuote(quote: Quote): void {
    this.lastQuotes.set(quote.symbol, quote);
    for (const entry of this.working.values()) {
      if (entry.order.symbol === quote.symbol) this.match(entry, quote);
    }
  }

  private match(entry: Working, quote: Quote): void {
    const { order } = entry;
    const buying = order.side === 'BUY';
    if ((order.type === 'STOP' || order.type === 'STOP_LIMIT') && !entry.triggered) {
      const stop = order.stopPrice as Price;
      const reached = buying ? quote.last.compare(stop) >= 0 : quote.last.compare(stop) <= 0;
      if (!reached) return;
      entry.triggered = true;
      this.emit(order, { type: 'OrderTriggered' });
    }
    const price = buying ? quote.ask : quote.bid;
    if (
      order.limitPrice &&
      (buying ? price.compare(order.limitPrice) > 0 : price.compare(order.limitPrice) < 0)
    )
      return;
    const displayed = buying ? quote.askSize : quote.bidSize;
    const available = displayed > 0 ? displayed : entry.leaves;
    if (order.timeInForce === 'FOK' && available < entry.leaves) return;
    const size = Math.min(entry.leaves, available);
    if (size <= 0) return;
    const quantity = Quantity.of(size);
    const commission = commissionFor(this.options.commission, quantity, price, !entry.filledOnce);
    entry.filledOnce = true;
    entry.leaves -= size;
    if (entry.leaves === 0) this.working.delete(order.id);
    const executionId = this.book.fill(order, order.side, size, price, commission, this.options.clock.now());
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
      venue: this.venue,
      executionId,
      liquidityTaker: true,
    });
  }

  private emit(order: Order, body: VenueEventBody): void {
    this.handler(stampVenueEvent(body, this.options.ids, this.options.clock.now(), order.id));
  }
}
