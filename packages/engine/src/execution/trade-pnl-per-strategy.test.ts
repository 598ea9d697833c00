// trades.pnl is stored under the trade's strategy, so it is realized against that strategy's own
// position: two strategies trading one symbol at different costs each realize their own PnL.
import {
  IdGenerator,
  Money,
  type Order,
  type OrderFilled,
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

function approval(strategy: string, side: 'BUY' | 'SELL', at: number): SignalApproved {
  sequence++;
  return approvalOf({ key: String(sequence), accountId: 'paper', strategyId: strategy, symbol, side, at });
}

function quoteAt(price: string, time: number): Quote {
  return {
    symbol,
    time,
    receivedAt: time,
    bid: Price.of(price),
    ask: Price.of(price),
    last: Price.of(price),
    bidSize: 0,
    askSize: 0,
    volume: 0,
  };
}

describe('trades.pnl per strategy', () => {
  it('realizes a sale against the selling strategy’s cost, not the account’s average cost', async () => {
    const bus = new InProcessMessageBus();
    const clock = new TestClock(1_000);
    const ids = new IdGenerator(new SeededRandom(1));
    const venue = new PaperExecutionClient({
      clock,
      ids,
      commission: { kind: 'fixed', perOrder: Money.zero },
    });
    const stored: { strategy: string; side: string; pnl: string | null }[] = [];
    const inner = new PublishingJournal(bus);
    const journal: OrderJournal = {
      createOrder: (order, events) => inner.createOrder(order, events),
      updateOrder: (order, event) => inner.updateOrder(order, event),
      recordFill: (order: Order, fill: OrderFilled, pnl) => {
        stored.push({ strategy: fill.strategyId, side: fill.side, pnl: pnl?.toString() ?? null });
        return inner.recordFill(order, fill);
      },
    };
    const engine = new ExecutionEngine({
      bus,
      clock,
      ids,
      client: venue,
      journal,
      delay: () => Promise.resolve(),
    });
    engine.start();
    // A buys 10 at 100, B buys 10 at 110, A sells 10 at 120: A realized 200 (the account's average
    // cost of 105 would have said 150), then B sells 10 at 100: B realized -100.
    const steps: [string, 'BUY' | 'SELL', string][] = [
      ['alpha', 'BUY', '100'],
      ['beta', 'BUY', '110'],
      ['alpha', 'SELL', '120'],
      ['beta', 'SELL', '100'],
    ];
    for (const [strategy, side, price] of steps) {
      clock.advanceBy(1_000);
      venue.onQuote(quoteAt(price, clock.now()));
      bus.publish(topics.ordersApproved, approval(strategy, side, clock.now()));
      await engine.settled();
    }
    expect(stored).toEqual([
      { strategy: 'alpha', side: 'BUY', pnl: null },
      { strategy: 'beta', side: 'BUY', pnl: null },
      { strategy: 'alpha', side: 'SELL', pnl: '200.0000' },
      { strategy: 'beta', side: 'SELL', pnl: '-100.0000' },
    ]);
  });
});
