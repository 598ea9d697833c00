// The Trade Executor's engine (OMS): turns approvals into orders, journals each order before it is
// sent, applies the venue's events, and journals every fill before the rest of the platform sees it.
import {
  type AccountId,
  AtsError,
  type Clock,
  type Delivery,
  type ExecutionClient,
  type IdGenerator,
  InvariantError,
  type MessageBus,
  Order,
  type OrderEvent,
  type OrderFilled,
  type OrderId,
  type OrderInitialized,
  type OrderReplacement,
  type OrderSide,
  type PlatformEvent,
  Position,
  type Price,
  type Quantity,
  type RiskAlertRaised,
  type RiskAssessmentId,
  type SignalApproved,
  type SignalId,
  SteadyMap,
  SteadySet,
  type StrategyId,
  type Subscription,
  type Ticker,
  topics,
} from '@ats/core';
import { type EngineMetrics, type MonotonicTimer, noMetrics } from '../metrics/engine-metrics.js';
import { afterValue, attempt, isPromise, type MaybePromise } from './maybe-async.js';
import { orderIdOfApproval } from './order-identity.js';
import { type OrderJournal, PublishingJournal } from './order-journal.js';
import { VenueExecutions } from './venue-executions.js';

export interface ExecutionEngineOptions {
  readonly bus: MessageBus;
  readonly clock: Clock;
  readonly ids: IdGenerator;
  readonly client: ExecutionClient;
  /** Where orders and fills are stored and published from; default: publish at once, store nothing. */
  readonly journal?: OrderJournal | undefined;
  readonly metrics?: EngineMetrics;
  readonly timer?: MonotonicTimer | undefined;
  readonly group?: string;
  readonly onError?: ((error: unknown) => void) | undefined;
  /**
   * An approval older than this (market time) is not placed: the prices it was sized on are stale.
   * Undefined: no limit (backtests, where approvals are always fresh).
   */
  readonly maxApprovalAgeMilliseconds?: number;
  /** How long to wait before retrying a fill whose write failed (doubles up to 5 s). */
  readonly fillRetryMilliseconds?: number;
  /**
   * Waits (a timer of the process); without it a fill whose write failed is not retried here and is
   * left to reconciliation. Injected because the engine reads no clock or timer of its own.
   */
  readonly delay?: (milliseconds: number) => Promise<void>;
  /**
   * The monotonic time the tick (quote) that led to an approval began processing, when known (in one
   * process); fills are then measured tick to fill.
   */
  readonly tickStartedAt?: () => number | undefined;
  /**
   * How many closed orders (filled, canceled, expired, rejected, denied) stay in memory after they
   * close, the most recently closed kept; older ones are let go (the journal has them, and a restart
   * brings back only working orders anyway). Default `defaultClosedOrdersKept`. A backtest keeps none:
   * its results take each order from `onOrderReleased`.
   */
  readonly closedOrdersKept?: number | undefined;
  /**
   * Told of each closed order as it leaves memory, in its final state. An order let go of before its
   * fill's (asynchronous) write settled gives no execution-latency sample: only a configuration that
   * keeps no closed orders with a database journal and a timer would do that, and none does.
   */
  readonly onOrderReleased?: ((order: Order) => void) | undefined;
  /**
   * How approvals and venue events reach it (default at-least-once). Under exactly-once delivery (a
   * backtest's in-process bus and simulated venue) it keeps no applied execution ids, nor does its
   * default journal keep order or execution ids.
   */
  readonly delivery?: Delivery | undefined;
}

/**
 * Closed orders a long-running executor keeps in memory by default: enough that whoever looks an order
 * up soon after it closed (a protective stop's keeper, an operator's request waiting for its order, a
 * late venue report) still finds it at the specification's peak of 500 orders a second (over three
 * minutes of them), while the memory they take stops growing however long the executor runs.
 */
export const defaultClosedOrdersKept = 100_000;

/** The strategy id of orders operators place through the API. */
export const manualStrategyId = 'manual';

