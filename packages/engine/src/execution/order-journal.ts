// The order journal port: stores orders and fills, with the events they produced, before anything
// acts on them; the journal, not the engine, publishes those events once they are stored.
import {
  type AppliedIds,
  appliedIdsFor,
  type Delivery,
  type MessageBus,
  type Money,
  type Order,
  type OrderEvent,
  type OrderFilled,
  type PlatformEvent,
  topics,
} from '@ats/core';
import { VenueExecutions } from './venue-executions.js';

/**
 * A journal answers synchronously (a backtest, which keeps nothing on disk) or with a promise (a
 * database). Writes are applied in call order. A rejected promise means nothing of that call was
 * stored and none of its events was published.
 */
export interface OrderJournal {
  /** Stores a new order with the events that created it; false when the order id is already stored. */
  createOrder(order: Order, events: readonly OrderEvent[]): boolean | Promise<boolean>;
  /** Stores the order's state after `event` (anything but a fill) and publishes the event. */
  updateOrder(order: Order, event: OrderEvent): void | Promise<void>;
  /**
   * Stores the fill (with the PnL it realized) and its order's new state, then publishes it; false
   * when the venue's execution was already stored (a redelivered or reconciled fill).
   */
  recordFill(order: Order, fill: OrderFilled, realizedPnl: Money | null): boolean | Promise<boolean>;
  /** Lets go of what an in-memory journal remembers, when its engine is discarded (a finished backtest). */
  discard?(): void;
}

/** The topics an order event is published on: every event on orders.events, fills on trades.executed too. */
export function topicsOfOrderEvent(event: OrderEvent): readonly string[] {
  return event.type === 'OrderFilled' ? fillTopics : orderTopics;
}
const orderTopics = [topics.orderEvents] as const;
const fillTopics = [topics.orderEvents, topics.tradesExecuted] as const;

/**
 * The journal of a backtest or a test: stores nothing, publishes each event at once. Under at-least-once
 * delivery it still refuses a second order with the same id and a second fill with the same execution
 * id, like a real journal; under exactly-once delivery (a backtest) neither can come, and it keeps no id.
 */
export class PublishingJournal implements OrderJournal {
  private readonly orderIds: AppliedIds;
  private readonly executions: VenueExecutions;

  constructor(
    private readonly bus: MessageBus,
    delivery: Delivery = 'at-least-once',
  ) {
    this.orderIds = appliedIdsFor(delivery);
    this.executions = new VenueExecutions(delivery);
  }

  createOrder(order: Order, events: readonly OrderEvent[]): boolean {
    if (this.orderIds.has(order.id)) return false;
    this.orderIds.add(order.id);
    for (const event of events) this.publish(event);
    return true;
  }

  updateOrder(_order: Order, event: OrderEvent): void {
    this.publish(event);
  }

  recordFill(_order: Order, fill: OrderFilled): boolean {
    if (!this.executions.add(fill.venue, fill.executionId)) return false;
    this.publish(fill);
    return true;
  }

  discard(): void {
    this.orderIds.clear();
    this.executions.clear();
  }

  private publish(event: OrderEvent): void {
    for (const topic of topicsOfOrderEvent(event)) this.bus.publish(topic, event as PlatformEvent);
  }
}
