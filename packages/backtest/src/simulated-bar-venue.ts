// The backtest venue: bars, quotes or trade prints drive the engine's fill engine, with no look-ahead.
import type {
  Bar,
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
import {
  type AccountModel,
  FillEngine,
  type MarginCall,
  type SessionCloseOf,
  type SimulatedVenueBook,
} from '@ats/engine';
import type { FillRules } from './fill-rules.js';

export interface SimulatedBarVenueOptions {
  /** The exchange's session closes (DAY, OPG, CLS); without it a DAY order lasts one daily bar. */
  readonly sessionCloseOf?: SessionCloseOf;
  /** Buying power: a cash or margin account; default: no check. */
  readonly account?: AccountModel;
  readonly startingCash?: Money;
}

/** The fill rules are the fill engine's, documented in docs/fill-rules.md. */
export class SimulatedBarVenue implements ExecutionClient {
  readonly venue = 'BACKTEST';
  private readonly engine: FillEngine;

  constructor(clock: Clock, ids: IdGenerator, rules: FillRules, options: SimulatedBarVenueOptions = {}) {
    this.engine = new FillEngine({
      venue: this.venue,
      venueOrderIdPrefix: 'BT',
      clock,
      ids,
      commission: rules.commission,
      slippage: rules.slippage,
      marketFill: rules.marketFill,
      ...(rules.volumeParticipation !== undefined ? { volumeParticipation: rules.volumeParticipation } : {}),
      ...(rules.latencyMilliseconds !== undefined ? { latencyMilliseconds: rules.latencyMilliseconds } : {}),
      ...options,
    });
  }

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

  /** A new bar: first the working orders of its symbol trade against it, then it becomes current. */
  onBar(bar: Bar): void {
    this.engine.onBar(bar);
  }

  /** A quote (quote-driven backtests): working orders of its symbol take its touch. */
  onQuote(quote: Quote): void {
    this.engine.onQuote(quote);
  }

  /** A trade print (tick-driven backtests). */
  onTradeTick(tick: TradeTick): void {
    this.engine.onTradeTick(tick);
  }
}