/** Outcomes the engine reports as alerts; the codes are stable (dashboards and tests use them). */
export type ExecutionAlertCode =
  | 'EXECUTION_JOURNAL_FAILED'
  | 'EXECUTION_SUBMIT_FAILED'
  | 'EXECUTION_FILL_WRITE_FAILED'
  | 'EXECUTION_UNEXPECTED_VENUE_EVENT';

/** A child order of an execution algorithm, as the algorithm engine asks for it. */
export interface ChildOrderRequest {
  readonly orderId: OrderId;
  readonly accountId: AccountId;
  readonly strategyId: StrategyId;
  readonly symbol: Ticker;
  readonly side: OrderSide;
  readonly quantity: Quantity;
  /** Null: a market child. */
  readonly limitPrice: Price | null;
  /** The event id of what caused it (the parent's creation). */
  readonly causationId: string | null;
  /** A parent made from a strategy's approval: its first child carries the signal and assessment. */
  readonly signalId?: SignalId | null;
  readonly riskAssessmentId?: RiskAssessmentId | null;
}

/** Works an approval that asks for an execution algorithm (its `execution`) as a parent order. */
export type AlgorithmApprovalHandler = (approval: SignalApproved) => MaybePromise<unknown>;

export class ExecutionEngine {
  private readonly orders = new SteadyMap<OrderId, Order>();
  private readonly subscriptions: Subscription[] = [];
  private readonly journal: OrderJournal;
  private readonly metrics: EngineMetrics;
  private readonly onError: (error: unknown) => void;
  /** Work started and not finished (journal writes, submissions), for a graceful stop. */
  private readonly inFlight = new Set<Promise<unknown>>();
  /** Monotonic time each order was approved, for the execution latency. */
  private readonly approvedAt = new SteadyMap<OrderId, number>();
  private readonly tickAt = new SteadyMap<OrderId, number>();
  /**
   * Positions per strategy and symbol, kept here (never shared) to store each trade with the PnL it
   * realized for its strategy: `trades.pnl` is stored under the trade's strategy, so it is computed
   * from that strategy's position (an account-level position mixed strategies' cost bases, and the
   * per-strategy sums of `trades.pnl` were wrong).
   */
  private readonly positions = new Map<string, Map<Ticker, Position>>();
  /** Venue executions already applied: a fill is applied once. */
  private readonly appliedExecutions: VenueExecutions;
  /** Orders handed to the venue whose (asynchronous) submission has not settled yet. */
  private readonly sending = new SteadySet<OrderId>();
  /**
   * The order inside a submit call right now. A venue that answers at once (a backtest's) is done when
   * the call returns, so its order is never put into `sending` and taken out again (two table changes
   * per order, the second shrinking the table).
   */
  private sendingNow: OrderId | null = null;
  /** Orders of approvals left pending because they could not be stored, already alerted on. */
  private readonly unstoredAlerted = new Set<OrderId>();
  private fills = 0;
  /** Orders this engine created or adopted (the count `orders` no longer gives once closed ones leave). */
  private ordersCreated = 0;
  /** Ids of closed orders still in memory, oldest first, from `closedHead` on (a queue without shifts). */
  private closedIds: OrderId[] = [];
  private closedHead = 0;
  private readonly closedOrdersKept: number;
  private accepting = true;
  private algorithmHandler: AlgorithmApprovalHandler | null = null;
  private running = true;

  constructor(private readonly options: ExecutionEngineOptions) {
    this.journal = options.journal ?? new PublishingJournal(options.bus, options.delivery);
    this.appliedExecutions = new VenueExecutions(options.delivery);
    this.metrics = options.metrics ?? noMetrics;
    this.onError = options.onError ?? rethrow;
    this.closedOrdersKept = Math.max(0, options.closedOrdersKept ?? defaultClosedOrdersKept);
    options.client.onEvent((event) => this.onVenueEvent(event));
  }

  get fillCount(): number {
    return this.fills;
  }

  /** Orders created here since start (and orders adopted), closed ones let go of included. */
  get orderCount(): number {
    return this.ordersCreated;
  }

