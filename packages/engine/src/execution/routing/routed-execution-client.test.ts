// Several venues behind one client: an order goes to the venue it was routed to (or the default), its
// cancel follows it there, one routed before a restart is found by client order id, and reconciliation
// sees every venue's orders, executions, positions and cash together.
import { IdGenerator, Money, SeededRandom, TestClock } from '@ats/core';
import { describe, expect, it } from 'vitest';
import { makeOrder, makeQuote } from '../fill-engine-harness.js';
import { PaperExecutionClient } from '../paper-execution-client.js';
import { RoutedExecutionClient } from './routed-execution-client.js';

function venues() {
  const clock = new TestClock(0);
  const make = (venue: string, seed: number) =>
    new PaperExecutionClient({
      clock,
      ids: new IdGenerator(new SeededRandom(seed)),
      venue,
      commission: { kind: 'fixed', perOrder: Money.of('0') },
      startingCash: Money.of('10000'),
    });
  const a = make('LIT-A', 1);
  const b = make('DARK-B', 2);
  for (const venue of [a, b]) venue.onQuote(makeQuote(0, '9.99', '10.01', '10.00'));
  return { a, b };
}

describe('RoutedExecutionClient', () => {
  it('sends each order to its routed venue or the default, and its cancel to the same venue', async () => {
    const { a, b } = venues();
    const routed = new RoutedExecutionClient([a, b], 'LIT-A');
    const toB = makeOrder({ side: 'BUY', quantity: 10, limit: '9' });
    routed.assign(toB.id, 'DARK-B');
    await routed.submitOrder(toB);
    const unrouted = makeOrder({ side: 'BUY', quantity: 5, limit: '9' });
    await routed.submitOrder(unrouted);
    expect((await b.openOrders()).map((report) => report.orderId)).toEqual([toB.id]);
    expect((await a.openOrders()).map((report) => report.orderId)).toEqual([unrouted.id]);
    await routed.cancelOrder(toB);
    expect(await b.openOrders()).toEqual([]);
    expect((await a.openOrders()).map((report) => report.orderId)).toEqual([unrouted.id]);
    expect(() => routed.assign(toB.id, 'NOWHERE')).toThrow(/NOWHERE/);
  });

  it('finds an order routed before a restart by client order id, and sums positions and cash over the venues', async () => {
    const { a, b } = venues();
    const before = new RoutedExecutionClient([a, b], 'LIT-A');
    const resting = makeOrder({ side: 'BUY', quantity: 10, limit: '9' });
    before.assign(resting.id, 'DARK-B');
    await before.submitOrder(resting);
    await before.submitOrder(makeOrder({ side: 'BUY', quantity: 3 }));
    const market = makeOrder({ side: 'BUY', quantity: 4 });
    before.assign(market.id, 'DARK-B');
    await before.submitOrder(market);

    const after = new RoutedExecutionClient([a, b], 'LIT-A'); // no routes in memory
    expect((await after.orderReport(resting.id))?.status).toBe('open');
    await after.cancelOrder(resting);
    expect(await b.openOrders()).toEqual([]);
    expect(await after.positions()).toEqual([{ symbol: 'ORCL', netQuantity: 7, averageCost: null }]);
    expect((await after.executionsSince(0)).map((execution) => execution.quantity.value)).toEqual([3, 4]);
    // 2 × 10,000 − 7 × 10.01.
    expect((await after.account()).cash.toString()).toBe('19929.9300');
  });
});
