// Broker failover: routes new orders to a primary venue until it stops answering, then — after
// learning what it can from the primary — to a secondary; an order is never sent to both.
// Probes, their timeouts and submit timeouts run on wall time, not the market clock: they measure the
// venue's answers, and a simulated market clock running fast (market.speed 60) would otherwise time a
// healthy primary out in a few wall milliseconds and fail over for nothing.

import {
  AtsError,
  type Clock,
  type ExecutionClient,
  LiveClock,
  type Order,
  type OrderEvent,
  type OrderId,
  type OrderReplacement,
  type VenueAccount,
  type VenueExecution,
  type VenueOrderReport,
  type VenuePosition,
} from '@ats/core';
import { combinedPositions } from './combined-positions.js';

export type FailoverRole = 'primary' | 'secondary';

export interface FailoverExecutionClientOptions {
  readonly primary: ExecutionClient;
  readonly secondary: ExecutionClient;
  /** Market time: stamps the failover report. Probes and timeouts do not use it (wall time). */
  readonly clock: Clock;
  /** Wall time, for probes and timeouts (default: the wall clock; tests may pass their own). */
  readonly wallClock?: Clock;
  /** Consecutive failed probes or timed-out submits that make the primary count as down (default 3). */
  readonly failuresBeforeFailover?: number;
  /** How long a probe (`account()`) may take before it counts as failed, wall time (default 2 s). */
  readonly probeTimeoutMilliseconds?: number;
  /** Wall time between probes once `startProbing` runs (default 5 s). */
  readonly probeIntervalMilliseconds?: number;
  /** How long a submit at the primary may take before its outcome counts as unknown, wall time (default 10 s). */
  readonly submitTimeoutMilliseconds?: number;
  /** Told once, when new orders start going to the secondary. */
  readonly onFailover?: (report: FailoverReport) => void;
}

/** What was known of the primary when new orders moved to the secondary. */
export interface FailoverReport {
  readonly at: number;
  readonly from: string;
  readonly to: string;
  readonly reason: string;
  /** Whether the primary answered the reconciliation queries at failover. */
  readonly primaryReachable: boolean;
  /** The primary's open orders (they stay there), when it answered. */
  readonly primaryOpenOrders: readonly VenueOrderReport[];
  /** Orders whose submit to the primary has an unknown outcome: never sent elsewhere until resolved. */
  readonly unresolvedOrderIds: readonly OrderId[];
}

const timedOut = Symbol('timed out');

export class FailoverExecutionClient implements ExecutionClient {
  private active: FailoverRole = 'primary';
  private consecutiveFailures = 0;
  /** Where each order was sent; cancels, replaces and reports go there and nowhere else. */
  private readonly homes = new Map<OrderId, FailoverRole>();
  /** Submits to the primary with an unknown outcome: they may exist there. */
  private readonly unresolved = new Set<OrderId>();
  private cancelProbing: (() => void) | null = null;
  private readonly wallClock: Clock;
  private handler: (event: OrderEvent) => void = () => {};

  constructor(private readonly options: FailoverExecutionClientOptions) {
    this.wallClock = options.wallClock ?? new LiveClock();
    options.primary.onEvent((event) => this.handler(event));
    options.secondary.onEvent((event) => this.handler(event));
  }

  /** The venue new orders go to now. */
  get venue(): string {
    return this.client(this.active).venue;
  }

  get activeRole(): FailoverRole {
    return this.active;
  }

  /** Both venues (primary first); `executionsSince` names which of them executed each execution. */
  get venues(): readonly ExecutionClient[] {
    return [this.options.primary, this.options.secondary];
  }

  /** Where an order was sent, if it went anywhere through this client. */
  homeOf(orderId: OrderId): FailoverRole | undefined {
    return this.homes.get(orderId);
  }

  onEvent(handler: (event: OrderEvent) => void): void {
    this.handler = handler;
  }

  /** Connects both; a primary that cannot connect fails over at once, a secondary that cannot is tolerated. */
  async connect(): Promise<void> {
    const [primary, secondary] = await Promise.allSettled([
      this.options.primary.connect(),
      this.options.secondary.connect(),
    ]);
    if (primary.status === 'rejected' && secondary.status === 'rejected') throw primary.reason;
    if (primary.status === 'rejected') await this.failover('the primary did not connect');
  }

