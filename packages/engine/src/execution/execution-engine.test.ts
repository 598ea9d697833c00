// The execution engine's promises: one order per approval, nothing sent that was not stored, a fill
// applied once per venue execution and published only once stored, stale approvals refused.
import {
  type EventId,
  IdGenerator,
  Money,
  type Order,
  type OrderEvent,
  type OrderFilled,
  type PlatformEvent,
  Price,
  type Quote,
  SeededRandom,
  type SignalApproved,
  TestClock,
  type Ticker,
  topics,
} from '@ats/core';
import { describe, expect, it } from 'vitest';
import { InProcessMessageBus } from '../bus/in-process-message-bus.js';
import { approvalOf } from './approval-of.js';
import { ExecutionEngine } from './execution-engine.js';
import { type OrderJournal, PublishingJournal } from './order-journal.js';
import { PaperExecutionClient } from './paper-execution-client.js';

const symbol = 'AAPL' as Ticker;
let sequence = 0;

function approval(at = 0, quantity = 10): SignalApproved {
  sequence++;
  return approvalOf({ key: String(sequence), accountId: 'paper', symbol, at, quantity });
}

const quote: Quote = {
  symbol,
  time: 0,
  receivedAt: 0,
  bid: Price.of('99.99'),
  ask: Price.of('100.01'),
  last: Price.of('100'),
  bidSize: 0,
  askSize: 0,
  volume: 0,
};

/** A venue that counts what reaches it. */
class CountingVenue extends PaperExecutionClient {
  submitted = 0;
  override submitOrder(order: Order): void {
    this.submitted++;
    super.submitOrder(order);
  }
}

function setup(
  options: {
    journal?: (bus: InProcessMessageBus) => OrderJournal;
    maxAge?: number;
    closedOrdersKept?: number;
    onOrderReleased?: (order: Order) => void;
  } = {},
) {
  const bus = new InProcessMessageBus();
  const clock = new TestClock(1_000);
  const ids = new IdGenerator(new SeededRandom(1));
  const venue = new CountingVenue({
    clock,
    ids,
    commission: { kind: 'fixed', perOrder: Money.of('1') },
  });
  venue.onQuote(quote);
  const published: { topic: string; event: PlatformEvent }[] = [];
  bus.subscribe('*', (event, topic) => {
    published.push({ topic, event });
  });
  const engine = new ExecutionEngine({
    bus,
    clock,
    ids,
    client: venue,
    ...(options.journal ? { journal: options.journal(bus) } : {}),
    ...(options.maxAge !== undefined ? { maxApprovalAgeMilliseconds: options.maxAge } : {}),
    ...(options.closedOrdersKept !== undefined ? { closedOrdersKept: options.closedOrdersKept } : {}),
    ...(options.onOrderReleased ? { onOrderReleased: options.onOrderReleased } : {}),
    delay: () => Promise.resolve(),
  });
  engine.start();
  const on = (topic: string) =>
    published.filter((entry) => entry.topic === topic).map((entry) => entry.event);
  return { bus, clock, venue, engine, published, on };
}

/** A venue that notes whether the engine says the order is being sent while it submits. */
class ObservingVenue extends CountingVenue {
  executor: ExecutionEngine | null = null;
  sendingDuringSubmit: boolean[] = [];
  override submitOrder(order: Order): void {
    this.sendingDuringSubmit.push(this.executor?.isSending(order.id) === true);
    super.submitOrder(order);
  }
}

