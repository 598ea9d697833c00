// The ExecutionClient for Alpaca's Trading API v2: orders over REST with our order id as the client
// order id, their events from the trade_updates stream, and the reconciliation queries.
import {
  AtsError,
  type Clock,
  type ExecutionClient,
  type IdGenerator,
  type Order,
  type OrderEvent,
  type OrderId,
  type OrderReplacement,
  Price,
  type VenueAccount,
  type VenueExecution,
  type VenueOrderReport,
  type VenuePosition,
} from '@ats/core';
import type { AlpacaCredentials, AlpacaEndpoints } from './alpaca-configuration.js';
import {
  orderIdFromClientOrderId,
  parseQuantity,
  parseTimestamp,
  replacementClientOrderId,
  toAccount,
  toExecution,
  toOrderReport,
  toOrderRequest,
  toPosition,
  toReplaceRequest,
} from './alpaca-mapping.js';
import { AlpacaOrderEvents, type TrackedOrder } from './alpaca-order-events.js';
import { AlpacaRest, failureOf } from './alpaca-rest.js';
import { AlpacaTradeUpdates } from './alpaca-trade-updates.js';
import type { AlpacaOrderJson, AlpacaTradeUpdateJson } from './alpaca-wire.js';

export interface AlpacaExecutionClientOptions {
  readonly endpoints: AlpacaEndpoints;
  readonly credentials: AlpacaCredentials;
  readonly clock: Clock;
  readonly ids: IdGenerator;
  /** The venue name on fills and in derived trade ids (default 'ALPACA'). */
  readonly venue?: string;
  readonly requestTimeoutMilliseconds?: number;
  /** Alpaca's documented limit: 200 requests a minute per account. */
  readonly requestsPerMinute?: number;
  /** Retries of a 429, 5xx or lost connection before a call gives up (default 3). */
  readonly maxRetries?: number;
  readonly retryBackoffMilliseconds?: number;
  readonly reconnectDelayMilliseconds?: number;
  readonly connectTimeoutMilliseconds?: number;
  /** Wall-clock waits (rate limits, backoff); injectable so tests can see what was waited for. */
  readonly sleep?: (milliseconds: number) => Promise<void>;
  /** Wall-clock time for the rate limit's windows (default Date.now); injectable with `sleep`. */
  readonly now?: () => number;
  /** Told of stream catch-up failures, which have no caller to throw to. */
  readonly onError?: (error: unknown) => void;
}

/** A replacement chain longer than this is not followed (Alpaca's ids would be looping). */
const maxReplacementHops = 20;

export class AlpacaExecutionClient implements ExecutionClient {
  readonly venue: string;
  private readonly rest: AlpacaRest;
  private readonly stream: AlpacaTradeUpdates;
  private readonly events: AlpacaOrderEvents;
  private readonly sleep: (milliseconds: number) => Promise<void>;
  /** Stream updates are applied one at a time, in arrival order, even when one needs a REST call. */
  private updates: Promise<void> = Promise.resolve();
  private connectedAt: number | null = null;
  private replacementCount = 0;
  private readonly clientOrderIdsOfVenueIds = new Map<string, string>();

