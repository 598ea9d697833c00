// Reconciliation after the executor missed what the venue did: fills applied once, orders the venue
// closed closed, orders only the venue knows adopted, orders the venue never got rejected, and a
// position that still disagrees halting its symbol.
import {
  type EventId,
  IdGenerator,
  Money,
  Order,
  type OrderEvent,
  type OrderType,
  type PlatformEvent,
  SeededRandom,
  TestClock,
  topics,
} from '@ats/core';
import { describe, expect, it } from 'vitest';
import { InProcessMessageBus } from '../bus/in-process-message-bus.js';
import { ExecutionEngine } from './execution-engine.js';
import { PaperExecutionClient } from './paper-execution-client.js';
import { Reconciler } from './reconciler.js';
import { newTestOrder, testAccount, testQuote, testSymbol } from './reconciliation-test-orders.js';
import { RoutedExecutionClient } from './routing/routed-execution-client.js';

const symbol = testSymbol;
const account = testAccount;
function newOrder(type: OrderType, limit: string | null, quantity = 10): Order {
  return newTestOrder(type, limit, quantity);
}

const quote = testQuote;

/** A venue and an engine; `crash()` makes the engine deaf to the venue, `restart()` builds a new one. */
function world() {
  const bus = new InProcessMessageBus();
  const clock = new TestClock(1_000);
  const ids = new IdGenerator(new SeededRandom(9));
  const venue = new PaperExecutionClient({
    clock,
    ids,
    commission: { kind: 'fixed', perOrder: Money.of('1') },
  });
  const published: { topic: string; event: PlatformEvent }[] = [];
  bus.subscribe('*', (event, topic) => {
    published.push({ topic, event });
  });
  let engine = new ExecutionEngine({ bus, clock, ids, client: venue });
  const stored = new Map<string, number>();
  bus.subscribe(topics.tradesExecuted, (event) => {
    if (event.type !== 'OrderFilled') return;
    const signed = event.side === 'BUY' ? event.lastQuantity.value : -event.lastQuantity.value;
    stored.set(event.symbol, (stored.get(event.symbol) ?? 0) + signed);
  });
  const reconcilerOf = (positions?: () => Map<string, number>) =>
    new Reconciler({
      engine,
      client: venue,
      accountId: account,
      bus,
      clock,
      ids,
      storedPositions: async () => positions?.() ?? stored,
      lastExecutionTime: async () => null,
    });
  return {
    bus,
    venue,
    published,
    get engine() {
      return engine;
    },
    /** Sends an order through the live engine path. */
    async place(order: Order) {
      engine.adopt(order);
      order.apply({
        id: `submitted-${order.id}` as EventId,
        occurredAt: 0,
        receivedAt: 0,
        causationId: null,
        orderId: order.id,
        type: 'OrderSubmitted',
      });
      venue.submitOrder(order);
      await engine.settled();
    },
    crash() {
      venue.onEvent(() => {});
    },
    /** A new engine that knows the orders as they were stored, and the fills it had stored. */
    restart(known: Order[]) {
      engine = new ExecutionEngine({ bus, clock, ids, client: venue });
      for (const order of known) engine.adopt(order);
    },
    reconcilerOf,
    kinds: () =>
      published
        .filter((entry) => entry.topic === topics.reconciliation)
        .map((entry) => (entry.event as { kind: string }).kind),
  };
}

function stateOf(order: Order): Order {
  const events = order.events;
  const copy = new Order(events[0] as never);
  for (const event of events.slice(1)) copy.apply(event as OrderEvent);
  return copy;
}

