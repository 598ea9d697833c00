// The account's working orders per symbol: an order that closes leaves the others in the order they came.
import { describe, expect, it } from 'vitest';
import { type OwnWorkingOrder, WorkingOrderBook } from './working-order-book.js';

function order(orderId: string): OwnWorkingOrder {
  return { orderId, strategyId: 's', side: 'BUY', limit: null, active: true, quantity: 10, filled: 0 };
}

describe('WorkingOrderBook', () => {
  it('removes a canceled order from the middle and keeps the rest in arrival order', () => {
    const book = new WorkingOrderBook();
    for (const id of ['a', 'b', 'c', 'd']) book.add('AAPL', order(id));
    book.onEvent({ type: 'OrderCanceled', orderId: 'b' } as never);
    expect(book.idsOf('AAPL')).toEqual(['a', 'c', 'd']);
    book.onEvent({ type: 'OrderExpired', orderId: 'd' } as never);
    book.onEvent({ type: 'OrderRejected', orderId: 'a' } as never);
    expect(book.idsOf('AAPL')).toEqual(['c']);
    expect(book.size).toBe(1);
  });
});
