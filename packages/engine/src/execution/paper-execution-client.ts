// The paper broker: a simulated venue fed by live quotes and trade prints, matching in the fill engine.
import type {
  Clock,
  ExecutionClient,
  IdGenerator,
  Money,
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
import type { AccountModel, MarginCall } from './account-model.js';
import type { CommissionModel } from './commission-model.js';
import { FillEngine } from './fill-engine.js';
import type { SessionCloseOf } from './session-tracker.js';
import type { SimulatedVenueBook } from './simulated-venue-book.js';
import type { SlippageModel } from './slippage-model.js';

export interface PaperExecutionClientOptions {
  readonly clock: Clock;
  readonly ids: IdGenerator;
  readonly commission: CommissionModel;
  readonly venue?: string;
  /** The account's cash at the venue, for what it reports to reconciliation and buying power. */
  readonly startingCash?: Money;
  /** The exchange's session closes, for DAY, OPG and CLS orders (wire `NyseCalendar.nextClose`). */
  readonly sessionCloseOf?: SessionCloseOf;
  readonly slippage?: SlippageModel;
  /** At most this share of a trade print's size fills per order; undefined: no cap. */
  readonly volumeParticipation?: number;
  readonly latencyMilliseconds?: number;
  /** Buying power: a cash or margin account; default: no check. */
  readonly account?: AccountModel;
}

/** The fill rules are the fill engine's, documented in docs/fill-rules.md. */
export class PaperExecutionClient implements ExecutionClient {
  readonly venue: string;
  private readonly engine: FillEngine;

  constructor(options: PaperExecutionClientOptions) {
    this.venue = options.venue ?? 'PAPER';
    // Ids unique across restarts of the venue: an instance drawn for this run goes into each of them.
    this.engine = new FillEngine({ ...options, venue: this.venue, instance: options.ids.uuid().slice(0, 8) });
  }

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

  /**
   * Puts an order accepted before a restart back to work (a partially filled one for its leaves)
   * without emitting any event. Restore the book first (`book.restore`) so its fills are known.
   */
  restoreWorkingOrder(order: Order, venueOrderId: string): void {
    this.engine.restore(order, venueOrderId);
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

  /** Feeds a quote: working orders of its symbol match against it. */
  onQuote(quote: Quote): void {
    this.engine.onQuote(quote);
  }

  /** Feeds a trade print: working orders of its symbol match against it. */
  onTradeTick(tick: TradeTick): void {
    this.engine.onTradeTick(tick);
  }

  /** Market time passed with no data (a timer): expires DAY orders whose session has closed. */
  advanceTime(time: number): void {
    this.engine.advanceTime(time);
  }
}