  get venue(): string {
    return this.options.client.venue;
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

  /** Adopts an order loaded at a restart (or found at the venue) so its venue events are tracked. */
  adopt(order: Order): void {
    if (!this.orders.has(order.id)) this.ordersCreated++;
    this.orders.set(order.id, order);
    this.closedIfTerminal(order);
  }

  /** Stores and tracks an order found at the venue that this platform did not place (reconciliation). */
  async adoptExternal(found: { order: Order; events: readonly OrderEvent[] }): Promise<Order> {
    if (!this.orders.has(found.order.id)) this.ordersCreated++;
    this.orders.set(found.order.id, found.order);
    await this.journal.createOrder(found.order, found.events);
    this.closedIfTerminal(found.order);
    return found.order;
  }

  /** Whether the order is being sent right now (its venue answer may not have arrived yet). */
  isSending(orderId: OrderId): boolean {
    return this.sendingNow === orderId || this.sending.has(orderId);
  }

  /** Rebuilds the PnL positions and the applied executions from stored fills (oldest first). */
  restoreFills(fills: readonly OrderFilled[]): void {
    for (const fill of fills) {
      this.appliedExecutions.add(fill.venue, fill.executionId);
      this.positionOf(fill.strategyId, fill.symbol).apply(
        fill.side,
        fill.lastQuantity,
        fill.lastPrice,
        fill.commission,
      );
    }
  }

  /** Whether a venue execution is already applied (stored). */
  hasExecution(venue: string, executionId: string): boolean {
    return this.appliedExecutions.has(venue, executionId);
  }

  start(): void {
    const group = this.options.group ? { group: this.options.group } : {};
    this.subscriptions.push(
      this.options.bus.subscribe(topics.ordersApproved, (event) => this.onApproval(event), group),
    );
  }

  /** Stops taking new approvals; working orders keep receiving venue events. */
  stopAccepting(): void {
    this.accepting = false;
  }

  /**
   * Takes no more approvals and lets go of every order, position and execution it remembers, for an
   * engine that will not be used again (a finished backtest; see `TradingKernel.discard`).
   */
  discard(): void {
    this.accepting = false;
    this.orders.clear();
    this.closedIds = [];
    this.closedHead = 0;
    this.approvedAt.clear();
    this.tickAt.clear();
    this.positions.clear();
    this.appliedExecutions.clear();
    this.sending.clear();
    this.unstoredAlerted.clear();
    this.journal.discard?.();
  }

  async stop(): Promise<void> {
    this.accepting = false;
    for (const subscription of this.subscriptions.splice(0)) await subscription.unsubscribe();
    await this.settled();
    this.running = false;
  }

  /** Resolves when every journal write and submission started so far has finished. */
  async settled(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
  }

  /**
   * The bus handler: its promise settles once the order is journaled and sent (or refused), so a
   * durable transport acknowledges the approval only after that.
   */
  private onApproval(event: PlatformEvent): MaybePromise<void> {
    if (event.type !== 'SignalApproved') return;
    // Stopping (or the account's lease lost): the approval is left unacknowledged for the next
    // executor rather than acknowledged with nothing done.
    if (!this.accepting)
      throw new AtsError(
        'SERVICE_UNAVAILABLE',
        `the executor takes no approvals now: ${event.assessmentId} left pending`,
      );
    return this.placeUntilStored(event, this.options.fillRetryMilliseconds ?? 100);
  }

  /**
   * Places an approval; while its order cannot be stored for a retryable reason it is placed again
   * (backoff doubling to 5 s), so the handler settles, and the bus acknowledges the approval, only
   * after the order (or its durable denial) is stored. Stopping ends the retries with the error: on
   * Redis the approval then stays pending in the consumer group and comes again after the restart.
   * Without `delay` (a backtest) the error goes to the bus at once.
   */
  private placeUntilStored(approval: SignalApproved, retryIn: number): MaybePromise<void> {
    // An approval placed at once (a backtest's journal and venue) takes the synchronous path: no
    // closures per approval.
    let placed: MaybePromise<Order | null>;
    try {
      placed = this.place(approval);
    } catch (error) {
      return this.placeFailed(approval, retryIn, error);
    }
    if (isPromise(placed))
      return placed.then(
        () => this.placed(approval),
        (error) => this.placeFailed(approval, retryIn, error),
      );
    this.placed(approval);
  }

  private placed(approval: SignalApproved): void {
    // Only after an outage is there an alert to clear (no id derived per approval otherwise).
    if (this.unstoredAlerted.size !== 0)
      this.unstoredAlerted.delete(orderIdOfApproval(approval.accountId, approval.assessmentId));
  }

  /** A retryable failure to store is placed again after `retryIn` (while accepting); anything else throws. */
  private placeFailed(approval: SignalApproved, retryIn: number, error: unknown): Promise<void> {
    const delay = this.options.delay;
    if ((error as { retryable?: unknown }).retryable !== true || !delay || !this.accepting) throw error;
    return delay(retryIn).then(() => {
      if (!this.accepting) throw error;
      return this.placeUntilStored(approval, Math.min(5_000, retryIn * 2));
    });
  }

  /**
   * Creates the order of an approval, journals it, then sends it; idempotent by approval. The working
   * orders the approval cancels first (a flatten's resting orders) get their cancels sent before it.
   * When the order cannot be stored because the database is unavailable (down, disk full) nothing is
   * sent and the returned promise rejects with that (retryable) error: the approval must stay
   * unacknowledged and come again; placed again later, an approval older than
   * `maxApprovalAgeMilliseconds` is stored as a denied order (`EXECUTION_APPROVAL_STALE`).
   */
  place(approval: SignalApproved): MaybePromise<Order | null> {
    // A strategy asked for an algorithm: the algorithms work the approved quantity as a parent.
    if (approval.execution && this.algorithmHandler) {
      const handled = this.algorithmHandler(approval);
      return isPromise(handled) ? handled.then(() => null) : null;
    }
    const orderId = orderIdOfApproval(approval.accountId, approval.assessmentId);
    const existing = this.orders.get(orderId);
    if (existing) return existing;
    if (approval.cancelsFirst) {
      // Every working order on the symbol, by this engine's own book (the requester's list may lag);
      // orders already closed are skipped, so a redelivered approval is safe.
      const pending = this.openOrders()
        .filter((order) => order.symbol === approval.symbol)
        .map((order) => this.cancel(order.id))
        .filter(isPromise);
      if (pending.length > 0) return Promise.all(pending).then(() => this.placeNow(approval, orderId));
    }
    return this.placeNow(approval, orderId);
  }

  private placeNow(approval: SignalApproved, orderId: OrderId): MaybePromise<Order | null> {
    const again = this.orders.get(orderId);
    if (again) return again;
    const now = this.options.clock.now();
    const initialized: OrderInitialized = {
      type: 'OrderInitialized',
      id: this.options.ids.eventId(),
      occurredAt: now,
      receivedAt: now,
      causationId: approval.id,
      orderId,
      accountId: approval.accountId,
      strategyId: approval.strategyId,
      symbol: approval.symbol,
      side: approval.side,
      orderType: approval.orderType,
      quantity: approval.quantity,
      limitPrice: approval.limitPrice,
      stopPrice: approval.stopPrice ?? null,
      timeInForce: approval.timeInForce,
      origin: approval.strategyId === manualStrategyId ? 'manual' : 'strategy',
      signalId: approval.signalId,
      riskAssessmentId: approval.assessmentId,
      expiresAt: null,
    };
    return this.submitNew(initialized, approval.occurredAt, 'leave-pending');
  }

  /** Approvals carrying an execution request go to this handler (the algorithm engine) from now on. */
  useAlgorithms(handler: AlgorithmApprovalHandler): void {
    this.algorithmHandler = handler;
  }

  /**
   * Places a child order of an execution algorithm, already checked by pre-trade risk: the same
   * journal-then-send path as an approval, idempotent by its (derived) order id.
   */
  placeChild(child: ChildOrderRequest): MaybePromise<Order | null> {
    const existing = this.orders.get(child.orderId);
    if (existing) return existing;
    const now = this.options.clock.now();
    return this.submitNew(
      {
        type: 'OrderInitialized',
        id: this.options.ids.eventId(),
        occurredAt: now,
        receivedAt: now,
        causationId: child.causationId,
        orderId: child.orderId,
        accountId: child.accountId,
        strategyId: child.strategyId,
        symbol: child.symbol,
        side: child.side,
        orderType: child.limitPrice === null ? 'MARKET' : 'LIMIT',
        quantity: child.quantity,
        limitPrice: child.limitPrice,
        stopPrice: null,
        timeInForce: 'DAY',
        origin: child.strategyId === manualStrategyId ? 'manual' : 'strategy',
        signalId: child.signalId ?? null,
        riskAssessmentId: child.riskAssessmentId ?? null,
        expiresAt: null,
      },
      now,
      'deny',
    );
  }

  /**
   * Stores then sends a new order. `whenUnstored` says what a retryable store failure does: `deny`
   * denies the order in memory (an algorithm's child: its parent resumes from the store); `leave-pending`
   * rejects, so the approval it came from is not acknowledged and is placed again once storage is back.
   */
  private submitNew(
    initialized: OrderInitialized,
    decidedAt: number,
    whenUnstored: 'deny' | 'leave-pending',
  ): MaybePromise<Order | null> {
    const now = initialized.occurredAt;
    const order = new Order(initialized);
    this.orders.set(order.id, order);
    this.ordersCreated++;
    if (this.options.timer) this.approvedAt.set(order.id, this.options.timer.now());
    const tick = this.options.tickStartedAt?.();
    if (tick !== undefined) this.tickAt.set(order.id, tick);
    if (this.metrics !== noMetrics)
      this.metrics.count('orders_total', { type: order.type, side: order.side });
    const maxAge = this.options.maxApprovalAgeMilliseconds;
    if (maxAge !== undefined && now - decidedAt > maxAge) {
      const denied = this.header(order, initialized.id);
      order.apply({
        ...denied,
        type: 'OrderDenied',
        reasonCode: 'EXECUTION_APPROVAL_STALE',
        reason: `the approval is ${now - decidedAt} ms old (limit ${maxAge} ms): its prices are stale`,
      });
      return this.track(
        attempt(
          () => this.journal.createOrder(order, [initialized, order.events[1] as OrderEvent]),
          // Stored before (a redelivered approval): what was stored stands, not this late denial.
          (created) => (created ? this.closedIfTerminal(order) : this.alreadyStored(order)),
          (error) => this.unstored(order, error, whenUnstored),
        ),
        whenUnstored === 'leave-pending',
      );
    }
    // The same fields in the same order as the header spread with its type (journals store events as text).
    const submittedAt = this.options.clock.now();
    const submitted: OrderEvent = {
      id: this.options.ids.eventId(),
      occurredAt: submittedAt,
      receivedAt: submittedAt,
      causationId: initialized.id,
      orderId: order.id,
      type: 'OrderSubmitted',
    };
    order.apply(submitted);
    // A journal that answers at once (a backtest's) takes the synchronous path: no closures per order.
    let created: boolean | Promise<boolean>;
    try {
      created = this.journal.createOrder(order, [initialized, submitted]);
    } catch (error) {
      return this.unstored(order, error, whenUnstored);
    }
    if (isPromise(created))
      return this.track(
        created.then(
          (stored) => (stored ? this.send(order) : this.alreadyStored(order)),
          (error) => this.unstored(order, error, whenUnstored),
        ),
        whenUnstored === 'leave-pending',
      );
    return this.track(
      created ? this.send(order) : this.alreadyStored(order),
      whenUnstored === 'leave-pending',
    );
  }

  /**
   * The new order could not be stored. A retryable failure (the database down or its disk full) of an
   * approval's order forgets the order and rethrows: nothing was stored or sent, and the approval stays
   * pending on the bus until the order can be stored ("an acknowledgement follows the durable effect").
   * Anything else is denied (journalFailed).
   */
  private unstored(order: Order, error: unknown, whenUnstored: 'deny' | 'leave-pending'): Order {
    const retryable = (error as { retryable?: unknown }).retryable === true;
    if (whenUnstored === 'deny' || !retryable) return this.journalFailed(order, error);
    this.metrics.count('orders_journal_failed_total');
    this.orders.delete(order.id);
    this.ordersCreated--;
    this.approvedAt.delete(order.id);
    this.tickAt.delete(order.id);
    // One alert per approval and outage, not one per retry.
    if (!this.unstoredAlerted.has(order.id)) {
      this.unstoredAlerted.add(order.id);
      this.alert(
        'EXECUTION_JOURNAL_FAILED',
        'critical',
        `order ${order.id} (${order.side} ${order.quantity} ${order.symbol}) was not sent: it could not be stored (${(error as Error).message}); its approval stays pending and is placed again once the order can be stored`,
      );
    }
    throw error;
  }

  /** Asks the venue to cancel a working order; the venue's answer arrives as an event. */
  cancel(orderId: OrderId): MaybePromise<void> {
    const order = this.orders.get(orderId);
    if (!order || order.isTerminal) return;
    return this.track(
      attempt(
        () => this.options.client.cancelOrder(order),
        () => {},
        (error) => this.onError(error),
      ),
    );
  }

  /** Asks the venue to replace a working order's terms (cancel-replace). */
  replace(orderId: OrderId, replacement: OrderReplacement): MaybePromise<void> {
    const order = this.orders.get(orderId);
    if (!order || order.isTerminal) return;
    return this.track(
      attempt(
        () => this.options.client.replaceOrder(order, replacement),
        () => {},
        (error) => this.onError(error),
      ),
    );
  }

  /**
   * Applies an event the venue reported (live, or found by reconciliation). Fills are applied once per
   * venue execution; the returned promise settles when the event is journaled and published.
   */
  onVenueEvent(event: OrderEvent): MaybePromise<void> {
    if (event.type === 'OrderFilled') return this.onFill(event);
    const order = this.orders.get(event.orderId);
    if (!order) {
      this.metrics.count('venue_events_unknown_order_total');
      return;
    }
    try {
      order.apply(event);
    } catch (error) {
      if (!(error instanceof InvariantError)) throw error;
      this.alert(
        'EXECUTION_UNEXPECTED_VENUE_EVENT',
        'warning',
        `${event.type} for order ${order.id} in status ${order.status}: ${error.message}`,
      );
      return;
    }
    // A journal that answers at once (a backtest's) takes the synchronous path: no closures per event.
    let updated: void | Promise<void>;
    try {
      updated = this.journal.updateOrder(order, event);
    } catch (error) {
      return this.onError(error);
    }
    // The event is handed to the journal (which owns it from here): the order may leave memory.
    this.closedIfTerminal(order);
    if (isPromise(updated)) return this.track(updated.then(undefined, (error) => this.onError(error)));
  }

  private onFill(fill: OrderFilled): MaybePromise<void> {
    if (!this.appliedExecutions.add(fill.venue, fill.executionId)) return;
    const order = this.orders.get(fill.orderId);
    if (!order) {
      this.metrics.count('venue_events_unknown_order_total');
      this.appliedExecutions.delete(fill.venue, fill.executionId);
      return;
    }
    try {
      order.apply(fill);
    } catch (error) {
      if (!(error instanceof InvariantError)) throw error;
      // The venue filled it: the position must follow the venue even if our order state disagrees.
      this.alert(
        'EXECUTION_UNEXPECTED_VENUE_EVENT',
        'critical',
        `fill ${fill.executionId} for order ${order.id} in status ${order.status}: ${error.message}; recorded anyway`,
      );
    }
    this.fills++;
    if (this.metrics !== noMetrics) this.metrics.count('fills_total', { symbol: fill.symbol });
    const change = this.positionOf(fill.strategyId, fill.symbol).apply(
      fill.side,
      fill.lastQuantity,
      fill.lastPrice,
      fill.commission,
    );
    const realized = change.closedQuantity > 0 ? change.realized : null;
    const written = this.track(
      this.writeFill(order, fill, realized, this.options.fillRetryMilliseconds ?? 100),
    );
    // The write (and its retries) holds the order itself: the order may leave memory now.
    this.closedIfTerminal(order);
    return written;
  }

  /** Journals a fill; a failed write raises an alert and is retried, the fill unpublished meanwhile. */
  private writeFill(
    order: Order,
    fill: OrderFilled,
    realized: ReturnType<Position['apply']>['realized'] | null,
    retryIn: number,
  ): MaybePromise<void> {
    // A journal that answers at once (a backtest's) takes the synchronous path: no closures per fill.
    let stored: boolean | Promise<boolean>;
    try {
      stored = this.journal.recordFill(order, fill, realized);
    } catch (error) {
      return this.fillWriteFailed(order, fill, realized, retryIn, error);
    }
    if (isPromise(stored))
      return stored.then(
        () => this.observeFill(order),
        (error) => this.fillWriteFailed(order, fill, realized, retryIn, error),
      );
    return this.observeFill(order);
  }

  /** A fill whose write failed raises an alert and is retried (when the engine has a timer), unpublished meanwhile. */
  private fillWriteFailed(
    order: Order,
    fill: OrderFilled,
    realized: ReturnType<Position['apply']>['realized'] | null,
    retryIn: number,
    error: unknown,
  ): MaybePromise<void> {
    this.alert(
      'EXECUTION_FILL_WRITE_FAILED',
      'critical',
      `fill ${fill.executionId} of order ${order.id} could not be stored (${(error as Error).message}); retrying in ${retryIn} ms, unpublished until stored`,
    );
    const delay = this.options.delay;
    if (!this.running || !delay) return;
    return delay(retryIn).then(() => this.writeFill(order, fill, realized, Math.min(5_000, retryIn * 2)));
  }

  private send(order: Order): MaybePromise<Order> {
    // A venue that answers at once (a backtest's) takes the synchronous path: no closures per order.
    const outer = this.sendingNow;
    this.sendingNow = order.id;
    let submitted: MaybePromise<void>;
    try {
      submitted = this.options.client.submitOrder(order);
    } catch (error) {
      this.sendingNow = outer;
      return this.sendFailed(order, error);
    }
    this.sendingNow = outer;
    if (isPromise(submitted)) {
      // Still on its way once the call returned: in `sending` until it settles.
      this.sending.add(order.id);
      return submitted.then(
        () => this.sent(order),
        (error) => this.sendFailed(order, error),
      );
    }
    return order;
  }

  private sent(order: Order): Order {
    this.sending.delete(order.id);
    return order;
  }

  /** The venue refused or could not be reached: the order is rejected, never left in flight. */
  private sendFailed(order: Order, error: unknown): MaybePromise<Order> {
    this.sending.delete(order.id);
    this.alert(
      'EXECUTION_SUBMIT_FAILED',
      'warning',
      `order ${order.id} could not be sent to ${this.venue}: ${(error as Error).message}`,
    );
    if (order.isTerminal) return order;
    const rejected: OrderEvent = {
      ...this.header(order, null),
      type: 'OrderRejected',
      reasonCode: 'ORDER_REJECTED_BY_VENUE',
      reason: (error as Error).message,
    };
    return afterValue(
      this.onVenueEvent(rejected),
      () => order,
      () => order,
    );
  }

  /** The order was stored by an earlier run (a redelivered approval): reconciliation owns it now. */
  private alreadyStored(order: Order): Order | null {
    this.orders.delete(order.id);
    this.ordersCreated--;
    this.metrics.count('approvals_redelivered_total');
    return null;
  }

  /**
   * The order could not be stored: it is not sent. It is marked denied here, the risk manager learns it
   * from an OrderDenied on the bus (so it releases the strategy and symbol), and an alert is raised.
   */
  private journalFailed(submitted: Order, error: unknown): Order {
    this.metrics.count('orders_journal_failed_total');
    // Nothing was stored or sent: the order goes back to its initialized state and is denied there.
    let order = submitted;
    if (order.status === 'SUBMITTED') {
      order = new Order(order.events[0] as OrderInitialized);
      this.orders.set(order.id, order);
    }
    if (!order.isTerminal) {
      const denied: OrderEvent = {
        ...this.header(order, null),
        type: 'OrderDenied',
        reasonCode: 'EXECUTION_JOURNAL_FAILED',
        reason: `the order could not be stored: ${(error as Error).message}`,
      };
      order.apply(denied);
    }
    // Published directly (the store failed), initialization first, so risk can release what it holds.
    for (const event of order.events) this.options.bus.publish(topics.orderEvents, event as PlatformEvent);
    this.closedIfTerminal(order);
    this.alert(
      'EXECUTION_JOURNAL_FAILED',
      'critical',
      `order ${order.id} (${order.side} ${order.quantity} ${order.symbol}) was not sent: it could not be stored (${(error as Error).message})`,
    );
    return order;
  }

  /**
   * A closed order joins the queue of closed orders kept in memory; past `closedOrdersKept` the oldest
   * leave it. Returns the order (for the paths that return it).
   */
  private closedIfTerminal(order: Order): Order {
    if (!order.isTerminal) return order;
    if (this.closedOrdersKept === 0) {
      this.release(order);
      return order;
    }
    this.closedIds.push(order.id);
    if (this.closedIds.length - this.closedHead > this.closedOrdersKept) {
      const oldest = this.orders.get(this.closedIds[this.closedHead] as OrderId);
      this.closedHead++;
      // Ids are queued once per close; an order adopted again since is still working: it stays.
      if (oldest?.isTerminal) this.release(oldest);
      // The consumed front is dropped once it is half the queue (amortized O(1) per close).
      if (this.closedHead * 2 > this.closedIds.length) {
        this.closedIds = this.closedIds.slice(this.closedHead);
        this.closedHead = 0;
      }
    }
    return order;
  }

  private release(order: Order): void {
    if (this.orders.get(order.id) !== order) return;
    this.orders.delete(order.id);
    this.approvedAt.delete(order.id);
    this.tickAt.delete(order.id);
    this.options.onOrderReleased?.(order);
  }

  private observeFill(order: Order): void {
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

  private alert(code: ExecutionAlertCode, severity: RiskAlertRaised['severity'], message: string): void {
    this.metrics.count('execution_alerts_total', { code });
    const now = this.options.clock.now();
    const alert: RiskAlertRaised = {
      type: 'RiskAlertRaised',
      id: this.options.ids.eventId(),
      occurredAt: now,
      receivedAt: now,
      causationId: null,
      code,
      severity,
      message,
    };
    this.options.bus.publish(topics.riskAlerts, alert);
  }

  private header(order: Order, causationId: string | null) {
    const now = this.options.clock.now();
    return {
      id: this.options.ids.eventId(),
      occurredAt: now,
      receivedAt: now,
      causationId,
      orderId: order.id,
    };
  }

  private positionOf(strategyId: string, symbol: Ticker): Position {
    // By strategy, then symbol: two look-ups of texts already hashed, no joined key made per fill.
    let bySymbol = this.positions.get(strategyId);
    if (!bySymbol) {
      bySymbol = new Map();
      this.positions.set(strategyId, bySymbol);
    }
    let position = bySymbol.get(symbol);
    if (!position) {
      position = new Position(symbol);
      bySymbol.set(symbol, position);
    }
    return position;
  }

  /**
   * Tracks work for `settled`. Its failure goes to onError and the work resolves, unless `propagate`:
   * then the caller gets the rejection (an approval left unacknowledged) and handles it.
   */
  private track<T>(work: MaybePromise<T>, propagate = false): MaybePromise<T> {
    if (!isPromise(work)) return work;
    const tracked = propagate
      ? work
      : work.catch((error: unknown) => {
          this.onError(error);
          return undefined as T;
        });
    const settled = tracked.then(
      () => {},
      () => {},
    );
    this.inFlight.add(settled);
    void settled.finally(() => this.inFlight.delete(settled));
    return tracked;
  }
}

function rethrow(error: unknown): void {
  throw error;
}