describe('execution engine', () => {
  it('says an order is being sent during a synchronous submit and no longer once it returned', async () => {
    const bus = new InProcessMessageBus();
    const clock = new TestClock(1_000);
    const ids = new IdGenerator(new SeededRandom(1));
    const venue = new ObservingVenue({ clock, ids, commission: { kind: 'fixed', perOrder: Money.of('1') } });
    venue.onQuote(quote);
    const engine = new ExecutionEngine({ bus, clock, ids, client: venue });
    venue.executor = engine;
    engine.start();
    bus.publish(topics.ordersApproved, approval());
    await engine.settled();
    const [order] = engine.allOrders();
    expect(venue.sendingDuringSubmit).toEqual([true]);
    expect(engine.isSending(order?.id as Order['id'])).toBe(false);
  });

  it('says an order is being sent until an asynchronous submit settles', async () => {
    const bus = new InProcessMessageBus();
    const clock = new TestClock(1_000);
    const ids = new IdGenerator(new SeededRandom(1));
    let finish: () => void = () => {};
    const venue = new CountingVenue({ clock, ids, commission: { kind: 'fixed', perOrder: Money.of('1') } });
    const slow = Object.assign(Object.create(venue) as CountingVenue, {
      submitOrder: (order: Order) =>
        new Promise<void>((resolve) => {
          finish = () => {
            venue.submitOrder(order);
            resolve();
          };
        }),
    });
    const engine = new ExecutionEngine({ bus, clock, ids, client: slow });
    engine.start();
    bus.publish(topics.ordersApproved, approval());
    const [order] = engine.allOrders();
    expect(engine.isSending(order?.id as Order['id'])).toBe(true);
    finish();
    await engine.settled();
    expect(engine.isSending(order?.id as Order['id'])).toBe(false);
  });

  it('places one order for an approval delivered twice, with the same derived order id', async () => {
    const { bus, venue, engine } = setup();
    const approved = approval();
    bus.publish(topics.ordersApproved, approved);
    bus.publish(topics.ordersApproved, approved);
    await engine.settled();
    expect(venue.submitted).toBe(1);
    expect(engine.allOrders()).toHaveLength(1);
    expect(engine.allOrders()[0]?.status).toBe('FILLED');
  });

  it('keeps the most recent closedOrdersKept closed orders in memory and lets go of older ones, oldest first, telling onOrderReleased', async () => {
    const released: string[] = [];
    const { bus, engine } = setup({
      closedOrdersKept: 2,
      onOrderReleased: (order) => released.push(order.id),
    });
    const placed: string[] = [];
    bus.subscribe(topics.orderEvents, (event) => {
      if (event.type === 'OrderInitialized') placed.push(event.orderId);
    });
    for (let index = 0; index < 5; index++) bus.publish(topics.ordersApproved, approval());
    await engine.settled();
    expect(placed).toHaveLength(5);
    expect(released).toEqual(placed.slice(0, 3));
    expect(engine.allOrders().map((order) => order.id)).toEqual(placed.slice(3));
    expect(engine.allOrders().every((order) => order.status === 'FILLED')).toBe(true);
    expect(engine.order(placed[0] as Order['id'])).toBeUndefined();
    // The count of orders still counts the ones let go of.
    expect(engine.orderCount).toBe(5);
  });

  it('keeps a working order in memory while it works, even when it keeps no closed order', async () => {
    const released: string[] = [];
    const { bus, engine } = setup({
      closedOrdersKept: 0,
      onOrderReleased: (order) => released.push(order.id),
    });
    // A buy limit far below the market rests at the venue.
    bus.publish(
      topics.ordersApproved,
      approvalOf({ key: 'resting', accountId: 'paper', symbol, limitPrice: Price.of('50') }),
    );
    bus.publish(topics.ordersApproved, approval());
    await engine.settled();
    const [working, ...rest] = engine.allOrders();
    expect(rest).toEqual([]);
    expect(working?.status).toBe('ACCEPTED');
    expect(released).toHaveLength(1);
    expect(released[0]).not.toBe(working?.id);
    expect(engine.openOrders()).toEqual([working]);
  });

  it('places nothing for an approval delivered again after its closed order was let go of: the journal knows the order', async () => {
    const { bus, venue, engine } = setup({ closedOrdersKept: 0 });
    const approved = approval();
    bus.publish(topics.ordersApproved, approved);
    await engine.settled();
    expect(engine.allOrders()).toEqual([]);
    bus.publish(topics.ordersApproved, approved);
    await engine.settled();
    expect(venue.submitted).toBe(1);
    expect(engine.orderCount).toBe(1);
    expect(engine.allOrders()).toEqual([]);
  });

  it('does not send an order whose write failed: it is denied and a risk alert is raised', async () => {
    const failing = (bus: InProcessMessageBus): OrderJournal => {
      const inner = new PublishingJournal(bus);
      return {
        createOrder: () => Promise.reject(new Error('disk full')),
        updateOrder: (order, event) => inner.updateOrder(order, event),
        recordFill: (order, fill) => inner.recordFill(order, fill),
      };
    };
    const { bus, venue, engine, on } = setup({ journal: failing });
    bus.publish(topics.ordersApproved, approval());
    await engine.settled();
    expect(venue.submitted).toBe(0);
    expect(await venue.openOrders()).toEqual([]);
    const [order] = engine.allOrders();
    expect(order?.status).toBe('DENIED');
    expect(order?.statusReason).toMatch(/EXECUTION_JOURNAL_FAILED: the order could not be stored: disk full/);
    expect(on(topics.orderEvents).map((event) => event.type)).toEqual(['OrderInitialized', 'OrderDenied']);
    const alerts = on(topics.riskAlerts) as { code: string; severity: string }[];
    expect(alerts.map((alert) => [alert.code, alert.severity])).toEqual([
      ['EXECUTION_JOURNAL_FAILED', 'critical'],
    ]);
  });

  it('publishes a fill only once it is stored, retrying a failed write and alerting', async () => {
    let failures = 1;
    const flaky = (bus: InProcessMessageBus): OrderJournal => {
      const inner = new PublishingJournal(bus);
      return {
        createOrder: (order, events) => Promise.resolve(inner.createOrder(order, events)),
        updateOrder: (order, event) => Promise.resolve(inner.updateOrder(order, event)),
        recordFill: (order, fill, _pnl) =>
          failures-- > 0
            ? Promise.reject(new Error('connection reset'))
            : Promise.resolve(inner.recordFill(order, fill)),
      };
    };
    const { bus, engine, on } = setup({ journal: flaky });
    bus.publish(topics.ordersApproved, approval());
    await engine.settled();
    expect(on(topics.tradesExecuted)).toHaveLength(1);
    const alerts = on(topics.riskAlerts) as { code: string }[];
    expect(alerts.map((alert) => alert.code)).toEqual(['EXECUTION_FILL_WRITE_FAILED']);
  });

  it("cancels the symbol's working orders before sending an approval that cancels first", async () => {
    const { bus, engine, on } = setup();
    // A resting buy far under the market: it stays working.
    const resting: SignalApproved = { ...approval(0, 5), orderType: 'LIMIT', limitPrice: Price.of('50') };
    bus.publish(topics.ordersApproved, resting);
    await engine.settled();
    expect(engine.openOrders()).toHaveLength(1);
    const flatten: SignalApproved = { ...approval(0, 5), side: 'SELL', cancelsFirst: [] };
    bus.publish(topics.ordersApproved, flatten);
    await engine.settled();
    const types = on(topics.orderEvents).map((event) => event.type);
    // The resting order's cancel comes before the flatten's order is even created.
    expect(types.indexOf('OrderCanceled')).toBeGreaterThan(-1);
    expect(types.indexOf('OrderCanceled')).toBeLessThan(types.lastIndexOf('OrderInitialized'));
    expect(engine.openOrders()).toHaveLength(0);
    expect(engine.allOrders().map((order) => order.status)).toEqual(['CANCELED', 'FILLED']);
  });

  it('applies a venue execution once, however often it is reported', async () => {
    const { bus, engine, on } = setup();
    bus.publish(topics.ordersApproved, approval(0, 10));
    await engine.settled();
    const fill = on(topics.tradesExecuted)[0] as OrderFilled;
    await engine.onVenueEvent({ ...fill, id: 'again' as EventId });
    await engine.settled();
    expect(on(topics.tradesExecuted)).toHaveLength(1);
    expect(engine.fillCount).toBe(1);
  });

  it('denies an approval older than the configured age instead of sending it', async () => {
    const { bus, clock, venue, engine, on } = setup({ maxAge: 500 });
    clock.advanceTo(10_000);
    bus.publish(topics.ordersApproved, approval(1_000));
    await engine.settled();
    expect(venue.submitted).toBe(0);
    const events = on(topics.orderEvents) as OrderEvent[];
    expect(events.map((event) => event.type)).toEqual(['OrderInitialized', 'OrderDenied']);
    expect(engine.allOrders()[0]?.statusReason).toMatch(/EXECUTION_APPROVAL_STALE/);
  });

  it('keeps what an earlier run stored for an approval redelivered late: no denial over its order', async () => {
    let journal: PublishingJournal | undefined;
    const shared = (bus: InProcessMessageBus) => {
      journal ??= new PublishingJournal(bus);
      return journal;
    };
    const first = setup({ journal: shared, maxAge: 500 });
    const approved = approval(1_000);
    first.bus.publish(topics.ordersApproved, approved);
    await first.engine.settled();
    expect(first.engine.allOrders().map((order) => order.status)).toEqual(['FILLED']);
    // The next run gets the approval again (its acknowledgement was lost) long after it was made.
    const next = new ExecutionEngine({
      bus: first.bus,
      clock: first.clock,
      ids: new IdGenerator(new SeededRandom(2)),
      client: first.venue,
      journal: journal as PublishingJournal,
      maxApprovalAgeMilliseconds: 500,
    });
    first.clock.advanceTo(10_000);
    await next.place(approved);
    await next.settled();
    expect(next.allOrders()).toEqual([]);
    const types = first.on(topics.orderEvents).map((event) => event.type);
    expect(types).not.toContain('OrderDenied');
  });
});
