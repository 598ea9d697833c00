// The execution algorithms of the Trade Executor: parents are stored, scheduled, and turned into
// children; each child passes pre-trade risk, is stored, then placed through the execution engine's
// durable order path (journal, then venue) like any order. Children's events update their parent.
import {
  type AccountId,
  deriveUuid,
  type MessageBus,
  type OrderEvent,
  type OrderId,
  type PlatformEvent,
  Price,
  Quantity,
  type RiskAssessmentId,
  type SignalId,
  type StrategyId,
  type Subscription,
  type Ticker,
  topics,
} from '@ats/core';
import type { CheckRefusal } from '../../risk/checks/pre-trade-check.js';
import type { OrderToCheck } from '../../risk/risk-engine.js';
import type { ExecutionEngine } from '../execution-engine.js';
import { afterValue, attempt, type MaybePromise } from '../maybe-async.js';
import type { RouteLeg, RouteRequest } from '../routing/smart-order-router.js';
import { algorithmOf } from './algorithm-of.js';
import { validateAlgorithmParameters } from './algorithm-parameters.js';
import { AlgorithmScheduler, type ScheduledParent } from './algorithm-scheduler.js';
import { type ArrivalQuote, ParentOrder, type ParentOrderSpec } from './parent-order.js';
import type { ChildStage, ParentOrderStore, StoredParent } from './parent-order-store.js';

/** Smart order routing of children: the legs of each child, and the venue each order is sent to. */
export interface ChildRouter {
  route(request: RouteRequest): RouteLeg[];
  /** Sends the order to this venue (before it is placed, and again for a restored child). */
  assign(orderId: OrderId, venue: string): void;
}

export interface AlgorithmEngineOptions {
  readonly bus: MessageBus;
  readonly execution: ExecutionEngine;
  readonly store: ParentOrderStore;
  /** Pre-trade risk for each child (RiskEngine.checkOrder, or the executor's own gate). */
  readonly checkChild: (order: OrderToCheck) => CheckRefusal | null;
  /** The quote now, for the arrival price (null when none is known). */
  readonly quoteOf: (symbol: string) => ArrivalQuote | null;
  readonly now: () => number;
  readonly onError: (error: unknown) => void;
  readonly group?: string;
  /** Several venues: each child is routed (and maybe split) by expected all-in price. */
  readonly router?: ChildRouter;
}

export interface ParentOrderView {
  readonly id: string;
  readonly symbol: string;
  readonly side: string;
  readonly quantity: number;
  readonly algorithm: string;
  readonly status: string;
  readonly statusReason: string;
  readonly filled: number;
  readonly working: number;
  readonly children: number;
  readonly refusedChildren: number;
  readonly lastRefusal: string | null;
}

export function childOrderIdOf(parentId: string, sequence: number): OrderId {
  return deriveUuid('algorithm-child', parentId, String(sequence)) as OrderId;
}

export class AlgorithmEngine {
  readonly scheduler: AlgorithmScheduler;
  private readonly parents = new Map<string, ParentOrder>();
  private readonly parentOfChild = new Map<string, ParentOrder>();
  private readonly lastRefusals = new Map<string, string>();
  /** Children's venue executions already counted (venue|execution id): a redelivered fill counts once. */
  private readonly appliedExecutions = new Set<string>();
  private subscription: Subscription | null = null;

  constructor(private readonly options: AlgorithmEngineOptions) {
    this.scheduler = new AlgorithmScheduler(
      (entry, quantity, now) => this.sendChild(entry, quantity, now),
      (entry, now) => this.scheduleEnded(entry, now),
    );
  }

  start(): void {
    this.subscription = this.options.bus.subscribe(topics.orderEvents, (event) => this.onOrderEvent(event), {
      group: this.options.group ?? 'trade-executor-algorithms',
    });
  }

  async stop(): Promise<void> {
    await this.subscription?.unsubscribe();
    this.subscription = null;
  }

  parent(id: string): ParentOrder | undefined {
    return this.parents.get(id);
  }

  list(): ParentOrderView[] {
    return [...this.parents.values()].map((parent) => this.view(parent));
  }

  view(parent: ParentOrder): ParentOrderView {
    return {
      id: parent.id,
      symbol: parent.spec.symbol,
      side: parent.spec.side,
      quantity: parent.spec.quantity,
      algorithm: parent.spec.parameters.kind,
      status: parent.status,
      statusReason: parent.statusReason,
      filled: parent.filled,
      working: parent.working,
      children: parent.children.size,
      refusedChildren: parent.refusedChildren,
      lastRefusal: this.lastRefusals.get(parent.id) ?? null,
    };
  }

