// Reconciliation behind the broker failover client: fills at the primary before a failover and at the
// secondary after it are each recorded once, under their own venue, in a live pass and after a restart.
import {
  type EventId,
  IdGenerator,
  Money,
  type Order,
  type OrderFilled,
  type OrderType,
  Price,
  Quantity,
  SeededRandom,
  TestClock,
  topics,
  type VenueOrderReport,
} from '@ats/core';
import { describe, expect, it } from 'vitest';
import { InProcessMessageBus } from '../bus/in-process-message-bus.js';
import { ExecutionEngine } from './execution-engine.js';
import { FailoverExecutionClient } from './failover-execution-client.js';
import { PaperExecutionClient } from './paper-execution-client.js';
import { Reconciler } from './reconciler.js';
import { newTestOrder, testAccount, testQuote, testSymbol } from './reconciliation-test-orders.js';

const symbol = testSymbol;
const account = testAccount;
function newOrder(type: OrderType, limit: string | null): Order {
  return newTestOrder(type, limit, 10, 'failover-');
}

const quote = testQuote;

describe('reconciliation behind the failover client', () => {
  it('records each fill at the primary and at the secondary once, under its venue, after a failover and after a restart', async () => {
    const bus = new InProcessMessageBus();
    const clock = new TestClock(1_000);
    const ids = new IdGenerator(new SeededRandom(11));
    const make = (name: string) =>
      new PaperExecutionClient({
        clock,
        ids,
        venue: name,
        commission: { kind: 'fixed', perOrder: Money.of('1') },
      });
    const primary = make('PRIMARY');
    const secondary = make('SECONDARY');
    for (const venue of [primary, secondary]) venue.onQuote(quote('100'));
    const failover = new FailoverExecutionClient({ primary, secondary, clock, failuresBeforeFailover: 1 });
    // The stored trades: every OrderFilled the engine publishes (the trades table of this test).
    const stored: OrderFilled[] = [];
    bus.subscribe(topics.tradesExecuted, (event) => {
      if (event.type === 'OrderFilled') stored.push(event);
    });
    const storedPositions = async () =>
      new Map([[symbol as string, stored.reduce((sum, fill) => sum + fill.lastQuantity.value, 0)]]);
    const reconcilerOf = (engine: ExecutionEngine) =>
      new Reconciler({
        engine,
        client: failover,
        accountId: account,
        bus,
        clock,
        ids,
        storedPositions,
        lastExecutionTime: async () => null,
      });
    let engine = new ExecutionEngine({ bus, clock, ids, client: failover });
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
      await failover.submitOrder(order);
      await engine.settled();
    };

    // At the primary: one order filled live, one resting.
    await send(newOrder('MARKET', null));
    const restingAtPrimary = newOrder('LIMIT', '99');
    await send(restingAtPrimary);
    expect(failover.homeOf(restingAtPrimary.id)).toBe('primary');
    // The primary stops answering its heartbeat (its queries still answer): new orders go to the secondary.
    primary.account = async () => {
      throw new Error('the primary is down');
    };
    expect(await failover.probe()).toBe(false);
    expect(failover.activeRole).toBe('secondary');
    await send(newOrder('MARKET', null));
    const restingAtSecondary = newOrder('LIMIT', '99');
    await send(restingAtSecondary);
    expect(failover.homeOf(restingAtSecondary.id)).toBe('secondary');
    expect(stored.map((fill) => fill.venue)).toEqual(['PRIMARY', 'SECONDARY']);

    // Both resting orders fill while the executor hears nothing.
    failover.onEvent(() => {});
    primary.onQuote(quote('98.50'));
    secondary.onQuote(quote('98.50'));

    const pass = await reconcilerOf(engine).reconcile();
    expect(pass.differences['missed-fill']).toBe(2);
    expect(pass.halted).toEqual([]);
    const keys = stored.map((fill) => `${fill.venue}|${fill.executionId}`);
    expect(new Set(keys).size).toBe(keys.length);
    expect(stored.map((fill) => fill.venue).sort()).toEqual(['PRIMARY', 'PRIMARY', 'SECONDARY', 'SECONDARY']);
    const venueExecutions = await failover.executionsSince(0);
    expect(venueExecutions).toHaveLength(4);
    expect(new Set(keys)).toEqual(
      new Set(venueExecutions.map((execution) => `${execution.venue}|${execution.executionId}`)),
    );
    expect((await reconcilerOf(engine).reconcile()).differences['missed-fill']).toBe(0);

    // A restart: a new engine knows the stored fills; its reconciliation at start records nothing again.
    engine = new ExecutionEngine({ bus, clock, ids, client: failover });
    engine.restoreFills([...stored]);
    const before = stored.length;
    const atStart = await reconcilerOf(engine).reconcile();
    expect(atStart.differences['missed-fill']).toBe(0);
    expect(atStart.differences['position-mismatch']).toBe(0);
    expect(atStart.positionsCompared).toBe(1);
    expect(stored).toHaveLength(before);
  });

  it('adopts an order placed outside ATS at the primary once, under the primary, before and after a failover', async () => {
    const bus = new InProcessMessageBus();
    const clock = new TestClock(1_000);
    const ids = new IdGenerator(new SeededRandom(12));
    const make = (name: string) =>
      new PaperExecutionClient({
        clock,
        ids,
        venue: name,
        commission: { kind: 'fixed', perOrder: Money.of('1') },
      });
    const primary = make('PRIMARY');
    const secondary = make('SECONDARY');
    // An order someone placed at the primary by hand: no client order id of ours.
    const outside: VenueOrderReport = {
      orderId: null,
      venueOrderId: 'manual-7',
      symbol,
      side: 'SELL',
      orderType: 'LIMIT',
      timeInForce: 'GTC',
      quantity: Quantity.of(5),
      filledQuantity: Quantity.of(0),
      limitPrice: Price.of('120'),
      stopPrice: null,
      status: 'open',
      reason: null,
      updatedAt: 900,
    };
    const primaryOpenOrders = primary.openOrders.bind(primary);
    primary.openOrders = async () => [...(await primaryOpenOrders()), outside];
    const failover = new FailoverExecutionClient({ primary, secondary, clock, failuresBeforeFailover: 1 });
    const engine = new ExecutionEngine({ bus, clock, ids, client: failover });
    const adopted: string[] = [];
    bus.subscribe(topics.reconciliation, (event) => {
      if (event.type === 'ReconciliationDifferenceFound' && event.kind === 'external-order-adopted')
        adopted.push(event.detail);
    });
    const reconciler = new Reconciler({
      engine,
      client: failover,
      accountId: account,
      bus,
      clock,
      ids,
      storedPositions: async () => new Map(),
      lastExecutionTime: async () => null,
    });

    expect((await reconciler.reconcile()).differences['external-order-adopted']).toBe(1);
    expect(adopted).toEqual([expect.stringContaining('open at PRIMARY as manual-7')]);
    // The primary stops answering its heartbeat: new orders go to the secondary, whose name the
    // failover client now bears; the outside order is still open at the primary.
    primary.account = async () => {
      throw new Error('the primary is down');
    };
    expect(await failover.probe()).toBe(false);
    expect(failover.venue).toBe('SECONDARY');
    expect((await reconciler.reconcile()).differences['external-order-adopted']).toBe(0);
    expect(adopted).toHaveLength(1);
    const outsideOrders = engine.openOrders().filter((order) => order.strategyId === 'external');
    expect(outsideOrders).toHaveLength(1);
  });
});
