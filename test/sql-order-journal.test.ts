// The SQL journal on PGlite and PostgreSQL: an order stored once, a fill once per venue execution,
// events relayed from the outbox in order (and again after a crash), writes fenced by the lease, and
// an order whose write fails never reaching the venue.
import {
  type AccountId,
  type EventId,
  encodeEvent,
  IdGenerator,
  Money,
  type PlatformEvent,
  Price,
  type Quote,
  SeededRandom,
  type SignalApproved,
  TestClock,
  type Ticker,
  topics,
} from '@ats/core';
import { approvalOf, ExecutionEngine, InProcessMessageBus, PaperExecutionClient } from '@ats/engine';
import {
  type Database,
  OutboxRelay,
  openTestDatabase,
  SqlExecutionControlStore,
  SqlOrderJournal,
  type TestDatabase,
  testDatabaseKinds,
} from '@ats/persistence';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

const symbol = 'AAPL' as Ticker;
const account = 'paper' as AccountId;
let sequence = 0;

function approval(): SignalApproved {
  sequence++;
  return approvalOf({ key: String(sequence), accountId: account, symbol });
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

/** A database whose next transactions fail, as a full disk or a lost connection would. */
function failingNext(database: Database, count: { value: number }): Database {
  return new Proxy(database, {
    get(target, property, receiver) {
      if (property === 'transaction')
        return (work: Parameters<Database['transaction']>[0]) =>
          count.value-- > 0 ? Promise.reject(new Error('injected write failure')) : target.transaction(work);
      const value = Reflect.get(target, property, receiver);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

describe.each(testDatabaseKinds())('SQL order journal on %s', (kind) => {
  let test: TestDatabase;
  beforeEach(async () => {
    test = await openTestDatabase(kind);
  });
  afterEach(async () => {
    await test.dispose();
  });

  /** Outbox rows past their source's recorded relay position. */
  function unrelayedRows() {
    return test.database.query(
      `SELECT o.sequence FROM event_outbox o LEFT JOIN outbox_relay_positions p ON p.source = o.source
       WHERE o.sequence > COALESCE(p.relayed_through, 0)`,
    );
  }

  function pipeline(
    database: Database,
    fence?: () => { accountId: string; token: number } | null,
    closedOrdersKept?: number,
  ) {
    const bus = new InProcessMessageBus();
    const clock = new TestClock(1_000);
    const ids = new IdGenerator(new SeededRandom(3));
    const published: { topic: string; event: PlatformEvent }[] = [];
    bus.subscribe('*', (event, topic) => {
      published.push({ topic, event });
    });
    // The relay runs the journal's transactions: on `database`, which may be made to fail.
    const relay = new OutboxRelay({
      database,
      bus,
      source: 'trade-executor',
      onError: () => {},
    });
    const journal = new SqlOrderJournal({ relay, ...(fence ? { fence } : {}) });
    const venue = new PaperExecutionClient({
      clock,
      ids,
      commission: { kind: 'fixed', perOrder: Money.of('1') },
    });
    venue.onQuote(quote);
    const engine = new ExecutionEngine({
      bus,
      clock,
      ids,
      client: venue,
      journal,
      onError: () => {},
      ...(closedOrdersKept !== undefined ? { closedOrdersKept } : {}),
    });
    engine.start();
    return { bus, clock, venue, engine, journal, relay, published };
  }

  it('places nothing for an approval redelivered after its filled order left memory: the stored order stands', async () => {
    const { bus, engine, venue, relay } = pipeline(test.database, undefined, 0);
    let submitted = 0;
    const submit = venue.submitOrder.bind(venue);
    venue.submitOrder = (order) => {
      submitted++;
      return submit(order);
    };
    const approved = approval();
    bus.publish(topics.ordersApproved, approved);
    await engine.settled();
    expect(engine.allOrders()).toEqual([]);
    bus.publish(topics.ordersApproved, approved);
    await engine.settled();
    await relay.stop();
    expect(submitted).toBe(1);
    expect(engine.allOrders()).toEqual([]);
    const orders = await test.database.query('SELECT status, filled_quantity FROM orders');
    expect(orders).toEqual([{ status: 'FILLED', filled_quantity: 10 }]);
    expect(await test.database.query('SELECT id FROM trades')).toHaveLength(1);
  });

  it('stores the order before the venue sees it, the fill once, and relays the events in order', async () => {
    const { bus, engine, published, relay } = pipeline(test.database);
    const approved = approval();
    bus.publish(topics.ordersApproved, approved);
    bus.publish(topics.ordersApproved, approved);
    await engine.settled();
    await relay.stop();
    const orders = await test.database.query('SELECT status, filled_quantity FROM orders');
    expect(orders).toEqual([{ status: 'FILLED', filled_quantity: 10 }]);
    const trades = await test.database.query('SELECT venue, execution_id FROM trades');
    expect(trades).toHaveLength(1);
    const orderEvents = published
      .filter((entry) => entry.topic === topics.orderEvents)
      .map((entry) => entry.event.type);
    expect(orderEvents).toEqual(['OrderInitialized', 'OrderSubmitted', 'OrderAccepted', 'OrderFilled']);
    expect(await unrelayedRows()).toEqual([]);
  });

  it("stores the venue's first acknowledgement of an order, which a later fill does not move", async () => {
    const { bus, clock, engine, venue, relay } = pipeline(test.database);
    const resting = { ...approval(), orderType: 'LIMIT' as const, limitPrice: Price.of('99') };
    bus.publish(topics.ordersApproved, resting);
    await engine.settled();
    const [accepted] = await test.database.query<{ status: string; acknowledged_at: Date }>(
      'SELECT status, acknowledged_at FROM orders',
    );
    expect(accepted?.status).toBe('ACCEPTED');
    expect(new Date(accepted?.acknowledged_at as Date).getTime()).toBe(1_000);
    clock.advanceTo(5_000);
    venue.onQuote({ ...quote, time: 5_000, bid: Price.of('98.98'), ask: Price.of('98.99') });
    await engine.settled();
    await relay.stop();
    const [filled] = await test.database.query<{ status: string; acknowledged_at: Date }>(
      'SELECT status, acknowledged_at FROM orders',
    );
    expect(filled?.status).toBe('FILLED');
    expect(new Date(filled?.acknowledged_at as Date).getTime()).toBe(1_000);
  });

  it('sends nothing when the order cannot be stored, and raises an alert', async () => {
    const failures = { value: 1 };
    const { bus, venue, engine, published } = pipeline(failingNext(test.database, failures));
    bus.publish(topics.ordersApproved, approval());
    await engine.settled();
    expect(await venue.openOrders()).toEqual([]);
    expect(await venue.executionsSince(0)).toEqual([]);
    expect(await test.database.query('SELECT id FROM orders')).toEqual([]);
    const alerts = published.filter((entry) => entry.topic === topics.riskAlerts);
    expect(alerts.map((entry) => (entry.event as { code: string }).code)).toEqual([
      'EXECUTION_JOURNAL_FAILED',
    ]);
  });

  it('refuses every write once another executor took the account lease over', async () => {
    const control = new SqlExecutionControlStore(test.database);
    const token = (await control.acquireLease(account, 'first', 60_000)) as number;
    const fence = { accountId: account as string, token };
    // Another holder takes over after expiry: the first holder's token is stale.
    await test.database.query("UPDATE executor_leases SET expires_at = NOW() - INTERVAL '1 second'");
    expect(await control.acquireLease(account, 'second', 60_000)).toBe(token + 1);
    const { bus, venue, engine } = pipeline(test.database, () => fence);
    bus.publish(topics.ordersApproved, approval());
    await engine.settled();
    expect(await venue.openOrders()).toEqual([]);
    expect(await venue.executionsSince(0)).toEqual([]);
    expect(await test.database.query('SELECT id FROM orders')).toEqual([]);
  });

  it('relays at start what a crash left in the outbox unrelayed', async () => {
    const event: PlatformEvent = {
      type: 'RiskAlertRaised',
      id: 'left-behind' as EventId,
      occurredAt: 0,
      receivedAt: 0,
      causationId: null,
      code: 'TEST',
      severity: 'info',
      message: 'written, then the process died',
    };
    await test.database.query(
      `INSERT INTO event_outbox (source, event_id, topics, payload) VALUES ('trade-executor', $1, $2, $3)`,
      [event.id, topics.riskAlerts, encodeEvent(event)],
    );
    const bus = new InProcessMessageBus();
    const received: string[] = [];
    bus.subscribe(topics.riskAlerts, (message) => {
      received.push(message.id);
    });
    const relay = new OutboxRelay({
      database: test.database,
      bus,
      source: 'trade-executor',
      onError: () => {},
    });
    expect(await relay.start()).toBe(1);
    await relay.stop();
    expect(received).toEqual(['left-behind']);
    expect(await unrelayedRows()).toEqual([]);
  });
});
