// The backtest's order log: every order in creation order with its final state, and each venue
// rejection with the order's terms, while the executor keeps no closed order.
import {
  IdGenerator,
  Money,
  Price,
  type Quote,
  SeededRandom,
  type SignalApproved,
  TestClock,
  type Ticker,
  topics,
} from '@ats/core';
import {
  approvalOf,
  CashAccount,
  ExecutionEngine,
  InProcessMessageBus,
  PaperExecutionClient,
} from '@ats/engine';
import { describe, expect, it } from 'vitest';
import { BacktestOrderLog } from './backtest-order-log.js';

const symbol = 'AAPL' as Ticker;
const quote: Quote = {
  symbol,
  time: 1_000,
  receivedAt: 1_000,
  bid: Price.of('99.99'),
  ask: Price.of('100.01'),
  last: Price.of('100'),
  bidSize: 0,
  askSize: 0,
  volume: 0,
};

let sequence = 0;
function approval(side: 'BUY' | 'SELL', quantity: number, limit: string | null = null): SignalApproved {
  sequence++;
  return approvalOf({
    key: String(sequence),
    accountId: 'backtest',
    symbol,
    side,
    quantity,
    at: 1_000,
    timeInForce: 'GTC',
    ...(limit === null ? {} : { limitPrice: Price.of(limit) }),
  });
}

describe('backtest order log', () => {
  it('lists every order in creation order with its final state, and a venue rejection with its terms, while the executor keeps no closed order; settled, it keeps the state of the working order and lets go of the executor', async () => {
    const bus = new InProcessMessageBus();
    const clock = new TestClock(1_000);
    const ids = new IdGenerator(new SeededRandom(1));
    const venue = new PaperExecutionClient({
      clock,
      ids,
      commission: { kind: 'fixed', perOrder: Money.of('1') },
      account: new CashAccount({ startingCash: Money.of('10000') }),
    });
    venue.onQuote(quote);
    let log: BacktestOrderLog | undefined;
    const engine = new ExecutionEngine({
      bus,
      clock,
      ids,
      client: venue,
      closedOrdersKept: 0,
      onOrderReleased: (order) => log?.released(order),
    });
    log = new BacktestOrderLog(bus, engine);
    engine.start();
    bus.publish(topics.ordersApproved, approval('BUY', 10));
    // A cash account cannot sell short: the venue rejects this one.
    bus.publish(topics.ordersApproved, approval('SELL', 25));
    // Rests below the market, still working at the end.
    bus.publish(topics.ordersApproved, approval('BUY', 5, '50'));
    bus.publish(topics.ordersApproved, approval('SELL', 4));
    await engine.settled();

    // Only the working order is still in the executor's memory.
    expect(engine.allOrders().map((order) => order.status)).toEqual(['ACCEPTED']);
    expect(
      log.orderRows().map((row) => [row.side, row.type, row.quantity, row.filled, row.status, row.createdAt]),
    ).toEqual([
      ['BUY', 'MARKET', 10, 10, 'FILLED', '1970-01-01T00:00:01.000Z'],
      ['SELL', 'MARKET', 25, 0, 'REJECTED', '1970-01-01T00:00:01.000Z'],
      ['BUY', 'LIMIT', 5, 0, 'ACCEPTED', '1970-01-01T00:00:01.000Z'],
      ['SELL', 'MARKET', 4, 4, 'FILLED', '1970-01-01T00:00:01.000Z'],
    ]);
    expect(new Set(log.orderRows().map((row) => row.id)).size).toBe(4);
    // Settled (as the runner does before its executor lets go): the working order keeps the state it
    // had then, and the log no longer asks the executor, which it does not keep.
    log.settle();
    const working = engine.allOrders()[0];
    if (working) await engine.cancel(working.id);
    await engine.settled();
    expect(engine.allOrders()).toEqual([]);
    expect(log.orderRows()[2]?.status).toBe('ACCEPTED');
    expect((log as unknown as { orders: unknown }).orders).not.toBe(engine);
    expect(log.rejections()).toEqual([
      {
        time: '1970-01-01T00:00:01.000Z',
        symbol: 'AAPL',
        side: 'SELL',
        quantity: 25,
        reason: expect.stringMatching(/cannot sell short/),
      },
    ]);
  });
});
