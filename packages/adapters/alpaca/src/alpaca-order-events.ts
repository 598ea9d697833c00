// The orders this client is responsible for and the events it has told the engine about them, so each
// venue fact becomes exactly one legal OrderEvent (one acceptance, one event per execution, nothing
// after a terminal event).
import {
  type Clock,
  deriveUuid,
  type IdGenerator,
  Money,
  type Order,
  type OrderEvent,
  type OrderId,
  type Price,
  type Quantity,
  type TradeId,
} from '@ats/core';

export interface TrackedOrder {
  readonly order: Order;
  /** The Alpaca id of the order working now (a replacement has a new one). */
  venueOrderId: string | null;
  accepted: boolean;
  done: boolean;
  /** A cancel request is out: OrderPendingCancel was reported and awaits Canceled or CancelRejected. */
  cancelPending: boolean;
  /** The terms as the venue last confirmed them, and what has filled, to know when a fill completes it. */
  quantity: Quantity;
  filled: Quantity;
}

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
type EventBody = DistributiveOmit<OrderEvent, 'id' | 'occurredAt' | 'receivedAt' | 'causationId' | 'orderId'>;

export interface ExecutionFacts {
  readonly executionId: string;
  readonly venueOrderId: string;
  readonly quantity: Quantity;
  readonly price: Price;
  readonly executedAt: number;
}

export class AlpacaOrderEvents {
  private readonly tracked = new Map<OrderId, TrackedOrder>();
  private readonly venueIds = new Map<string, OrderId>();
  private readonly executions = new Set<string>();
  private handler: (event: OrderEvent) => void = () => {};
  /** The time of the newest execution seen, where a catch-up after a drop starts. */
  lastExecutionAt: number | null = null;

  constructor(
    private readonly venue: string,
    private readonly clock: Clock,
    private readonly ids: IdGenerator,
  ) {}

  onEvent(handler: (event: OrderEvent) => void): void {
    this.handler = handler;
  }

  track(order: Order): TrackedOrder {
    const existing = this.tracked.get(order.id);
    if (existing) return existing;
    const entry: TrackedOrder = {
      order,
      venueOrderId: order.venueOrderId,
      accepted: order.status !== 'INITIALIZED' && order.status !== 'SUBMITTED',
      done: order.isTerminal,
      cancelPending: order.status === 'PENDING_CANCEL',
      quantity: order.quantity,
      filled: order.filledQuantity,
    };
    this.tracked.set(order.id, entry);
    if (order.venueOrderId) this.venueIds.set(order.venueOrderId, order.id);
    return entry;
  }

  find(orderId: OrderId): TrackedOrder | undefined {
    return this.tracked.get(orderId);
  }

  /** Orders still working as far as this client knows. */
  working(): TrackedOrder[] {
    return [...this.tracked.values()].filter((entry) => !entry.done);
  }

  orderIdOfVenueId(venueOrderId: string): OrderId | undefined {
    return this.venueIds.get(venueOrderId);
  }

  rememberVenueId(orderId: OrderId, venueOrderId: string): void {
    this.venueIds.set(venueOrderId, orderId);
  }

  accepted(entry: TrackedOrder, venueOrderId: string, at: number): void {
    this.rememberVenueId(entry.order.id, venueOrderId);
    if (entry.venueOrderId === null) entry.venueOrderId = venueOrderId;
    if (entry.accepted || entry.done) return;
    entry.accepted = true;
    this.emit(entry, { type: 'OrderAccepted', venueOrderId }, at);
  }

  /** One execution, once: the stream and the activities catch-up may both report it. */
  filled(entry: TrackedOrder, facts: ExecutionFacts): void {
    if (this.executions.has(facts.executionId)) return;
    this.executions.add(facts.executionId);
    this.lastExecutionAt = Math.max(this.lastExecutionAt ?? facts.executedAt, facts.executedAt);
    if (entry.done) return;
    this.accepted(entry, facts.venueOrderId, facts.executedAt);
    const order = entry.order;
    entry.filled = entry.filled.add(facts.quantity);
    if (entry.filled.compare(entry.quantity) >= 0) entry.done = true;
    this.emit(
      entry,
      {
        type: 'OrderFilled',
        tradeId: deriveUuid(this.venue, facts.executionId) as TradeId,
        accountId: order.accountId,
        strategyId: order.strategyId,
        symbol: order.symbol,
        side: order.side,
        lastQuantity: facts.quantity,
        lastPrice: facts.price,
        // Alpaca charges no commission on US equities; regulatory fees arrive as FEE activities.
        commission: Money.zero,
        venue: this.venue,
        executionId: facts.executionId,
        // Alpaca does not say who provided liquidity; orders that execute on arrival take it.
        liquidityTaker: order.type === 'MARKET' || order.type === 'STOP' || order.type === 'TRAILING_STOP',
      },
      facts.executedAt,
    );
  }

  /** Whether this execution id has been reported already. */
  hasExecution(executionId: string): boolean {
    return this.executions.has(executionId);
  }

  rejected(entry: TrackedOrder, reason: string, at: number): void {
    if (entry.done) return;
    entry.done = true;
    // An accepted order can no longer be rejected in the order state machine; Alpaca's late
    // `rejected` (after `new`) ends it as canceled.
    if (entry.accepted) this.emit(entry, { type: 'OrderCanceled' }, at);
    else this.emit(entry, { type: 'OrderRejected', reasonCode: 'BROKER_REJECTED', reason }, at);
  }

  /** A cancel request is being sent (Alpaca's `pending_cancel`). */
  cancelRequested(entry: TrackedOrder, at: number): void {
    if (entry.done || entry.cancelPending) return;
    entry.cancelPending = true;
    this.emit(entry, { type: 'OrderPendingCancel' }, at);
  }

  canceled(entry: TrackedOrder, at: number): void {
    if (entry.done) return;
    entry.done = true;
    this.emit(entry, { type: 'OrderCanceled' }, at);
  }

  expired(entry: TrackedOrder, at: number): void {
    if (entry.done) return;
    entry.done = true;
    this.emit(entry, { type: 'OrderExpired' }, at);
  }

  updated(
    entry: TrackedOrder,
    terms: { quantity: Quantity | null; limitPrice: Price | null; stopPrice: Price | null },
    venueOrderId: string,
    at: number,
  ): void {
    this.rememberVenueId(entry.order.id, venueOrderId);
    entry.venueOrderId = venueOrderId;
    if (terms.quantity) entry.quantity = terms.quantity;
    if (entry.done) return;
    this.emit(entry, { type: 'OrderUpdated', ...terms, venueOrderId }, at);
  }

  modifyRejected(entry: TrackedOrder, reason: string, at: number): void {
    if (entry.done) return;
    this.emit(entry, { type: 'OrderModifyRejected', reason }, at);
  }

  /** Only a cancel request that is out can be refused; the order returns to working. */
  cancelRejected(entry: TrackedOrder, reason: string, at: number): void {
    if (entry.done || !entry.cancelPending) return;
    entry.cancelPending = false;
    this.emit(entry, { type: 'OrderCancelRejected', reason }, at);
  }

  /** The venue's time when it gave one, else ours; `receivedAt` is always ours. */
  private emit(entry: TrackedOrder, body: EventBody, occurredAt: number): void {
    const event = {
      ...body,
      id: this.ids.eventId(),
      orderId: entry.order.id,
      occurredAt,
      receivedAt: this.clock.now(),
      causationId: null,
    } as OrderEvent;
    this.handler(event);
  }
}