  /**
   * Stores a new parent and schedules it; its parameters are validated first (an InvalidInputError
   * names the bad field). Idempotent by id: a parent already stored (a redelivered request, even after
   * a restart) is not scheduled again. Settles once the parent is stored (at once with a memory store).
   */
  submit(spec: Omit<ParentOrderSpec, 'arrival' | 'createdAt'>): MaybePromise<ParentOrder> {
    const known = this.parents.get(spec.id);
    if (known) return known;
    validateAlgorithmParameters(spec.parameters, spec.quantity);
    const algorithm = algorithmOf(spec.parameters, spec.quantity);
    const now = this.options.now();
    const full: ParentOrderSpec = { ...spec, createdAt: now, arrival: this.options.quoteOf(spec.symbol) };
    const parent = new ParentOrder(full);
    return afterValue(
      this.options.store.createParent(full),
      (created) => {
        const again = this.parents.get(spec.id);
        if (again) return again;
        if (!created) {
          // Stored before (and maybe finished): never worked twice.
          parent.transition('canceled', 'already stored: a repeated request is not worked again');
          return parent;
        }
        this.parents.set(parent.id, parent);
        this.scheduler.add(parent, algorithm, now);
        return parent;
      },
      (error) => {
        throw error;
      },
    );
  }

  /** Active parents (working or paused) being scheduled. */
  get activeParents(): number {
    return this.scheduler.activeCount;
  }

  /** Restores stored active parents (at start, before new work): children already placed are tracked,
   * a child stored but never placed is placed now (same order id, so never twice). */
  restore(stored: readonly StoredParent[]): MaybePromise<void>[] {
    const pending: MaybePromise<void>[] = [];
    const now = this.options.now();
    for (const record of stored) {
      const parent = new ParentOrder(record.spec);
      parent.status = record.status;
      parent.statusReason = record.statusReason;
      this.parents.set(parent.id, parent);
      for (const child of record.children) {
        for (const execution of child.executions) this.appliedExecutions.add(execution);
        // A routed child goes back to its stored venue (its cancels and reports go there too).
        if (child.venue !== null) this.options.router?.assign(child.orderId as OrderId, child.venue);
        parent.addChild(
          child.sequence,
          child.orderId,
          child.quantity,
          child.filled,
          child.placed && child.terminal,
        );
        this.parentOfChild.set(child.orderId, parent);
        if (!child.placed)
          pending.push(this.place(parent, child.orderId as OrderId, child.quantity, child.sequence));
      }
      if (parent.filled === parent.spec.quantity && parent.status === 'working') {
        this.finish(parent, 'completed', 'every child filled', now);
        continue;
      }
      this.scheduler.add(parent, algorithmOf(record.spec.parameters, record.spec.quantity), now);
    }
    return pending;
  }

  /** Market time moved: due wake-ups decide. */
  onTime(now: number): void {
    this.scheduler.advance(now);
  }

  /** Market volume (a bar or a print) of a symbol, traded from `tradedAt` and known at `now`. */
  onVolume(symbol: string, volume: number, now: number, tradedAt = now): void {
    this.scheduler.onVolume(symbol, volume, now, tradedAt);
  }

  pause(parentId: string): ParentOrder {
    const parent = this.require(parentId);
    parent.transition('paused', 'paused on request');
    this.persistStatus(parent, this.options.now());
    return parent;
  }

  resume(parentId: string): ParentOrder {
    const parent = this.require(parentId);
    parent.transition('working', 'resumed on request');
    const now = this.options.now();
    this.persistStatus(parent, now);
    this.scheduler.evaluate(parent.id, now);
    return parent;
  }

  /** Cancels the parent and asks the venue to cancel its working children. */
  cancel(parentId: string, reason = 'canceled on request'): ParentOrder {
    const parent = this.require(parentId);
    this.finish(parent, 'canceled', reason, this.options.now());
    return parent;
  }

  private require(parentId: string): ParentOrder {
    const parent = this.parents.get(parentId);
    if (!parent) throw new RangeError(`parent order ${parentId} does not exist`);
    return parent;
  }

  private finish(parent: ParentOrder, status: 'completed' | 'canceled', reason: string, now: number): void {
    parent.transition(status, reason);
    this.scheduler.remove(parent.id);
    this.persistStatus(parent, now);
    if (status === 'canceled')
      for (const child of parent.workingChildren())
        void this.options.execution.cancel(child.orderId as OrderId);
  }

  private persistStatus(parent: ParentOrder, now: number): void {
    void attempt(
      () => this.options.store.updateStatus(parent.id, parent.status, parent.statusReason, now),
      () => {},
      this.options.onError,
    );
  }

  private scheduleEnded(entry: ScheduledParent, now: number): void {
    const parent = entry.parent;
    // POV trades what the volume allows until its end time; then it stops with what it has.
    if (entry.algorithm.followsVolume && parent.status !== 'completed' && parent.isActive)
      this.finish(
        parent,
        'canceled',
        `end time reached with ${parent.filled} of ${parent.spec.quantity}`,
        now,
      );
  }

