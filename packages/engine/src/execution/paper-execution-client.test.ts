// The paper venue's own duties over the fill engine: modify and cancel, reconciliation answers, and
// putting orders and records back after a restart without a single event. The fill rules are tested
// once, in fill-engine.test.ts.
import { IdGenerator, Money, Price, Quantity, SeededRandom, TestClock } from '@ats/core';
import { describe, expect, it } from 'vitest';
import { CashAccount } from './cash-account.js';
import { day, hour, makeOrder, makeQuote, testSessionCloseOf } from './fill-engine-harness.js';
import { PaperExecutionClient } from './paper-execution-client.js';

function venue(clock = new TestClock(0)) {
  const client = new PaperExecutionClient({
    clock,
    ids: new IdGenerator(new SeededRandom(3)),
    commission: { kind: 'per-share', perShare: Money.of('0.01'), minimum: Money.of('1') },
    startingCash: Money.of('10000'),
  });
  const events: { type: string; reason?: string }[] = [];
  client.onEvent((event) => events.push(event as { type: string }));
  return { client, events, types: () => events.map((event) => event.type) };
}

describe('PaperExecutionClient', () => {
  it('cancels a working order once; a second cancel does nothing', () => {
    const { client, types } = venue();
    const working = makeOrder({ side: 'BUY', quantity: 100, limit: '1' });
    client.submitOrder(working);
    client.cancelOrder(working);
    client.cancelOrder(working);
    expect(types()).toEqual(['OrderAccepted', 'OrderCanceled']);
  });

  it('modifies a working limit, fills it when the new limit is marketable, refuses a quantity not above the fill', async () => {
    const { client, types, events } = venue();
    client.onQuote(makeQuote(0, '9.99', '10.01', '10.00'));
    const working = makeOrder({ side: 'BUY', quantity: 100, limit: '9.50' });
    client.submitOrder(working);
    client.replaceOrder(working, { quantity: Quantity.zero });
    client.replaceOrder(working, { limitPrice: Price.of('10.05') });
    expect(types()).toEqual(['OrderAccepted', 'OrderModifyRejected', 'OrderUpdated', 'OrderFilled']);
    expect(events[1]?.reason).toBe('the new quantity is not above the filled quantity');
    expect((await client.orderReport(working.id))?.status).toBe('filled');
  });

  it('answers reconciliation: open orders, executions, positions and cash', async () => {
    const { client } = venue();
    client.onQuote(makeQuote(0, '9.99', '10.01', '10.00'));
    client.submitOrder(makeOrder({ side: 'BUY', quantity: 100 }));
    const resting = makeOrder({ side: 'SELL', quantity: 40, limit: '12' });
    client.submitOrder(resting);
    expect((await client.openOrders()).map((report) => report.orderId)).toEqual([resting.id]);
    // Ids carry the venue's per-run instance, so a restarted venue never reuses one.
    expect((await client.executionsSince(0)).map((execution) => execution.executionId)).toEqual([
      expect.stringMatching(/^PAPER-[0-9a-f]{8}-E1$/),
    ]);
    expect(await client.positions()).toEqual([{ symbol: 'ORCL', netQuantity: 100, averageCost: null }]);
    // 10,000 − 100 × 10.01 − 1.00 commission.
    expect((await client.account()).cash.toString()).toBe('8998.0000');
  });

  it('restores its book and a partly filled working order after a restart without emitting anything', async () => {
    const first = venue();
    first.client.onQuote(makeQuote(0, '9.99', '10.01', '10.00', 30));
    const order = makeOrder({ side: 'BUY', quantity: 100, limit: '10.01', timeInForce: 'GTC' });
    first.client.submitOrder(order);
    // The journal's copy of the order has applied its submission and the venue's events.
    order.apply({
      type: 'OrderSubmitted',
      id: 'submitted' as never,
      occurredAt: 0,
      receivedAt: 0,
      causationId: null,
      orderId: order.id,
    });
    for (const event of first.events) order.apply(event as never);
    const executions = await first.client.executionsSince(0);
    const open = await first.client.openOrders();

    const second = venue();
    second.client.book.restore(executions, open);
    second.client.restoreWorkingOrder(order, open[0]?.venueOrderId as string);
    expect(second.types()).toEqual([]);
    second.client.onQuote(makeQuote(1, '9.99', '10.01', '10.00', 1_000));
    // Only the leaves, 100 − 30, fill; the minimum fee is not charged twice; ids continue.
    const fills = (await second.client.executionsSince(0)).map((e) => [
      e.executionId,
      e.quantity.value,
      e.commission.toString(),
    ]);
    expect(fills).toEqual([
      [expect.stringMatching(/^PAPER-[0-9a-f]{8}-E1$/), 30, '1.0000'],
      [expect.stringMatching(/^PAPER-[0-9a-f]{8}-E2$/), 70, '0.7000'],
    ]);
    expect((await second.client.orderReport(order.id))?.status).toBe('filled');
    const another = makeOrder({ side: 'BUY', quantity: 1 });
    second.client.submitOrder(another);
    expect((await second.client.orderReport(another.id))?.venueOrderId).toMatch(/^PAPER-[0-9a-f]{8}-2$/);
  });

  it('rebuilds its cash account with its book: buying power after a restart counts the stored fills', async () => {
    const make = () =>
      new PaperExecutionClient({
        clock: new TestClock(0),
        ids: new IdGenerator(new SeededRandom(3)),
        commission: { kind: 'fixed', perOrder: Money.zero },
        startingCash: Money.of('10000'),
        account: new CashAccount({ startingCash: Money.of('10000') }),
      });
    const first = make();
    first.onQuote(makeQuote(0, '99.99', '100.00', '100.00'));
    first.submitOrder(makeOrder({ side: 'BUY', quantity: 60 }));
    const restarted = make();
    restarted.book.restore(await first.executionsSince(0), []);
    expect((await restarted.account()).buyingPower.toString()).toBe('4000.0000');
    const events: string[] = [];
    restarted.onEvent((event) => events.push(event.type));
    restarted.onQuote(makeQuote(1, '99.99', '100.00', '100.00'));
    restarted.submitOrder(makeOrder({ side: 'BUY', quantity: 41 }));
    restarted.submitOrder(makeOrder({ side: 'SELL', quantity: 60 }));
    expect(events).toEqual(['OrderRejected', 'OrderAccepted', 'OrderFilled']);
  });

  it('expires a restored DAY order of a session that closed while the venue was down, at the next quote', () => {
    const clock = new TestClock(day + 9 * hour);
    const client = new PaperExecutionClient({
      clock,
      ids: new IdGenerator(new SeededRandom(3)),
      commission: { kind: 'fixed', perOrder: Money.zero },
      sessionCloseOf: testSessionCloseOf,
    });
    const events: string[] = [];
    client.onEvent((event) => events.push(event.type));
    // Placed yesterday at 10:00 (that session closed at 16:00); the venue restarts today.
    const yesterday = makeOrder({ side: 'BUY', quantity: 10, limit: '1', createdAt: 10 * hour });
    const standing = makeOrder({
      side: 'BUY',
      quantity: 10,
      limit: '1',
      timeInForce: 'GTC',
      createdAt: 10 * hour,
    });
    client.restoreWorkingOrder(yesterday, 'PAPER-1');
    client.restoreWorkingOrder(standing, 'PAPER-2');
    expect(events).toEqual([]);
    client.onQuote(makeQuote(day + 9 * hour, '9.99', '10.01', '10.00'));
    expect(events).toEqual(['OrderExpired']);
  });
});