  async disconnect(): Promise<void> {
    this.stopProbing();
    await Promise.allSettled([this.options.primary.disconnect(), this.options.secondary.disconnect()]);
  }

  /** Probes the primary every interval of wall time until `stopProbing` or failover. */
  startProbing(): void {
    if (this.cancelProbing || this.active !== 'primary') return;
    const interval = this.options.probeIntervalMilliseconds ?? 5_000;
    const schedule = () => {
      this.cancelProbing = this.wallTimer(interval, () => {
        void this.probe().then(() => {
          if (this.cancelProbing && this.active === 'primary') schedule();
        });
      });
    };
    schedule();
  }

  stopProbing(): void {
    this.cancelProbing?.();
    this.cancelProbing = null;
  }

  /**
   * One heartbeat: the primary's `account()` within the probe timeout. Answers reset the failure count;
   * the Nth consecutive failure fails over. Returns whether the primary answered.
   */
  async probe(): Promise<boolean> {
    if (this.active !== 'primary') return false;
    const answered = await this.withinTimeout(
      this.options.primary.account(),
      this.options.probeTimeoutMilliseconds ?? 2_000,
    ).then(
      (result) => result !== timedOut,
      () => false,
    );
    if (answered) this.consecutiveFailures = 0;
    else await this.countFailure('the primary did not answer its heartbeat');
    return answered;
  }

  /**
   * Sends a new order to the active venue. An order already sent stays with its venue; an order whose
   * submit to the primary has an unknown outcome is looked up there by client order id first, and is
   * sent to the secondary only once the primary says it does not have it.
   */
  async submitOrder(order: Order): Promise<void> {
    const home = this.homes.get(order.id);
    if (this.unresolved.has(order.id)) {
      const report = await this.options.primary.orderReport(order.id); // throws while unreachable
      this.unresolved.delete(order.id);
      if (report) return; // it is at the primary: it stays there, and the primary reports its events
      this.homes.delete(order.id);
    } else if (home) {
      await this.client(home).submitOrder(order); // a resend goes to the same venue (idempotent there)
      return;
    }
    const target = this.active;
    this.homes.set(order.id, target);
    if (target === 'secondary') {
      await this.options.secondary.submitOrder(order);
      return;
    }
    let outcome: unknown;
    try {
      outcome = await this.withinTimeout(
        Promise.resolve(this.options.primary.submitOrder(order)),
        this.options.submitTimeoutMilliseconds ?? 10_000,
      );
    } catch (error) {
      if (error instanceof AtsError && !error.retryable) throw error;
      outcome = timedOut;
    }
    if (outcome !== timedOut) {
      this.consecutiveFailures = 0;
      return;
    }
    this.unresolved.add(order.id);
    await this.countFailure('a submit to the primary timed out');
    throw new AtsError(
      'BROKER_UNAVAILABLE',
      `the outcome of order ${order.id} at ${this.options.primary.venue} is unknown`,
      {
        details: { orderId: order.id, venue: this.options.primary.venue, outcomeUnknown: true },
      },
    );
  }

  async cancelOrder(order: Order): Promise<void> {
    await this.client(await this.homeFor(order.id)).cancelOrder(order);
  }

  async replaceOrder(order: Order, replacement: OrderReplacement): Promise<void> {
    await this.client(await this.homeFor(order.id)).replaceOrder(order, replacement);
  }

  /**
   * From the order's venue, naming it; an order this client did not send is looked for at both.
   */
  async orderReport(orderId: OrderId): Promise<VenueOrderReport | null> {
    const home = this.homes.get(orderId);
    if (home && !this.unresolved.has(orderId)) return this.reportOf(home, orderId);
    return (await this.reportOf('primary', orderId)) ?? (await this.reportOf('secondary', orderId));
  }

  /**
   * Both venues' answers together, each naming its venue (an order placed outside ATS is adopted once
   * per venue and venue order id, whichever venue is active); a venue that cannot answer fails the
   * query rather than hide its part.
   */
  async openOrders(): Promise<VenueOrderReport[]> {
    const [primary, secondary] = await this.both(async (client) =>
      (await client.openOrders()).map((report) => ({ ...report, venue: report.venue ?? client.venue })),
    );
    return [...primary, ...secondary];
  }

