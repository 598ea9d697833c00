// The paper venue as a broker that outlives the Trade Executor: every acceptance, execution and
// closing is written to the venue's own tables before the executor hears of it, working orders come
// back after a restart, and reconciliation questions are answered from those tables.
import {
  type ExecutionClient,
  Money,
  Order,
  type OrderEvent,
  type OrderId,
  type OrderReplacement,
  Quantity,
  type Quote,
  type VenueAccount,
  type VenueExecution,
  type VenueOrderReport,
  type VenuePosition,
} from '@ats/core';
import type { MarginCall, PaperExecutionClient } from '@ats/engine';
import type { SqlPaperVenueStore } from '@ats/persistence';

export interface PersistentPaperVenueOptions {
  readonly inner: PaperExecutionClient;
  readonly store: SqlPaperVenueStore;
  readonly startingCash: Money;
  readonly clock: { now(): number };
  readonly onError: (error: unknown) => void;
}

export class PersistentPaperVenue implements ExecutionClient {
  readonly venue: string;
  private handler: (event: OrderEvent) => unknown = () => {};
  /** Writes run one after another, each event forwarded only after its write. */
  private chain: Promise<void> = Promise.resolve();
  private readonly venueOrderIds = new Map<OrderId, string>();
  /** Orders sent or restored and not yet closed, for the rows their events write. */
  private readonly orders = new Map<OrderId, Order>();

  constructor(private readonly options: PersistentPaperVenueOptions) {
    this.venue = options.inner.venue;
    options.inner.onEvent((event) => this.persistThenForward(event));
  }

  onEvent(handler: (event: OrderEvent) => unknown): void {
    this.handler = handler;
  }

  /** Margin accounts: the venue's margin calls, for the executor to liquidate through the order path. */
  onMarginCall(handler: (call: MarginCall) => void): void {
    this.options.inner.onMarginCall(handler);
  }

  /** Puts the orders that were working before the restart back to work. */
  async connect(): Promise<void> {
    // The venue's books first (its cash account is rebuilt from them), then its working orders.
    const { store, inner } = this.options;
    inner.book.restore(await store.executionsSince(0), await store.openOrders());
    for (const stored of await store.workingOrders()) {
      const order = Order.restore(stored.initialized, {
        status: stored.filledQuantity > 0 ? 'PARTIALLY_FILLED' : 'ACCEPTED',
        filledQuantity: Quantity.of(stored.filledQuantity),
        averageFillPrice: null,
        commission: Money.zero,
        venueOrderId: stored.venueOrderId,
        updatedAt: stored.initialized.occurredAt,
      });
      this.venueOrderIds.set(order.id, stored.venueOrderId);
      this.orders.set(order.id, order);
      this.options.inner.restoreWorkingOrder(order, stored.venueOrderId);
    }
  }

  async disconnect(): Promise<void> {
    await this.chain;
  }

  /** Resolves once the venue recorded its answer (accepted, and any immediate fill). */
  async submitOrder(order: Order): Promise<void> {
    // A client order id the venue already has never makes a second order.
    if (this.venueOrderIds.has(order.id) || (await this.options.store.report(order.id))) return;
    this.orders.set(order.id, order);
    this.options.inner.submitOrder(order);
    await this.chain;
  }

  async cancelOrder(order: Order): Promise<void> {
    this.options.inner.cancelOrder(order);
    await this.chain;
  }

  async replaceOrder(order: Order, replacement: OrderReplacement): Promise<void> {
    this.options.inner.replaceOrder(order, replacement);
    await this.chain;
  }

  onQuote(quote: Quote): void {
    this.options.inner.onQuote(quote);
  }

  async orderReport(orderId: OrderId): Promise<VenueOrderReport | null> {
    await this.chain;
    return this.options.store.report(orderId);
  }
  async openOrders(): Promise<VenueOrderReport[]> {
    await this.chain;
    return this.options.store.openOrders();
  }
  async executionsSince(since: number): Promise<VenueExecution[]> {
    await this.chain;
    return this.options.store.executionsSince(since);
  }
  async positions(): Promise<VenuePosition[]> {
    await this.chain;
    return this.options.store.positions();
  }
  async account(): Promise<VenueAccount> {
    await this.chain;
    const cash = await this.options.store.cash(this.options.startingCash);
    return { cash, buyingPower: cash };
  }

  private persistThenForward(event: OrderEvent): void {
    this.chain = this.chain
      .then(() => this.persist(event))
      .then(
        () => {
          this.handler(event);
        },
        // A venue that cannot write its books does not report the event; reconciliation finds it
        // missing on both sides, as with a broker that lost a message.
        (error: unknown) => this.options.onError(error),
      );
  }

  private async persist(event: OrderEvent): Promise<void> {
    const { store } = this.options;
    switch (event.type) {
      case 'OrderAccepted': {
        const order = this.orderOf(event.orderId);
        this.venueOrderIds.set(event.orderId, event.venueOrderId);
        if (order) await store.accepted(order, event.venueOrderId, event.occurredAt);
        return;
      }
      case 'OrderFilled': {
        await store.executed(event, this.venueOrderIds.get(event.orderId) ?? '');
        return;
      }
      case 'OrderCanceled':
        await store.closed(event.orderId, 'canceled', null, event.occurredAt);
        this.forget(event.orderId);
        return;
      case 'OrderExpired':
        await store.closed(event.orderId, 'expired', null, event.occurredAt);
        this.forget(event.orderId);
        return;
      case 'OrderRejected':
        await store.closed(event.orderId, 'rejected', event.reason, event.occurredAt);
        this.forget(event.orderId);
        return;
      case 'OrderUpdated': {
        const order = this.orderOf(event.orderId);
        if (order) await store.updatedTerms(order, event.occurredAt);
        return;
      }
      default:
        return;
    }
  }

  private forget(orderId: OrderId): void {
    this.orders.delete(orderId);
  }

  private orderOf(orderId: OrderId): Order | undefined {
    return this.orders.get(orderId);
  }
}
