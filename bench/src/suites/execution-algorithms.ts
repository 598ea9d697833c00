// The execution algorithm scheduler: child decisions per second with 10,000 active TWAP and POV
// parents in one process, and the time a decision adds to a child's path (the schedule's decision plus
// the pre-trade risk check of RiskEngine.checkOrder), and the same with smart routing over two venues,
// median and p99, over five runs each.
import { defineEquity, IdGenerator, Money, Price, SeededRandom, TestClock, type Ticker } from '@ats/core';
import {
  AlgorithmScheduler,
  algorithmOf,
  InProcessMessageBus,
  ParentOrder,
  type ParentOrderSpec,
  Portfolio,
  RiskEngine,
  type ScheduledParent,
  SmartOrderRouter,
} from '@ats/engine';
import {
  type BenchmarkRow,
  type BenchmarkSuite,
  formatDuration,
  formatRate,
  quantile,
} from '../benchmark-row.js';

const symbols = Array.from({ length: 100 }, (_, index) => `S${String(index).padStart(3, '0')}` as Ticker);
const hour = 3_600_000;

function parentSpec(index: number): ParentOrderSpec {
  const pov = index % 4 === 0;
  const common = {
    startAt: 0,
    endAt: hour,
    limitPrice: null,
    lotSize: 1,
    minChildQuantity: 1,
    maxParticipation: null,
    seed: index,
  };
  return {
    id: `parent-${index}`,
    accountId: 'bench',
    strategyId: 'bench',
    symbol: symbols[index % symbols.length] as string,
    side: index % 2 === 0 ? 'BUY' : 'SELL',
    quantity: 100_000,
    parameters: pov
      ? { kind: 'POV', ...common, targetRate: 0.1, minRate: 0.05, maxRate: 0.2 }
      : { kind: 'TWAP', ...common, slices: 60, randomization: 0.5 },
    createdAt: 0,
    arrival: null,
  };
}

/** One run: 10,000 parents over ten minutes of market time, one-second steps with a print per symbol. */
function schedulerRun(parents: number): { decisions: number; seconds: number; children: number } {
  let children = 0;
  // Each child is booked and filled at once: the bench measures the scheduler, not a venue.
  const scheduler = new AlgorithmScheduler((entry: ScheduledParent, quantity: number) => {
    const parent = entry.parent;
    const orderId = `${parent.id}-${parent.nextSequence}`;
    parent.addChild(parent.nextSequence, orderId, quantity);
    parent.updateChild(orderId, quantity, true);
    children++;
  });
  for (let index = 0; index < parents; index++) {
    const spec = parentSpec(index);
    scheduler.add(new ParentOrder(spec), algorithmOf(spec.parameters, spec.quantity), 0);
  }
  const started = performance.now();
  for (let now = 1_000; now <= 600_000; now += 1_000) {
    for (const symbol of symbols) scheduler.onVolume(symbol, 500, now, now - 1_000);
    scheduler.advance(now);
  }
  return { decisions: scheduler.decisions, seconds: (performance.now() - started) / 1000, children };
}

/** Two simulated venues for the routed child path: one cheaper but showing only 30 shares. */
function twoVenueRouter(): SmartOrderRouter {
  const router = new SmartOrderRouter(
    [
      {
        name: 'LIT-A',
        commission: { kind: 'per-share', perShare: Money.of('0.001'), minimum: Money.of('0') },
        latencyMilliseconds: 2,
      },
      {
        name: 'DARK-B',
        commission: { kind: 'per-share', perShare: Money.of('0.003'), minimum: Money.of('0') },
        latencyMilliseconds: 1,
      },
    ],
    { latencyCostBasisPointsPerSecond: 0.5, maxQuoteAgeMilliseconds: Number.MAX_SAFE_INTEGER },
  );
  for (const symbol of symbols) {
    const quote = (bid: string, ask: string, size: number) => ({
      symbol,
      time: 0,
      receivedAt: 0,
      bid: Price.of(bid),
      ask: Price.of(ask),
      bidSize: size,
      askSize: size,
      last: Price.of(ask),
      volume: 0,
    });
    router.onVenueQuote('LIT-A', quote('99.98', '100.02', 100_000));
    router.onVenueQuote('DARK-B', quote('99.99', '100.01', 30));
  }
  return router;
}

/**
 * The time one due decision takes, from the wake-up through the child's risk check (no I/O); with a
 * router, the decision is routed over two venues (split past the better venue's 30 shares) and every
 * leg is risk-checked, as the AlgorithmEngine does.
 */