  constructor(private readonly options: AlpacaExecutionClientOptions) {
    this.venue = options.venue ?? 'ALPACA';
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms))));
    this.rest = new AlpacaRest({
      restUrl: options.endpoints.restUrl,
      keyId: options.credentials.keyId,
      secret: options.credentials.secret,
      now: options.now ?? (() => Date.now()),
      sleep: this.sleep,
      ...(options.requestTimeoutMilliseconds === undefined
        ? {}
        : { timeoutMilliseconds: options.requestTimeoutMilliseconds }),
      ...(options.requestsPerMinute === undefined ? {} : { requestsPerMinute: options.requestsPerMinute }),
      ...(options.maxRetries === undefined ? {} : { maxRetries: options.maxRetries }),
      ...(options.retryBackoffMilliseconds === undefined
        ? {}
        : { retryBackoffMilliseconds: options.retryBackoffMilliseconds }),
    });
    this.stream = new AlpacaTradeUpdates({
      streamUrl: options.endpoints.streamUrl,
      keyId: options.credentials.keyId,
      secret: options.credentials.secret,
      ...(options.reconnectDelayMilliseconds === undefined
        ? {}
        : { reconnectDelayMilliseconds: options.reconnectDelayMilliseconds }),
      ...(options.connectTimeoutMilliseconds === undefined
        ? {}
        : { connectTimeoutMilliseconds: options.connectTimeoutMilliseconds }),
    });
    this.events = new AlpacaOrderEvents(this.venue, options.clock, options.ids);
    this.stream.onUpdate((update) => this.enqueue(() => this.applyUpdate(update)));
    this.stream.onReconnected(() => this.enqueue(() => this.catchUp()));
  }

  onEvent(handler: (event: OrderEvent) => void): void {
    this.events.onEvent(handler);
  }

  async connect(): Promise<void> {
    this.connectedAt = this.options.clock.now();
    await this.stream.connect();
  }

  async disconnect(): Promise<void> {
    this.stream.disconnect();
    await this.updates;
  }

  /** Whether the trade_updates stream is listening now. */
  get streamListening(): boolean {
    return this.stream.isListening;
  }

  /**
   * Makes this client responsible for an order it did not submit in this process (a working order
   * restored after a restart), so its stream updates become events.
   */
  watch(order: Order): void {
    this.events.track(order);
  }

  /**
   * Places the order with `order.id` as Alpaca's client order id. When an attempt's outcome is unknown
   * (timeout, dropped connection, 5xx) the order is looked up by client order id before anything is
   * sent again, so a retry never makes a second order; a duplicate-id refusal is resolved the same way.
   */
  async submitOrder(order: Order): Promise<void> {
    const entry = this.events.track(order);
    let request: ReturnType<typeof toOrderRequest>;
    try {
      request = toOrderRequest(order);
    } catch (error) {
      this.events.rejected(entry, error instanceof Error ? error.message : String(error), this.now());
      return;
    }
    const attempts = (this.options.maxRetries ?? 3) + 1;
    let outcomeUnknown = false;
    let lastError: unknown = null;
    for (let attempt = 0; attempt < attempts; attempt++) {
      if (attempt > 0) await this.sleep((this.options.retryBackoffMilliseconds ?? 250) * 2 ** (attempt - 1));
      try {
        if (outcomeUnknown) {
          const existing = await this.rest.orderByClientOrderId(order.id);
          if (existing) {
            this.acceptedFrom(entry, existing);
            return;
          }
        }
        const placed = await this.rest.placeOrder(request);
        this.acceptedFrom(entry, placed);
        return;
      } catch (error) {
        const failure = failureOf(error);
        if (!failure) throw error;
        lastError = error;
        if (failure.kind === 'rejected' && /client_order_id must be unique/i.test(failure.message)) {
          outcomeUnknown = true;
          continue;
        }
        if (failure.kind === 'rejected') {
          this.events.rejected(entry, failure.message, this.now());
          return;
        }
        if (failure.kind === 'unavailable') {
          outcomeUnknown = true;
          continue;
        }
        throw error;
      }
    }
    throw new AtsError('BROKER_UNAVAILABLE', `Alpaca did not confirm order ${order.id}`, {
      cause: lastError,
      details: { orderId: order.id, outcomeUnknown },
    });
  }

  /**
   * DELETE /v2/orders/{id}: reported as OrderPendingCancel at once; Alpaca streams `canceled`, or
   * refuses (422: not cancelable) with a message that becomes OrderCancelRejected.
   */
  async cancelOrder(order: Order): Promise<void> {
    const entry = this.events.track(order);
    if (entry.done) return;
    this.events.cancelRequested(entry, this.now());
    try {
      const venueOrderId = await this.currentVenueOrderId(entry);
      if (venueOrderId === null) {
        this.events.cancelRejected(entry, 'Alpaca has no such order', this.now());
        return;
      }
      await this.rest.cancelOrder(venueOrderId);
    } catch (error) {
      const failure = failureOf(error);
      // Whatever went wrong, the order is not known to be canceled: it is working again.
      this.events.cancelRejected(entry, failure?.message ?? String(error), this.now());
      if (failure?.kind === 'rejected' || failure?.kind === 'not-found') return;
      throw error;
    }
  }

  /**
   * PATCH /v2/orders/{id}: Alpaca answers with a new order (a new id) and confirms on the stream with
   * `replaced`, which becomes OrderUpdated; a refusal becomes OrderModifyRejected with Alpaca's message.
   */
  async replaceOrder(order: Order, replacement: OrderReplacement): Promise<void> {
    const entry = this.events.track(order);
    const venueOrderId = await this.currentVenueOrderId(entry);
    if (venueOrderId === null) {
      this.events.modifyRejected(entry, 'Alpaca has no such order', this.now());
      return;
    }
    // The replacing order needs a client order id of its own; ours with a suffix keeps it ours.
    const suffix = `${this.now().toString(36)}${(this.replacementCount++ % 36).toString(36)}`;
    try {
      await this.rest.replaceOrder(
        venueOrderId,
        toReplaceRequest(replacement, replacementClientOrderId(order.id, suffix)),
      );
    } catch (error) {
      const failure = failureOf(error);
      if (failure?.kind === 'rejected' || failure?.kind === 'not-found') {
        this.events.modifyRejected(entry, failure.message, this.now());
        return;
      }
      throw error;
    }
  }

  async orderReport(orderId: OrderId): Promise<VenueOrderReport | null> {
    const order = await this.liveOrder(orderId);
    return order ? toOrderReport(order) : null;
  }

  async openOrders(): Promise<VenueOrderReport[]> {
    return (await this.rest.openOrders()).map(toOrderReport);
  }

  async executionsSince(since: number): Promise<VenueExecution[]> {
    // Alpaca's `after` is exclusive; ask from a millisecond earlier and keep what is at or after `since`.
    const activities = await this.rest.fillsAfter(new Date(since - 1));
    const executions: VenueExecution[] = [];
    for (const activity of activities) {
      const orderId = await this.orderIdOfVenueOrder(activity.order_id);
      const execution = toExecution(activity, orderId);
      if (execution.executedAt >= since) executions.push(execution);
    }
    return executions;
  }

  async positions(): Promise<VenuePosition[]> {
    return (await this.rest.positions()).map(toPosition);
  }

  async account(): Promise<VenueAccount> {
    return toAccount(await this.rest.account());
  }

  private now(): number {
    return this.options.clock.now();
  }

  private enqueue(step: () => Promise<void> | void): void {
    this.updates = this.updates.then(step).catch((error: unknown) => this.options.onError?.(error));
  }

  private acceptedFrom(entry: TrackedOrder, order: AlpacaOrderJson): void {
    this.clientOrderIdsOfVenueIds.set(order.id, order.client_order_id);
    if (order.status === 'rejected') {
      this.events.rejected(entry, 'rejected by Alpaca', this.now());
      return;
    }
    this.events.accepted(
      entry,
      order.id,
      parseTimestamp(order.submitted_at ?? order.created_at, 'order.submitted_at'),
    );
  }

  /** One trade_updates message as at most one order event (plus the acceptance a fill implies). */
  private async applyUpdate(update: AlpacaTradeUpdateJson): Promise<void> {
    const venueOrder = update.order;
    this.clientOrderIdsOfVenueIds.set(venueOrder.id, venueOrder.client_order_id);
    const entry = this.events.find(orderIdFromClientOrderId(venueOrder.client_order_id));
    // An order this client does not hold (placed elsewhere, or before a restart and not watched):
    // reconciliation adopts it from openOrders and executionsSince.
    if (!entry) return;
    const at = update.timestamp ? parseTimestamp(update.timestamp, 'timestamp') : this.now();
    switch (update.event) {
      case 'new':
      case 'accepted':
        // A replacing order's `new` follows its `replaced`, which already reported the new terms.
        if (venueOrder.replaces === null) this.events.accepted(entry, venueOrder.id, at);
        break;
      case 'fill':
      case 'partial_fill':
        this.events.filled(entry, {
          executionId: update.execution_id ?? `${venueOrder.id}:${venueOrder.filled_qty}`,
          venueOrderId: venueOrder.id,
          quantity: parseQuantity(update.qty, 'qty'),
          price: Price.of(update.price ?? '', 'price'),
          executedAt: at,
        });
        break;
      case 'canceled':
        if (this.isCurrent(entry, venueOrder)) this.events.canceled(entry, at);
        break;
      case 'expired':
        if (this.isCurrent(entry, venueOrder)) this.events.expired(entry, at);
        break;
      case 'rejected':
        if (this.isCurrent(entry, venueOrder)) this.events.rejected(entry, 'rejected by Alpaca', at);
        break;
      case 'replaced':
        await this.applyReplaced(entry, venueOrder, at);
        break;
      case 'order_replace_rejected':
        this.events.modifyRejected(entry, 'Alpaca rejected the replacement', at);
        break;
      case 'order_cancel_rejected':
        this.events.cancelRejected(entry, 'Alpaca rejected the cancel', at);
        break;
      default:
        // pending_new, pending_cancel, pending_replace, done_for_day, calculated, stopped, suspended:
        // states on the way, with nothing for the order to record.
        break;
    }
  }

  /** `replaced` carries the old order; the new terms are on the replacing order, fetched by id. */
  private async applyReplaced(entry: TrackedOrder, old: AlpacaOrderJson, at: number): Promise<void> {
    if (old.replaced_by === null) return;
    const replacing = await this.rest.orderById(old.replaced_by);
    if (!replacing) return;
    const previousQuantity = old.qty;
    const changed = <T>(now: T | null, before: T | null, equal: (a: T, b: T) => boolean): T | null =>
      now !== null && (before === null || !equal(now, before)) ? now : null;
    const quantity = parseQuantity(replacing.qty, 'order.qty');
    const limit =
      replacing.limit_price === null ? null : Price.of(replacing.limit_price, 'order.limit_price');
    const stop = replacing.stop_price === null ? null : Price.of(replacing.stop_price, 'order.stop_price');
    this.events.updated(
      entry,
      {
        quantity: changed(quantity, parseQuantity(previousQuantity, 'order.qty'), (a, b) => a.equals(b)),
        limitPrice: changed(limit, old.limit_price === null ? null : Price.of(old.limit_price), (a, b) =>
          a.equals(b),
        ),
        stopPrice: changed(stop, old.stop_price === null ? null : Price.of(old.stop_price), (a, b) =>
          a.equals(b),
        ),
      },
      replacing.id,
      at,
    );
  }

  /**
   * After the stream listens again: executions since the newest one seen (or since connecting) are
   * fetched and reported (already-seen ones are skipped), then orders that ended meanwhile are closed.
   */
  private async catchUp(): Promise<void> {
    const since = this.events.lastExecutionAt ?? this.connectedAt ?? this.now();
    for (const execution of await this.executionsSince(since)) {
      if (execution.orderId === null) continue;
      const entry = this.events.find(execution.orderId);
      if (!entry) continue;
      this.events.filled(entry, {
        executionId: execution.executionId,
        venueOrderId: execution.venueOrderId,
        quantity: execution.quantity,
        price: execution.price,
        executedAt: execution.executedAt,
      });
    }
    for (const entry of this.events.working()) {
      const order = await this.liveOrder(entry.order.id);
      if (!order) continue;
      if (entry.venueOrderId !== order.id) this.events.rememberVenueId(entry.order.id, order.id);
      const at = parseTimestamp(order.updated_at ?? order.created_at, 'order.updated_at');
      if (order.status === 'canceled') this.events.canceled(entry, at);
      else if (order.status === 'expired') this.events.expired(entry, at);
      else if (order.status === 'rejected') this.events.rejected(entry, 'rejected by Alpaca', at);
    }
  }

  /** Whether an update is about the venue order working now (not one a replacement superseded). */
  private isCurrent(entry: TrackedOrder, venueOrder: AlpacaOrderJson): boolean {
    return entry.venueOrderId === null || entry.venueOrderId === venueOrder.id;
  }

  /** The order working now for one of ours: by client order id, then along `replaced_by`. */
  private async liveOrder(orderId: OrderId): Promise<AlpacaOrderJson | null> {
    let order = await this.rest.orderByClientOrderId(orderId);
    for (
      let hop = 0;
      order && order.status === 'replaced' && order.replaced_by && hop < maxReplacementHops;
      hop++
    ) {
      const next = await this.rest.orderById(order.replaced_by);
      if (!next) break;
      order = next;
    }
    return order;
  }

  private async currentVenueOrderId(entry: TrackedOrder): Promise<string | null> {
    if (entry.venueOrderId !== null) return entry.venueOrderId;
    const order = await this.liveOrder(entry.order.id);
    if (!order) return null;
    entry.venueOrderId = order.id;
    return order.id;
  }

  private async orderIdOfVenueOrder(venueOrderId: string): Promise<OrderId | null> {
    const known = this.events.orderIdOfVenueId(venueOrderId);
    if (known) return known;
    let clientOrderId = this.clientOrderIdsOfVenueIds.get(venueOrderId);
    if (clientOrderId === undefined) {
      const order = await this.rest.orderById(venueOrderId);
      if (!order) return null;
      clientOrderId = order.client_order_id;
      this.clientOrderIdsOfVenueIds.set(venueOrderId, clientOrderId);
    }
    return orderIdFromClientOrderId(clientOrderId);
  }
}
