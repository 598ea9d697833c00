// The Trade Executor's engine (OMS): turns approvals into orders, sends them to a venue, tracks their events.
import {
  type Clock,
  type ExecutionClient,
  type IdGenerator,
  type MessageBus,
  Order,
  type OrderEvent,
  type OrderFilled,
  type OrderId,
  type OrderInitialized,
  type PlatformEvent,
  Position,
  type SignalApproved,
  type Subscription,
  type Ticker,
  topics,
} from '@ats/core';
import { type EngineMetrics, type MonotonicTimer, noMetrics } from '../metrics/engine-metrics.js';
import { noJournal, type OrderJournal } from './order-journal.js';
import { OrderedSteps } from './ordered-steps.js';

export interface ExecutionEngineOptions {
  readonly bus: MessageBus;
  readonly clock: Clock;
  readonly ids: IdGenerator;
  readonly client: ExecutionClient;
  readonly journal?: OrderJournal;
  readonly metrics?: EngineMetrics;
  readonly timer?: MonotonicTimer;
  readonly group?: string;
  readonly onError?: (error: unknown) => void;
  /**
   * The monotonic time the tick (quote) that led to an approval began processing, when known (in one
   * process); fills are then measured tick to fill.
   */
  readonly tickStartedAt?: () => number | undefined;
}

export class ExecutionEngine {
  private readonly orders = new Map<OrderId, Order>();
  private readonly subscriptions: Subscription[] = [];
  private readonly steps: OrderedSteps;
  private readonly journal: OrderJournal;
  private readonly metrics: EngineMetrics;
  /** Monotonic time each order was approved, for the execution latency. */
  private readonly approvedAt = new Map<OrderId, number>();
  private readonly tickAt = new Map<OrderId, number>();
  private fills = 0;
  /** Account positions, kept here to store each trade with the PnL it realized. */
  private readonly positions = new Map<Ticker, Position>();
  private accepting = true;

  constructor(private readonly options: ExecutionEngineOptions) {
    this.journal = options.journal ?? noJournal;
    this.metrics = options.metrics ?? noMetrics;
    this.steps = new OrderedSteps(options.onError ?? rethrow);
    options.client.onEvent((event) => this.onVenueEvent(event));
  }

  get fillCount(): number {
    return this.fills;
  }

  order(id: OrderId): Order | undefined {
    return this.orders.get(id);
  }

  openOrders(): Order[] {
    return [...this.orders.values()].filter((order) => !order.isTerminal);
  }

  allOrders(): Order[] {
    return [...this.orders.values()];
  }

  /** Adopts orders loaded at a restart so venue events for them are tracked. */
  adopt(order: Order): void {
    this.orders.set(order.id, order);
  }

  start(): void {
    const group = this.options.group ? { group: this.options.group } : {};
    this.subscriptions.push(
      this.options.bus.subscribe(topics.ordersApproved, (event) => this.onEvent(event), group),
    );
  }

  /** Stops taking new approvals; working orders keep receiving venue events. */
  stopAccepting(): void {
    this.accepting = false;
  }

  async stop(): Promise<void> {
    this.accepting = false;
    for (const subscription of this.subscriptions.splice(0)) await subscription.unsubscribe();
    await this.steps.settled();
  }

  /** Resolves when every journal write and publication started so far has finished. */
  settled(): Promise<void> {
    return this.steps.settled();
  }

  private onEvent(event: PlatformEvent): void {
    if (event.type === 'SignalApproved' && this.accepting) this.place(event);
  }

