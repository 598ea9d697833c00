// Test support: builds orders as the execution engine hands them to a venue, and collects the events
// an execution client emits.
import {
  type AccountId,
  type EventId,
  IdGenerator,
  Order,
  type OrderEvent,
  type OrderId,
  type OrderSide,
  type OrderType,
  Price,
  Quantity,
  SeededRandom,
  type StrategyId,
  toSymbol,
} from '@ats/core';

export const testIds = (seed: number) => new IdGenerator(new SeededRandom(seed));

export interface TestOrderTerms {
  readonly symbol?: string;
  readonly side?: OrderSide;
  readonly type?: OrderType;
  readonly quantity?: number;
  readonly limitPrice?: string;
  readonly stopPrice?: string;
}

/** A submitted order with the given terms (LIMIT BUY 100 AAPL @ 101.25 unless told otherwise). */
export function testOrder(ids: IdGenerator, terms: TestOrderTerms = {}): Order {
  const type = terms.type ?? 'LIMIT';
  const order = new Order({
    type: 'OrderInitialized',
    id: ids.eventId(),
    orderId: ids.orderId(),
    occurredAt: 1_700_000_000_000,
    receivedAt: 1_700_000_000_000,
    causationId: null,
    accountId: 'account-1' as AccountId,
    strategyId: 'strategy-1' as StrategyId,
    symbol: toSymbol(terms.symbol ?? 'AAPL'),
    side: terms.side ?? 'BUY',
    orderType: type,
    quantity: Quantity.of(terms.quantity ?? 100),
    limitPrice: type === 'LIMIT' || type === 'STOP_LIMIT' ? Price.of(terms.limitPrice ?? '101.25') : null,
    stopPrice: type === 'STOP' || type === 'STOP_LIMIT' ? Price.of(terms.stopPrice ?? '99.5') : null,
    timeInForce: 'DAY',
    signalId: null,
    riskAssessmentId: null,
    expiresAt: null,
  });
  order.apply({
    type: 'OrderSubmitted',
    id: ids.eventId() as EventId,
    orderId: order.id,
    occurredAt: 1_700_000_000_001,
    receivedAt: 1_700_000_000_001,
    causationId: null,
  });
  return order;
}

/** Collects events and lets a test wait until an order has seen a given event type. */
export class EventRecorder {
  readonly events: OrderEvent[] = [];
  private waiters: { check: () => boolean; resolve: () => void }[] = [];

  readonly receive = (event: OrderEvent): void => {
    this.events.push(event);
    this.waiters = this.waiters.filter((waiter) => {
      if (!waiter.check()) return true;
      waiter.resolve();
      return false;
    });
  };

  of(orderId: OrderId): OrderEvent[] {
    return this.events.filter((event) => event.orderId === orderId);
  }

  /** Resolves when `orderId` has an event of `type`; rejects after `timeoutMs` naming what it saw. */
  waitFor(orderId: OrderId, type: OrderEvent['type'], timeoutMs = 10_000): Promise<OrderEvent> {
    const find = () => this.of(orderId).find((event) => event.type === type);
    return new Promise((resolve, reject) => {
      const found = find();
      if (found !== undefined) {
        resolve(found);
        return;
      }
      const timer = setTimeout(() => {
        const seen = this.of(orderId).map((event) => event.type);
        reject(
          new Error(`no ${type} for ${orderId} within ${timeoutMs} ms; saw ${seen.join(', ') || 'nothing'}`),
        );
      }, timeoutMs);
      this.waiters.push({
        check: () => find() !== undefined,
        resolve: () => {
          clearTimeout(timer);
          resolve(find() as OrderEvent);
        },
      });
    });
  }
}

/** Polls until `condition` holds (waiting on an outside process, not measuring time). */
export async function eventually(condition: () => boolean, what: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
