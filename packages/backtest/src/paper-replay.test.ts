// One fill engine: a paper session's recorded quotes, replayed through a quote-driven backtest, give
// exactly the session's fills (time, side, quantity, price, commission).
import {
  type AccountId,
  defineEquity,
  IdGenerator,
  Money,
  type OrderFilled,
  type Quote,
  SeededRandom,
  TestClock,
  type Ticker,
  topics,
  toStrategyId,
} from '@ats/core';
import {
  CashAccount,
  InProcessMessageBus,
  PaperExecutionClient,
  type RiskLimits,
  TradingKernel,
} from '@ats/engine';
import { SmaCrossStrategy } from '@ats/strategies';
import { describe, expect, it } from 'vitest';
import { nyseSessionCloseOf } from './backtest-runner.js';
import { runQuoteBacktest } from './quote-backtest.js';

const symbol = 'AAPL' as Ticker;
const limits: RiskLimits = {
  maxPositionSize: 1,
  maxSectorExposure: 1,
  dailyLossLimit: Money.of('1000000'),
  positionFraction: 0.5,
  allowShort: false,
};
const commission = { kind: 'per-share' as const, perShare: Money.of('0.005'), minimum: Money.of('1') };
const strategies = () => [new SmaCrossStrategy(toStrategyId('sma'), [symbol], { fast: 3, slow: 8 })];

/** Two NYSE sessions of a seeded random walk, a quote every 20 s, small displayed sizes. */
function rawSession(): { time: number; bid: string; ask: string; last: string; size: number }[] {
  const random = new SeededRandom(11);
  const quotes = [];
  let price = 150;
  for (const open of [Date.UTC(2024, 2, 4, 14, 30), Date.UTC(2024, 2, 5, 14, 30)]) {
    for (let time = open; time < open + 390 * 60_000; time += 20_000) {
      price = Math.max(1, price + (random.next() - 0.5) * 0.4);
      quotes.push({
        time,
        bid: (price - 0.01).toFixed(2),
        ask: (price + 0.01).toFixed(2),
        last: price.toFixed(2),
        size: 100 + Math.floor(random.next() * 300),
      });
    }
  }
  return quotes;
}

/** The paper session: the live kernel with the paper venue; what the recorder stores of it. */
function paperSession(): { quotes: Quote[]; fills: OrderFilled[] } {
  const clock = new TestClock(Date.UTC(2024, 2, 4, 14, 0));
  const ids = new IdGenerator(new SeededRandom(5));
  const bus = new InProcessMessageBus();
  const venue = new PaperExecutionClient({
    clock,
    ids,
    commission,
    sessionCloseOf: nyseSessionCloseOf(),
    startingCash: Money.of('100000'),
    account: new CashAccount({ startingCash: Money.of('100000') }),
  });
  const kernel = new TradingKernel({
    bus,
    clock,
    ids,
    accountId: 'paper' as AccountId,
    startingCash: Money.of('100000'),
    instruments: [defineEquity({ symbol })],
    limits,
    strategies: strategies(),
    executionClient: venue,
  });
  const quotes: Quote[] = [];
  const fills: OrderFilled[] = [];
  bus.subscribe(topics.marketData(symbol), (event) => {
    if (event.type === 'QuoteReceived') quotes.push(event.quote);
  });
  bus.subscribe(topics.tradesExecuted, (event) => {
    if (event.type === 'OrderFilled') fills.push(event);
  });
  kernel.start();
  for (const quote of rawSession()) {
    clock.advanceTo(quote.time + 1); // received a millisecond after the venue stamped it
    kernel.data.ingest({
      symbol,
      time: quote.time,
      bid: quote.bid,
      ask: quote.ask,
      bidSize: quote.size,
      askSize: quote.size,
      last: quote.last,
      volume: 100,
    });
  }
  return { quotes, fills };
}

const row = (fill: OrderFilled) => [
  new Date(fill.occurredAt).toISOString(),
  fill.side,
  fill.lastQuantity.value,
  fill.lastPrice.toString(),
  fill.commission.toString(),
];

describe('a paper session replayed through the backtester', () => {
  it('gives exactly the same fills from the recorded quotes', () => {
    const paper = paperSession();
    const replay = runQuoteBacktest({
      quotes: paper.quotes,
      strategies,
      startingCash: Money.of('100000'),
      rules: { marketFill: 'next-open', slippage: { kind: 'none' }, commission },
      limits,
      sessionCloseOf: nyseSessionCloseOf(),
      receiveDelayMilliseconds: 1,
      account: { kind: 'cash' },
    });
    // The session trades, with partial fills against the displayed size.
    expect(paper.fills.length).toBeGreaterThan(10);
    expect(new Set(paper.fills.map((fill) => fill.lastQuantity.value)).size).toBeGreaterThan(2);
    expect(replay.fills.map(row)).toEqual(paper.fills.map(row));
  });
});