  /** Creates the order, makes it durable, publishes it, then sends it to the venue. */
  place(approval: SignalApproved): Order {
    const now = this.options.clock.now();
    const initialized: OrderInitialized = {
      type: 'OrderInitialized',
      id: this.options.ids.eventId(),
      occurredAt: now,
      receivedAt: now,
      causationId: approval.id,
      orderId: this.options.ids.orderId(),
      accountId: approval.accountId,
      strategyId: approval.strategyId,
      symbol: approval.symbol,
      side: approval.side,
      orderType: approval.orderType,
      quantity: approval.quantity,
      limitPrice: approval.limitPrice,
      stopPrice: null,
      timeInForce: approval.timeInForce,
      signalId: approval.signalId,
      riskAssessmentId: approval.assessmentId,
      expiresAt: null,
    };
    const order = new Order(initialized);
    this.orders.set(order.id, order);
    if (this.options.timer) this.approvedAt.set(order.id, this.options.timer.now());
    const tick = this.options.tickStartedAt?.();
    if (tick !== undefined) this.tickAt.set(order.id, tick);
    this.metrics.count('orders_total', { type: order.type, side: order.side });
    this.steps.run(() => this.journal.saveOrder(order));
    this.steps.run(() => {
      this.options.bus.publish(topics.orderEvents, initialized);
      const submitted: OrderEvent = {
        type: 'OrderSubmitted',
        id: this.options.ids.eventId(),
        occurredAt: this.options.clock.now(),
        receivedAt: this.options.clock.now(),
        causationId: initialized.id,
        orderId: order.id,
      };
      order.apply(submitted);
      return this.journal.saveOrder(order);
    });
    this.steps.run(() => {
      this.options.bus.publish(topics.orderEvents, order.events[order.events.length - 1] as OrderEvent);
      return this.options.client.submitOrder(order);
    });
    return order;
  }

  /** Asks the venue to cancel a working order. */
  cancel(orderId: OrderId): void {
    const order = this.orders.get(orderId);
    if (!order || order.isTerminal) return;
    this.steps.run(() => this.options.client.cancelOrder(order));
  }

  private onVenueEvent(event: OrderEvent): void {
    this.steps.run(() => {
      const order = this.orders.get(event.orderId);
      if (!order) {
        this.metrics.count('venue_events_unknown_order_total');
        return;
      }
      order.apply(event);
      if (event.type === 'OrderFilled') {
        this.fills++;
        this.metrics.count('fills_total', { symbol: event.symbol });
        const realized = this.realize(event);
        const recorded = this.journal.recordFill(event, realized);
        const saved = this.journal.saveOrder(order);
        const finish = () => this.publishFill(order, event);
        if (isPromise(recorded) || isPromise(saved)) return Promise.all([recorded, saved]).then(finish);
        finish();
        return;
      }
      const saved = this.journal.saveOrder(order);
      const finish = () => this.options.bus.publish(topics.orderEvents, event);
      if (isPromise(saved)) return saved.then(finish);
      finish();
    });
  }

  /** Restores the account positions from stored executions (a restart), so trade PnL stays right. */
  restorePosition(position: Position): void {
    this.positions.set(position.symbol, position);
  }

  private realize(fill: OrderFilled) {
    let position = this.positions.get(fill.symbol);
    if (!position) {
      position = new Position(fill.symbol);
      this.positions.set(fill.symbol, position);
    }
    const change = position.apply(fill.side, fill.lastQuantity, fill.lastPrice, fill.commission);
    return change.closedQuantity > 0 ? change.realized : null;
  }

  private publishFill(order: Order, fill: OrderFilled): void {
    const { bus } = this.options;
    bus.publish(topics.orderEvents, fill);
    bus.publish(topics.tradesExecuted, fill);
    const timer = this.options.timer;
    if (!timer) return;
    const now = timer.now();
    const approved = this.approvedAt.get(order.id);
    if (approved !== undefined) this.metrics.observeLatency('execution', now - approved);
    const tick = this.tickAt.get(order.id);
    if (tick !== undefined) this.metrics.observeLatency('tick_to_fill', now - tick);
    if (order.isTerminal) {
      this.approvedAt.delete(order.id);
      this.tickAt.delete(order.id);
    }
  }
}

function isPromise(value: unknown): value is Promise<void> {
  return typeof value === 'object' && value !== null && typeof (value as Promise<void>).then === 'function';
}

function rethrow(error: unknown): void {
  throw error;
}
