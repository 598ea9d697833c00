// The pre-trade check chain: every check enabled (limits set so an order passes them all, the longest
// path), 50 instruments with 20 positions, a full correlation window and working orders resting. Times
// one order through the whole chain, repeated; reports the median and the 99th percentile.
import { performance } from 'node:perf_hooks';
import {
  type AccountId,
  defineEquity,
  type EventId,
  IdGenerator,
  Money,
  type OrderId,
  Price,
  Quantity,
  SeededRandom,
  type StrategyId,
  TestClock,
  type Ticker,
  type TradeId,
  topics,
} from '@ats/core';
import { InProcessMessageBus, type OrderToCheck, Portfolio, RiskEngine } from '@ats/engine';
import { type BenchmarkRow, type BenchmarkSuite, formatDuration, quantile } from '../benchmark-row.js';

const instrumentCount = 50;
const positionCount = 20;
const samples = 200_000;
const targetMicroseconds = 50;

function buildEngine() {
  const clock = new TestClock(Date.UTC(2026, 2, 2, 14, 30));
  const bus = new InProcessMessageBus();
  const ids = new IdGenerator(new SeededRandom(1));
  const portfolio = new Portfolio('bench' as AccountId, Money.of('10000000'));
  const symbols = Array.from({ length: instrumentCount }, (_, index) => `S${String(index).padStart(3, '0')}`);
  const instruments = symbols.map((symbol, index) => defineEquity({ symbol, sector: `Sector${index % 8}` }));
  const risk = new RiskEngine({
    bus,
    clock,
    ids,
    portfolio,
    instruments,
    accountId: 'bench',
    limits: {
      maxPositionSize: 0.5,
      maxSectorExposure: 1,
      dailyLossLimit: Money.of('1000000'),
      positionFraction: 0.1,
      allowShort: true,
      restrictedSymbols: ['S049'],
      checks: {
        maxPositionQuantity: 1_000_000,
        maxPositionNotional: 5_000_000,
        maxGrossExposure: 100_000_000,
        maxNetExposure: 100_000_000,
        maxLeverage: 10,
        maxConcentration: 0.9,
        concentrationFloor: 0.01,
        maxCorrelatedExposure: 10,
        maxDrawdown: 0.5,
        maxOrdersPerWindow: 1_000_000_000,
        maxMessagesPerWindow: 1_000_000_000,
        rateWindowMilliseconds: 60_000,
        maxOrderNotional: 1_000_000,
        priceCollar: 0.1,
      },
    },
  });
  risk.start();
  // A full correlation window: 61 bar times of 50 instruments.
  const random = new SeededRandom(9);
  const closes = symbols.map(() => 100);
  for (let row = 0; row < 61; row++) {
    const time = clock.now() - (61 - row) * 86_400_000;
    const market = random.next() - 0.5;
    for (let index = 0; index < instrumentCount; index++) {
      closes[index] = (closes[index] as number) * (1 + 0.01 * market + 0.01 * (random.next() - 0.5));
      const close = Price.of((closes[index] as number).toFixed(4));
      bus.publish(topics.bars(symbols[index] as string), {
        type: 'BarClosed',
        id: `bar-${row}-${index}` as EventId,
        occurredAt: time,
        receivedAt: time,
        causationId: null,
        bar: {
          symbol: symbols[index] as Ticker,
          timeframe: '1d',
          time,
          open: close,
          high: close,
          low: close,
          close,
          volume: 1,
        },
      });
    }
  }
  for (let index = 0; index < instrumentCount; index++)
    portfolio.updateMark(symbols[index] as Ticker, Price.of('100'), clock.now());
  for (let index = 0; index < positionCount; index++) {
    portfolio.applyFill({
      type: 'OrderFilled',
      id: `fill-${index}` as EventId,
      occurredAt: clock.now(),
      receivedAt: clock.now(),
      causationId: null,
      orderId: `order-${index}` as OrderId,
      tradeId: `trade-${index}` as TradeId,
      accountId: 'bench' as AccountId,
      strategyId: 'bench' as StrategyId,
      symbol: symbols[index] as Ticker,
      side: index % 3 === 0 ? 'SELL' : 'BUY',
      lastQuantity: Quantity.of(1000),
      lastPrice: Price.of('100'),
      commission: Money.zero,
      venue: 'BENCH',
      executionId: `execution-${index}`,
      liquidityTaker: true,
    });
  }
  // Resting orders of the account that the orders checked do not cross (wash-trade check scans them).
  for (let index = 0; index < 10; index++) {
    bus.publish(topics.orderEvents, {
      type: 'OrderInitialized',
      id: `init-${index}` as EventId,
      occurredAt: clock.now(),
      receivedAt: clock.now(),
      causationId: null,
      orderId: `resting-${index}` as OrderId,
      accountId: 'bench' as AccountId,
      strategyId: 'bench' as StrategyId,
      symbol: symbols[30 + index] as Ticker,
      side: 'SELL',
      orderType: 'LIMIT',
      quantity: Quantity.of(10),
      limitPrice: Price.of('109'),
      stopPrice: null,
      timeInForce: 'DAY',
      signalId: null,
      riskAssessmentId: null,
      expiresAt: null,
    });
  }
  return { risk, clock, symbols };
}

export const riskChecksSuite: BenchmarkSuite = {
  name: 'risk-checks',
  async run(): Promise<readonly BenchmarkRow[]> {
    const { risk, clock, symbols } = buildEngine();
    // Limit orders in symbols 20..39 (no position yet, some with resting sells): every check runs.
    const orders: OrderToCheck[] = Array.from({ length: 20 }, (_, index) => ({
      origin: 'algorithm',
      strategyId: 'bench',
      symbol: symbols[20 + index] as Ticker,
      side: 'BUY',
      quantity: 100,
      orderType: 'LIMIT',
      limitPrice: Price.of('101'),
      stopPrice: null,
      reduceOnly: false,
    }));
    const times = new Float64Array(samples);
    let refused = 0;
    for (let warm = 0; warm < 20_000; warm++) risk.checkOrder(orders[warm % orders.length] as OrderToCheck);
    for (let index = 0; index < samples; index++) {
      clock.advanceTo(clock.now() + 1);
      const order = orders[index % orders.length] as OrderToCheck;
      const started = performance.now();
      const result = risk.checkOrder(order);
      times[index] = performance.now() - started;
      if (result !== null) refused++;
    }
    if (refused > 0) throw new Error(`the benchmark's orders must pass every check; ${refused} were refused`);
    times.sort();
    const median = quantile(times, 0.5);
    const p99 = quantile(times, 0.99);
    return [
      {
        component: 'Risk Manager',
        metric: `pre-trade check chain (${risk.checkNames.length} checks, ${instrumentCount} instruments)`,
        target: `p99 <= ${targetMicroseconds} µs`,
        measured: `median ${formatDuration(median)}, p99 ${formatDuration(p99)}`,
        ratio: targetMicroseconds / 1000 / p99,
      },
    ];
  },
};
