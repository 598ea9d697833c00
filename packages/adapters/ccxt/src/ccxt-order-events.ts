// The orders the ccxt client is responsible for and what it has told the engine about them, so each
// fact seen while polling becomes exactly one legal OrderEvent: one acceptance, one fill per
// execution id however often a poll sees it, nothing after a terminal event.
import {
  type Clock,
  deriveUuid,
  type IdGenerator,
  type Money,
  type Order,
  type OrderEvent,
  type OrderId,
  type Price,
  type Quantity,
  type TradeId,
} from '@ats/core';

export interface TrackedOrder {
  readonly order: Order;
  venueOrderId: string | null;
  accepted: boolean;
  done: boolean;
  cancelPending: boolean;
  filled: Quantity;
}

export interface FillFacts {
  readonly executionId: string;
  readonly venueOrderId: string;
  readonly quantity: Quantity;
  readonly price: Price;
  readonly commission: Money;
  readonly liquidityTaker: boolean;
  readonly executedAt: number;
}

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
type EventBody = DistributiveOmit<OrderEvent, 'id' | 'occurredAt' | 'receivedAt' | 'causationId' | 'orderId'>;

export class CcxtOrderEvents {
  private readonly tracked = new Map<OrderId, TrackedOrder>();
  private readonly executions = new Set<string>();
  private handler: (event: OrderEvent) => void = () => {};

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
      filled: order.filledQuantity,
    };
    this.tracked.set(order.id, entry);
    return entry;
  }

  find(orderId: OrderId): TrackedOrder | undefined {
    return this.tracked.get(orderId);
  }

  /** Orders still working as far as this client knows. */
  working(): TrackedOrder[] {
    return [...this.tracked.values()].filter((entry) => !entry.done);
  }

  /** Whether this execution was reported already (the poll's own record). */
  hasExecution(executionId: string): boolean {
    return this.executions.has(executionId);
  }

  accepted(entry: TrackedOrder, venueOrderId: string, at: number): void {
    if (entry.venueOrderId === null) entry.venueOrderId = venueOrderId;
    if (entry.accepted || entry.done) return;
    entry.accepted = true;
    this.emit(entry, { type: 'OrderAccepted', venueOrderId }, at);
  }

  /** One execution, once: successive polls see the same trades again. */
  filled(entry: TrackedOrder, facts: FillFacts): void {
    if (this.executions.has(facts.executionId)) return;
    this.executions.add(facts.executionId);
    if (entry.done) return;
    this.accepted(entry, facts.venueOrderId, facts.executedAt);
    const order = entry.order;
    entry.filled = entry.filled.add(facts.quantity);
    if (entry.filled.compare(order.quantity) >= 0) entry.done = true;
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
        commission: facts.commission,
        venue: this.venue,
        executionId: facts.executionId,
        liquidityTaker: facts.liquidityTaker,
      },
      facts.executedAt,
    );
  }

  rejected(entry: TrackedOrder, reason: string, at: number): void {
    if (entry.done) return;
    entry.done = true;
    // An accepted order can no longer be rejected in the order state machine: it ends canceled.
    if (entry.accepted) this.emit(entry, { type: 'OrderCanceled' }, at);
    else this.emit(entry, { type: 'OrderRejected', reasonCode: 'BROKER_REJECTED', reason }, at);
  }

  cancelRequested(entry: TrackedOrder, at: number): void {
    if (entry.done || entry.cancelPending) return;
    entry.cancelPending = true;
    this.emit(entry, { type: 'OrderPendingCancel' }, at);
  }

  /** Only a cancel request that is out can be refused; the order returns to working. */
  cancelRejected(entry: TrackedOrder, reason: string, at: number): void {
    if (entry.done || !entry.cancelPending) return;
    entry.cancelPending = false;
    this.emit(entry, { type: 'OrderCancelRejected', reason }, at);
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

  modifyRejected(entry: TrackedOrder, reason: string, at: number): void {
    if (entry.done) return;
    this.emit(entry, { type: 'OrderModifyRejected', reason }, at);
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
