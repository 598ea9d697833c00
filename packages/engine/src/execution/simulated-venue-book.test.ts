// The simulated venue's book with and without closed orders: a backtest's venue lets an order go when
// it closes and lists no executions, while cash and positions still follow every fill.
import { describe, expect, it } from 'vitest';
import { harness, harnessSymbol } from './fill-engine-harness.js';

const day = 86_400_000;

function filledBuy(keepsClosedOrders: boolean) {
  const venue = harness({ keepsClosedOrders, startingCash: harness().money('10000') });
  venue.bar(0, ['10', '11', '9', '10.5']);
  const order = venue.submit({ side: 'BUY', quantity: 100 });
  const workingKnown = venue.engine.book.knows(order.id);
  venue.bar(day, ['10.8', '11', '10', '10.2']);
  return { venue, order, workingKnown };
}

describe('SimulatedVenueBook', () => {
  it('keeps a filled order and its execution by default (reconciliation and a restarted paper venue read them)', () => {
    const { venue, order } = filledBuy(true);
    expect(venue.engine.book.report(order.id)?.status).toBe('filled');
    expect(venue.engine.book.executionsSince(0)).toHaveLength(1);
  });

  it('without closed orders, knows a working order, lets it go once filled and lists no execution', () => {
    const { venue, order, workingKnown } = filledBuy(false);
    expect(workingKnown).toBe(true);
    expect(venue.engine.book.knows(order.id)).toBe(false);
    expect(venue.engine.book.report(order.id)).toBeNull();
    expect(venue.engine.book.executionsSince(0)).toEqual([]);
    expect(venue.fills()).toEqual([['BUY', 100, '10.8000', '1.0800']]);
  });

  it('without closed orders, cash and positions still follow every fill, as with them', () => {
    const kept = filledBuy(true).venue.engine.book;
    const dropped = filledBuy(false).venue.engine.book;
    expect(dropped.positions()).toEqual(kept.positions());
    expect(dropped.positions()).toEqual([{ symbol: harnessSymbol, netQuantity: 100, averageCost: null }]);
    expect(dropped.account().cash.toString()).toBe(kept.account().cash.toString());
    expect(dropped.account().cash.toString()).toBe('8918.9200');
  });

  it('without closed orders, a canceled order leaves the book and a refused one never enters it', () => {
    const venue = harness({ keepsClosedOrders: false });
    venue.bar(0, ['10', '11', '9', '10.5']);
    const resting = venue.submit({ side: 'BUY', quantity: 10, limit: '5', timeInForce: 'GTC' });
    expect(venue.engine.book.openOrders()).toHaveLength(1);
    venue.engine.cancel(resting);
    expect(venue.engine.book.knows(resting.id)).toBe(false);
    expect(venue.engine.book.openOrders()).toEqual([]);
    const orphan = venue.submit({ side: 'SELL', quantity: 10, limit: '11', parent: 'no-such-parent' });
    expect(venue.types(true)).toContain(`${orphan.id}:OrderRejected`);
    expect(venue.engine.book.knows(orphan.id)).toBe(false);
  });

  it('without closed orders, an OTO child sent after its parent filled is refused: the parent is unknown', () => {
    const { venue, order } = filledBuy(false);
    const child = venue.submit({ side: 'SELL', quantity: 100, limit: '12', parent: order.id });
    const rejection = venue.events.find((event) => event.orderId === child.id);
    expect(rejection?.type).toBe('OrderRejected');
    expect(rejection && 'reason' in rejection ? rejection.reason : '').toContain('unknown');
  });
});
