// Measures the one-process pipeline: quotes/s through the kernel and each stage's latency, tick to fill.
import { performance } from 'node:perf_hooks';
import {
  type AccountId,
  type Bar,
  defineEquity,
  IdGenerator,
  Money,
  type RawQuote,
  SeededRandom,
  TestClock,
  type Ticker,
  toStrategyId,
} from '@ats/core';
import {
  type EngineMetrics,
  InProcessMessageBus,
  PaperExecutionClient,
  type PipelineStage,
  Strategy,
  type StrategyContext,
  TradingKernel,
} from '@ats/engine';
import {
  type BenchmarkRow,
  type BenchmarkSuite,
  formatDuration,
  formatRate,
  quantile,
} from '../benchmark-row.js';

/** Trades on every bar (long, then flat) so each bar close runs the whole order path. */
class EveryBarStrategy extends Strategy {
  override onBar(bar: Bar, context: StrategyContext): void {
    context.signal(bar.symbol, context.position(bar.symbol) > 0 ? 'FLAT' : 'LONG');
  }
}

/** Keeps every latency sample per stage. */
class SampleMetrics implements EngineMetrics {
  readonly samples = new Map<PipelineStage, number[]>();
  count(): void {}
  observeLatency(stage: PipelineStage, milliseconds: number): void {
    let list = this.samples.get(stage);
    if (!list) {
      list = [];
      this.samples.set(stage, list);
    }
    list.push(milliseconds);
  }
}

const symbols = ['AAPL', 'MSFT', 'JPM', 'XOM', 'JNJ'];
const start = Date.UTC(2024, 0, 2, 14, 30);

function buildKernel(metrics: EngineMetrics, withStrategy: boolean) {
  const clock = new TestClock(start);
  const ids = new IdGenerator(new SeededRandom(11));
  const bus = new InProcessMessageBus();
  const kernel = new TradingKernel({
    bus,
    clock,
    ids,
    accountId: 'bench' as AccountId,
    startingCash: Money.of('10000000'),
    instruments: symbols.map((symbol) => defineEquity({ symbol })),
    limits: {
      maxPositionSize: 0.1,
      maxSectorExposure: 1,
      dailyLossLimit: Money.of('1000000'),
      positionFraction: 0.01,
      allowShort: false,
    },
    strategies: withStrategy ? [new EveryBarStrategy(toStrategyId('every-bar'), symbols as Ticker[])] : [],
    executionClient: new PaperExecutionClient({
      clock,
      ids,
      commission: { kind: 'per-share', perShare: Money.of('0.005'), minimum: Money.of('1') },
    }),
    metrics,
    timer: performance,
  });
  kernel.start();
  return { kernel, clock };
}

/** Pre-generates quotes: each symbol quotes every second; a new minute closes a bar per symbol. */
function quotes(count: number): RawQuote[] {
  const random = new SeededRandom(5);
  const list: RawQuote[] = [];
  const prices = symbols.map(() => 100);
  for (let index = 0; index < count; index++) {
    const symbolIndex = index % symbols.length;
    const price = (prices[symbolIndex] as number) * (1 + (random.next() - 0.5) * 0.001);
    prices[symbolIndex] = price;
    list.push({
      symbol: symbols[symbolIndex] as string,
      time: start + Math.floor(index / symbols.length) * 1000,
      bid: (price - 0.01).toFixed(2),
      ask: (price + 0.01).toFixed(2),
      bidSize: 500,
      askSize: 500,
      last: price.toFixed(2),
      volume: 100,
    });
  }
  return list;
}

export const pipelineSuite: BenchmarkSuite = {
  name: 'pipeline',
  async run(): Promise<BenchmarkRow[]> {
    const rows: BenchmarkRow[] = [];
    const input = quotes(300_000);

    // Throughput: the whole flow with a strategy that trades every bar; best of three fresh runs, since
    // a single run on a shared machine is noisy.
    let elapsed = Number.POSITIVE_INFINITY;
    let fills = 0;
    for (let attempt = 0; attempt < 3; attempt++) {
      const { kernel, clock } = buildKernel(new SampleMetrics(), true);
      const began = performance.now();
      for (const quote of input) {
        if (quote.time > clock.now()) clock.advanceTo(quote.time);
        kernel.data.ingest(quote);
      }
      const took = performance.now() - began;
      if (took < elapsed) {
        elapsed = took;
        fills = kernel.execution.fillCount;
      }
    }
    const rate = (input.length / elapsed) * 1000;
    rows.push({
      component: 'Market Data',
      metric: 'quotes/s through the one-process pipeline (with trading)',
      target: '10,000/s (peak 50,000)',
      measured: formatRate(rate),
      ratio: rate / 10_000,
    });
    const orderRate = (fills / elapsed) * 1000;
    rows.push({
      component: 'Order Processing',
      metric: `fills/s (${fills} orders in the run above)`,
      target: '100/s (peak 500)',
      measured: formatRate(orderRate),
      ratio: orderRate / 100,
    });

    // Tick to fill: the quote that closes a bar runs bar -> signal -> risk -> order -> fill -> portfolio
    // synchronously; time ingest() of exactly those quotes.
    const latencyMetrics = new SampleMetrics();
    const second = buildKernel(latencyMetrics, true);
    const tickToFill: number[] = [];
    for (const quote of input.slice(0, 150_000)) {
      if (quote.time > second.clock.now()) second.clock.advanceTo(quote.time);
      const fillsBefore = second.kernel.execution.fillCount;
      const t0 = performance.now();
      second.kernel.data.ingest(quote);
      const t1 = performance.now();
      if (second.kernel.execution.fillCount > fillsBefore) tickToFill.push(t1 - t0);
    }
    tickToFill.sort((a, b) => a - b);
    rows.push({
      component: 'Tick to fill',
      metric: `latency, quote -> bar -> signal -> risk -> order -> fill (${tickToFill.length} fills)`,
      target: '< 200 ms (order execution)',
      measured: `median ${formatDuration(quantile(tickToFill, 0.5))}, p99 ${formatDuration(quantile(tickToFill, 0.99))}`,
      ratio: 200 / quantile(tickToFill, 0.99),
    });
    const targets: [PipelineStage, string, string, number][] = [
      ['ingestion', 'Market Data Ingestion', '< 10 ms', 10],
      ['signal', 'Signal Generation', '< 100 ms', 100],
      ['risk', 'Risk Assessment', '< 50 ms', 50],
      ['execution', 'Order Execution', '< 200 ms', 200],
      ['portfolio', 'Portfolio Updates', '< 500 ms', 500],
    ];
    for (const [stage, component, target, limit] of targets) {
      const samples = (latencyMetrics.samples.get(stage) ?? []).sort((a, b) => a - b);
      rows.push({
        component,
        metric: `latency (${samples.length} samples)`,
        target,
        measured: `median ${formatDuration(quantile(samples, 0.5))}, p99 ${formatDuration(quantile(samples, 0.99))}`,
        ratio: limit / quantile(samples, 0.99),
      });
    }
    return rows;
  },
};