function childPathLatencies(samples: number, router: SmartOrderRouter | null = null): number[] {
  const clock = new TestClock(0);
  const bus = new InProcessMessageBus();
  const instruments = symbols.map((symbol) => defineEquity({ symbol }));
  const portfolio = new Portfolio('bench' as never, Money.of('1000000000'));
  for (const symbol of symbols) portfolio.updateMark(symbol, Price.of('100'), 0);
  const risk = new RiskEngine({
    bus,
    clock,
    ids: new IdGenerator(new SeededRandom(3)),
    portfolio,
    instruments,
    limits: {
      maxPositionSize: 1,
      maxSectorExposure: 1,
      dailyLossLimit: Money.of('1000000000'),
      positionFraction: 1,
      allowShort: true,
    },
    accountId: 'bench',
  });
  const latencies: number[] = [];
  let began = 0;
  const check = (spec: ParentOrderSpec, quantity: number) =>
    risk.checkOrder({
      origin: 'algorithm',
      strategyId: spec.strategyId,
      symbol: spec.symbol as Ticker,
      side: spec.side,
      quantity,
      orderType: 'MARKET',
      limitPrice: null,
      stopPrice: null,
      reduceOnly: false,
    });
  const scheduler = new AlgorithmScheduler((entry, quantity, now) => {
    const spec = entry.parent.spec;
    if (router)
      for (const leg of router.route({
        symbol: spec.symbol,
        side: spec.side,
        quantity,
        limitPrice: null,
        lotSize: 1,
        now,
      }))
        check(spec, leg.quantity);
    else check(spec, quantity);
    latencies.push(performance.now() - began);
    const orderId = `${entry.parent.id}-${entry.parent.nextSequence}`;
    entry.parent.addChild(entry.parent.nextSequence, orderId, quantity);
    entry.parent.updateChild(orderId, quantity, true);
  });
  const parents: ParentOrder[] = [];
  for (let index = 0; index < 10_000; index++) {
    const spec = { ...parentSpec(index * 4 + 1) };
    const parent = new ParentOrder(spec);
    parents.push(parent);
    scheduler.add(parent, algorithmOf(spec.parameters, spec.quantity), 0);
  }
  let now = 0;
  while (latencies.length < samples) {
    now += 1_000;
    for (const parent of parents) {
      if (latencies.length >= samples) break;
      began = performance.now();
      scheduler.evaluate(parent.id, now);
    }
  }
  return latencies;
}

export const executionAlgorithmsSuite: BenchmarkSuite = {
  name: 'execution-algorithms',
  async run(): Promise<readonly BenchmarkRow[]> {
    schedulerRun(2_000); // warm-up
    const rates: number[] = [];
    let children = 0;
    for (let run = 0; run < 5; run++) {
      const result = schedulerRun(10_000);
      rates.push(result.decisions / result.seconds);
      children = result.children;
    }
    rates.sort((a, b) => a - b);
    childPathLatencies(10_000); // warm-up
    const p50s: number[] = [];
    const p99s: number[] = [];
    for (let run = 0; run < 5; run++) {
      const latencies = childPathLatencies(50_000).sort((a, b) => a - b);
      p50s.push(quantile(latencies, 0.5));
      p99s.push(quantile(latencies, 0.99));
    }
    p50s.sort((a, b) => a - b);
    p99s.sort((a, b) => a - b);
    const router = twoVenueRouter();
    childPathLatencies(10_000, router); // warm-up
    const routedP50s: number[] = [];
    const routedP99s: number[] = [];
    for (let run = 0; run < 5; run++) {
      const latencies = childPathLatencies(50_000, router).sort((a, b) => a - b);
      routedP50s.push(quantile(latencies, 0.5));
      routedP99s.push(quantile(latencies, 0.99));
    }
    routedP50s.sort((a, b) => a - b);
    routedP99s.sort((a, b) => a - b);
    const routedP99 = quantile(routedP99s, 0.5);
    const medianRate = quantile(rates, 0.5);
    const medianP99 = quantile(p99s, 0.5);
    return [
      {
        component: 'Execution algorithms: scheduler',
        metric: `child decisions/s, 10,000 active parents (TWAP and POV), ${children} children a run`,
        target: '100,000/s',
        measured: `median ${formatRate(medianRate)} (min ${formatRate(rates[0] as number)}, max ${formatRate(rates[rates.length - 1] as number)}, 5 runs)`,
        ratio: medianRate / 100_000,
      },
      {
        component: 'Execution algorithms: child path',
        metric: 'added per child: decision + RiskEngine.checkOrder',
        target: '< 20 µs p99',
        measured: `median ${formatDuration(quantile(p50s, 0.5))}, p99 median ${formatDuration(medianP99)} (p99 min ${formatDuration(p99s[0] as number)}, max ${formatDuration(p99s[p99s.length - 1] as number)}, 5 runs)`,
        ratio: 0.02 / medianP99,
      },
      {
        component: 'Execution algorithms: routed child path',
        metric:
          'added per child: decision + smart routing over 2 venues (split) + RiskEngine.checkOrder per leg',
        target: '< 20 µs p99',
        measured: `median ${formatDuration(quantile(routedP50s, 0.5))}, p99 median ${formatDuration(routedP99)} (p99 min ${formatDuration(routedP99s[0] as number)}, max ${formatDuration(routedP99s[routedP99s.length - 1] as number)}, 5 runs)`,
        ratio: 0.02 / routedP99,
      },
    ];
  },
};