  /**
   * Both venues' executions, each naming the venue that executed it: a fill is stored under that venue,
   * and reconciliation matches it there (under the active venue's name, a primary fill would be taken
   * for a missed one after a failover and recorded twice).
   */
  async executionsSince(since: number): Promise<VenueExecution[]> {
    const [primary, secondary] = await this.both(async (client) =>
      (await client.executionsSince(since)).map((execution) => ({
        ...execution,
        venue: execution.venue ?? client.venue,
      })),
    );
    return [...primary, ...secondary].sort((a, b) => a.executedAt - b.executedAt);
  }

  /** Net positions summed over the two accounts; the average cost is kept only where one venue holds it. */
  async positions(): Promise<VenuePosition[]> {
    const [primary, secondary] = await this.both((client) => client.positions());
    return combinedPositions([...primary, ...secondary]);
  }

  /** The account new orders are paid from: the active venue's. */
  account(): Promise<VenueAccount> {
    return this.client(this.active).account();
  }

  /**
   * The venue holding an order. One sent before a restart is not in memory: the venue that knows its
   * client order id holds it (the primary is asked first; it held every order before a failover).
   */
  private async homeFor(orderId: OrderId): Promise<FailoverRole> {
    const known = this.homes.get(orderId);
    if (known) return known;
    for (const role of ['primary', 'secondary'] as const) {
      const report = await this.client(role)
        .orderReport(orderId)
        .catch(() => null);
      if (report) {
        this.homes.set(orderId, role);
        return role;
      }
    }
    return 'primary';
  }

  private async reportOf(role: FailoverRole, orderId: OrderId): Promise<VenueOrderReport | null> {
    const client = this.client(role);
    const report = await client.orderReport(orderId);
    return report ? { ...report, venue: report.venue ?? client.venue } : null;
  }

  private client(role: FailoverRole): ExecutionClient {
    return role === 'primary' ? this.options.primary : this.options.secondary;
  }

  private both<T>(query: (client: ExecutionClient) => Promise<T>): Promise<[T, T]> {
    return Promise.all([query(this.options.primary), query(this.options.secondary)]);
  }

  private async countFailure(reason: string): Promise<void> {
    this.consecutiveFailures += 1;
    if (this.active === 'primary' && this.consecutiveFailures >= (this.options.failuresBeforeFailover ?? 3)) {
      await this.failover(reason);
    }
  }

  /**
   * Learns what the primary can still tell (unknown submits resolved by client order id, its open
   * orders), then sends new orders to the secondary.
   */
  private async failover(reason: string): Promise<void> {
    if (this.active !== 'primary') return;
    this.stopProbing();
    const timeout = this.options.probeTimeoutMilliseconds ?? 2_000;
    let primaryReachable = true;
    let primaryOpenOrders: VenueOrderReport[] = [];
    try {
      for (const orderId of [...this.unresolved]) {
        const report = await this.withinTimeout(this.options.primary.orderReport(orderId), timeout);
        if (report === timedOut) throw new AtsError('TIMEOUT', 'the primary did not answer');
        this.unresolved.delete(orderId);
        if (!report) this.homes.delete(orderId);
      }
      const open = await this.withinTimeout(this.options.primary.openOrders(), timeout);
      if (open === timedOut) throw new AtsError('TIMEOUT', 'the primary did not answer');
      primaryOpenOrders = open;
    } catch {
      primaryReachable = false;
    }
    // Switched only after the questions above, so no order could be routed while they were pending.
    this.active = 'secondary';
    this.options.onFailover?.({
      at: this.options.clock.now(),
      from: this.options.primary.venue,
      to: this.options.secondary.venue,
      reason,
      primaryReachable,
      primaryOpenOrders,
      unresolvedOrderIds: [...this.unresolved],
    });
  }

  /** Runs `action` after `milliseconds` of wall time; returns its cancel. */
  private wallTimer(milliseconds: number, action: () => void): () => void {
    return this.wallClock.setTimer(this.wallClock.now() + milliseconds, action);
  }

  /** The promise's value, or `timedOut` when it takes longer than `milliseconds` of wall time. */
  private withinTimeout<T>(promise: Promise<T>, milliseconds: number): Promise<T | typeof timedOut> {
    return new Promise((resolve, reject) => {
      const cancel = this.wallTimer(milliseconds, () => resolve(timedOut));
      promise.then(
        (value) => {
          cancel();
          resolve(value);
        },
        (error: unknown) => {
          cancel();
          reject(error);
        },
      );
    });
  }
}