describe('reconciler', () => {
  it('applies a fill the executor missed, once, and closes the order', async () => {
    const w = world();
    const order = newOrder('LIMIT', '100');
    await w.place(order);
    const storedState = stateOf(order);
    w.crash();
    w.venue.onQuote(quote('99.50'));
    w.restart([storedState]);
    const report = await w.reconcilerOf().reconcile();
    expect(report.differences['missed-fill']).toBe(1);
    expect(w.engine.order(order.id)?.status).toBe('FILLED');
    expect(w.published.filter((entry) => entry.topic === topics.tradesExecuted)).toHaveLength(1);
    const again = await w.reconcilerOf().reconcile();
    expect(again.differences['missed-fill']).toBe(0);
    expect(report.halted).toEqual([]);
  });

  it('applies a fill the venue reports for an order the executor no longer holds in memory, once', async () => {
    const w = world();
    const order = newOrder('LIMIT', '100');
    await w.place(order);
    w.crash();
    w.venue.onQuote(quote('99.50'));
    // An engine that holds nothing of the order: a closed order let go of (or not brought back at a restart).
    w.restart([]);
    const report = await w.reconcilerOf().reconcile();
    expect(report.differences['missed-fill']).toBe(1);
    expect(w.engine.order(order.id)?.status).toBe('FILLED');
    expect(w.published.filter((entry) => entry.topic === topics.tradesExecuted)).toHaveLength(1);
    const again = await w.reconcilerOf().reconcile();
    expect(again.differences['missed-fill']).toBe(0);
    expect(w.published.filter((entry) => entry.topic === topics.tradesExecuted)).toHaveLength(1);
  });

  it('closes an order the venue canceled while the executor was down', async () => {
    const w = world();
    const order = newOrder('LIMIT', '90');
    await w.place(order);
    const storedState = stateOf(order);
    w.crash();
    w.venue.cancelOrder(order);
    w.restart([storedState]);
    const report = await w.reconcilerOf().reconcile();
    expect(report.differences['order-closed-at-venue']).toBe(1);
    expect(w.engine.order(order.id)?.status).toBe('CANCELED');
  });

  it('adopts an order open at the venue that the platform does not know, marked external', async () => {
    const w = world();
    const foreign = newOrder('LIMIT', '80');
    w.crash();
    w.venue.submitOrder(foreign);
    w.restart([]);
    const report = await w.reconcilerOf().reconcile();
    expect(report.differences['external-order-adopted']).toBe(1);
    const adopted = w.engine.order(foreign.id);
    expect(adopted?.origin).toBe('external');
    expect(adopted?.status).toBe('ACCEPTED');
  });

  it('rejects an order that was stored as sent but never reached the venue', async () => {
    const w = world();
    const order = newOrder('MARKET', null);
    order.apply({
      id: 'submitted' as EventId,
      occurredAt: 0,
      receivedAt: 0,
      causationId: null,
      orderId: order.id,
      type: 'OrderSubmitted',
    });
    w.restart([order]);
    const report = await w.reconcilerOf().reconcile();
    expect(report.differences['order-unknown-at-venue']).toBe(1);
    expect(w.engine.order(order.id)?.status).toBe('REJECTED');
  });

  it('halts the symbol when the stored position still disagrees with the venue', async () => {
    const w = world();
    w.venue.onQuote(quote('100'));
    const order = newOrder('MARKET', null, 5);
    await w.place(order);
    const report = await w.reconcilerOf(() => new Map([[symbol, 7]])).reconcile();
    expect(report.halted).toEqual([symbol]);
    expect(report.differences['position-mismatch']).toBe(1);
    const halts = w.published
      .filter((entry) => entry.topic === topics.tradingHalts)
      .map((entry) => entry.event);
    expect(halts).toMatchObject([{ type: 'TradingHaltChanged', symbol, halted: true }]);
    const alerts = w.published
      .filter((entry) => entry.topic === topics.riskAlerts)
      .map((entry) => entry.event);
    expect(alerts).toMatchObject([{ code: 'RECONCILIATION_POSITION_MISMATCH', severity: 'critical' }]);
  });

  it('behind a routed client, knows a fill stored under its own venue and applies a missed one under that venue, once', async () => {
    const bus = new InProcessMessageBus();
    const clock = new TestClock(1_000);
    const ids = new IdGenerator(new SeededRandom(9));
    const make = (name: string) =>
      new PaperExecutionClient({
        clock,
        ids,
        venue: name,
        commission: { kind: 'fixed', perOrder: Money.of('1') },
      });
    const lit = make('LIT-A');
    const dark = make('DARK-B');
    for (const venue of [lit, dark]) venue.onQuote(quote('100'));
    const routed = new RoutedExecutionClient([lit, dark], 'LIT-A');
    const engine = new ExecutionEngine({ bus, clock, ids, client: routed });
    const fills: string[] = [];
    bus.subscribe(topics.tradesExecuted, (event) => {
      if (event.type === 'OrderFilled') fills.push(event.venue);
    });
    const reconciler = new Reconciler({
      engine,
      client: routed,
      accountId: account,
      bus,
      clock,
      ids,
      storedPositions: async () => new Map([[symbol, fills.length * 10]]),
      lastExecutionTime: async () => null,
    });
    const send = async (order: Order) => {
      engine.adopt(order);
      order.apply({
        id: `submitted-${order.id}` as EventId,
        occurredAt: 0,
        receivedAt: 0,
        causationId: null,
        orderId: order.id,
        type: 'OrderSubmitted',
      });
      routed.assign(order.id, 'DARK-B');
      await routed.submitOrder(order);
      await engine.settled();
    };
    // Filled live at DARK-B: stored under DARK-B, not missed.
    await send(newOrder('MARKET', null));
    expect(fills).toEqual(['DARK-B']);
    expect((await reconciler.reconcile()).differences['missed-fill']).toBe(0);
    // Filled at DARK-B while the executor heard nothing: applied once, under DARK-B.
    const resting = newOrder('LIMIT', '99');
    await send(resting);
    routed.onEvent(() => {});
    dark.onQuote(quote('98.50'));
    const report = await reconciler.reconcile();
    expect(report.differences['missed-fill']).toBe(1);
    expect(fills).toEqual(['DARK-B', 'DARK-B']);
    expect((await reconciler.reconcile()).differences['missed-fill']).toBe(0);
  });
});
