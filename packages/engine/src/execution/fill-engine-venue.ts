// A simulated venue as an ExecutionClient: the fill engine decides, its book answers reconciliation.
// The paper venue and the backtest venue are this shell, fed by live data or by history.
import type {
  ExecutionClient,
  Order,
  OrderEvent,
  OrderId,
  OrderReplacement,
  Quote,
  TradeTick,
  VenueAccount,
  VenueExecution,
  VenueOrderReport,
  VenuePosition,
} from '@ats/core';
import type { MarginCall } from './account-model.js';
import type { FillEngine } from './fill-engine.js';
import type { SimulatedVenueBook } from './simulated-venue-book.js';

/** The fill rules are the fill engine's, documented in docs/fill-rules.md. */
export abstract class FillEngineVenue implements ExecutionClient {
  abstract readonly venue: string;

  protected constructor(protected readonly engine: FillEngine) {}

  /** The venue's records, e.g. to restore them after a restart (`book.restore`). */
  get book(): SimulatedVenueBook {
    return this.engine.book;
  }

  onEvent(handler: (event: OrderEvent) => void): void {
    this.engine.onEvent(handler);
  }

  /** Margin accounts: receives margin calls, for the owner to liquidate through the OMS. */
  onMarginCall(handler: (call: MarginCall) => void): void {
    this.engine.onMarginCall(handler);
  }

  /** Lets go of its orders and executions once it will not be used again (a finished backtest). */
  discard(): void {
    this.engine.discard();
  }

  async connect(): Promise<void> {}
  async disconnect(): Promise<void> {}

  submitOrder(order: Order): void {
    this.engine.submit(order);
  }

  cancelOrder(order: Order): void {
    this.engine.cancel(order);
  }

  replaceOrder(order: Order, replacement: OrderReplacement): void {
    this.engine.replace(order, replacement);
  }

  orderReport(orderId: OrderId): Promise<VenueOrderReport | null> {
    return Promise.resolve(this.engine.book.report(orderId));
  }
  openOrders(): Promise<VenueOrderReport[]> {
    return Promise.resolve(this.engine.book.openOrders());
  }
  executionsSince(since: number): Promise<VenueExecution[]> {
    return Promise.resolve(this.engine.book.executionsSince(since));
  }
  positions(): Promise<VenuePosition[]> {
    return Promise.resolve(this.engine.book.positions());
  }
  account(): Promise<VenueAccount> {
    return Promise.resolve(this.engine.book.account());
  }

  /** A quote: working orders of its symbol match against it (take its touch). */
  onQuote(quote: Quote): void {
    this.engine.onQuote(quote);
  }

  /** A trade print: working orders of its symbol match against it. */
  onTradeTick(tick: TradeTick): void {
    this.engine.onTradeTick(tick);
  }
}