  /**
   * The scheduler decided a child: with a router, its legs (one child order per venue); each leg then
   * passes risk, is recorded with its venue and reason, and goes through the order path.
   */
  private sendChild(entry: ScheduledParent, quantity: number, now: number): void {
    const router = this.options.router;
    if (!router) {
      this.sendLeg(entry.parent, quantity, null, null, now);
      return;
    }
    const { spec } = entry.parent;
    const limit = spec.parameters.limitPrice;
    const legs = router.route({
      symbol: spec.symbol,
      side: spec.side,
      quantity,
      limitPrice: limit === null ? null : Price.of(limit),
      lotSize: spec.parameters.lotSize,
      now,
    });
    for (const leg of legs) this.sendLeg(entry.parent, leg.quantity, leg.venue, leg.reason, now);
  }

  /** One child order: pre-trade risk, then the child record (with its route), then the order path. */
  private sendLeg(
    parent: ParentOrder,
    quantity: number,
    venue: string | null,
    routeReason: string | null,
    now: number,
  ): void {
    const { spec } = parent;
    const limit = spec.parameters.limitPrice;
    const limitPrice = limit === null ? null : Price.of(limit);
    const refusal = this.options.checkChild({
      origin: 'algorithm',
      strategyId: spec.strategyId,
      symbol: spec.symbol as Ticker,
      side: spec.side,
      quantity,
      orderType: limitPrice === null ? 'MARKET' : 'LIMIT',
      limitPrice,
      stopPrice: null,
      reduceOnly: false,
    });
    if (refusal) {
      parent.refusedChildren++;
      this.lastRefusals.set(parent.id, `${refusal.code}: ${refusal.detail}`);
      return;
    }
    const sequence = parent.nextSequence;
    const orderId = childOrderIdOf(parent.id, sequence);
    // Reserved at once, so the next decision sees it working and never sends it twice.
    parent.addChild(sequence, orderId, quantity);
    this.parentOfChild.set(orderId, parent);
    void attempt(
      () =>
        this.options.store.recordChild({
          parentId: parent.id,
          sequence,
          orderId,
          quantity,
          decidedAt: now,
          venue,
          routeReason,
        }),
      () => {
        if (venue !== null) this.options.router?.assign(orderId, venue);
        return this.place(parent, orderId, quantity, sequence);
      },
      (error) => {
        // Not stored, so not placed: the quantity goes back to the schedule.
        parent.updateChild(orderId, 0, true);
        this.options.onError(error);
      },
    );
  }

  private place(
    parent: ParentOrder,
    orderId: OrderId,
    quantity: number,
    sequence: number,
  ): MaybePromise<void> {
    const { spec } = parent;
    // A signal's parent: its first child carries the signal and the risk assessment, so the Risk
    // Manager sees its approval become an order.
    const origin =
      sequence === 1 && spec.riskAssessmentId
        ? {
            signalId: (spec.signalId ?? null) as SignalId | null,
            riskAssessmentId: spec.riskAssessmentId as RiskAssessmentId,
          }
        : {};
    const limit = spec.parameters.limitPrice;
    return attempt(
      () =>
        this.options.execution.placeChild({
          orderId,
          accountId: spec.accountId as AccountId,
          strategyId: spec.strategyId as StrategyId,
          symbol: spec.symbol as Ticker,
          side: spec.side,
          quantity: Quantity.of(quantity),
          limitPrice: limit === null ? null : Price.of(limit),
          causationId: null,
          ...origin,
        }),
      () => {},
      this.options.onError,
    );
  }

  private onOrderEvent(event: PlatformEvent): void {
    const orderId = (event as { orderId?: string }).orderId;
    if (orderId === undefined) return;
    const parent = this.parentOfChild.get(orderId);
    if (!parent) return;
    const stage = stageOf(event as OrderEvent);
    if (stage)
      void attempt(
        () => this.options.store.recordStage(orderId, stage, event.occurredAt),
        () => {},
        this.options.onError,
      );
    const child = parent.children.get(orderId);
    if (!child) return;
    // Driven by the published events only: each is published after its write, so a parent never
    // counts a fill the store does not hold yet (the in-memory order may be ahead of the store).
    if (event.type === 'OrderFilled') {
      const key = `${event.venue}|${event.executionId}`;
      if (this.appliedExecutions.has(key)) return;
      this.appliedExecutions.add(key);
      const filled = Math.min(child.quantity, child.filled + event.lastQuantity.value);
      parent.updateChild(orderId, filled, filled >= child.quantity);
    } else if (terminalEvents.has(event.type)) {
      parent.updateChild(orderId, child.filled, true);
    } else return;
    if (!parent.isActive) return;
    const now = this.options.now();
    if (parent.filled === parent.spec.quantity) {
      this.finish(parent, 'completed', 'every child filled', now);
      return;
    }
    // A child filled or ended: an iceberg shows its next part, a late schedule catches up.
    if (child.terminal) this.scheduler.evaluate(parent.id, now);
  }
}

const terminalEvents = new Set(['OrderCanceled', 'OrderExpired', 'OrderRejected', 'OrderDenied']);

function stageOf(event: OrderEvent): ChildStage | null {
  if (event.type === 'OrderSubmitted') return 'submitted';
  if (event.type === 'OrderAccepted') return 'acknowledged';
  return event.type === 'OrderFilled' ? 'fill' : null;
}
