// ONNX models in the live path: latency from a bar's delivery to the strategy runtime until the ML
// strategy has acted on the asynchronous model's answer (features, queue, onnxruntime-web, signal),
// and the bare ONNX call; per-bar medians and p99 over several runs, with their spread.
import { readFileSync } from 'node:fs';
import { IdGenerator, Price, SeededRandom, TestClock, type Ticker, toStrategyId } from '@ats/core';
import { InProcessMessageBus, StrategyRuntime } from '@ats/engine';
import { type FeatureSpec, MlStrategy, OnnxModel } from '@ats/ml';
import { type BenchmarkRow, type BenchmarkSuite, formatDuration, quantile } from '../benchmark-row.js';
import { loadText } from '../run-statistics.js';

const fixture = new URL('../../../packages/ml/fixtures/logistic-4.onnx', import.meta.url);
const features: FeatureSpec[] = [
  { kind: 'return', period: 1 },
  { kind: 'lagged-return', lag: 1 },
  { kind: 'lagged-return', lag: 2 },
  { kind: 'z-score', window: 5 },
];
const symbol = 'AAA' as Ticker;
const barsPerRun = 1_000;
const runs = 5;

interface RunFigures {
  readonly median: number;
  readonly p99: number;
}

function sorted(values: readonly number[]): number[] {
  return [...values].sort((a, b) => a - b);
}

/** One run: each bar delivered, then awaited until its answer was acted on (bars never pile up). */
async function strategyRun(model: OnnxModel, seed: number): Promise<RunFigures> {
  const runtime = new StrategyRuntime({
    bus: new InProcessMessageBus(),
    clock: new TestClock(0),
    ids: new IdGenerator(new SeededRandom(seed)),
  });
  const strategy = new MlStrategy(toStrategyId('onnx-bench'), [symbol], {
    features,
    horizon: 1,
    model: { model, name: 'logistic-4', version: 1 },
    trainRows: 0,
    minimumTrainRows: 2,
    retrainEvery: 1,
    enterAbove: 0.5,
    exitBelow: 0.5,
    seed: 0,
  });
  runtime.add(strategy);
  const random = new SeededRandom(seed);
  let close = 100;
  const samples: number[] = [];
  for (let index = 0; index < barsPerRun; index++) {
    const open = close;
    close = open * Math.exp(0.001 * random.nextGaussian());
    const bar = {
      symbol,
      timeframe: '1m' as const,
      time: Date.UTC(2026, 0, 5, 14, 30) + index * 60_000,
      open: Price.of(open.toFixed(4)),
      high: Price.of((Math.max(open, close) * 1.0005).toFixed(4)),
      low: Price.of((Math.min(open, close) * 0.9995).toFixed(4)),
      close: Price.of(close.toFixed(4)),
      volume: 1_000,
    };
    const started = performance.now();
    runtime.onBar(bar);
    await strategy.idle();
    // The first bars only warm the features up.
    if (index >= 10) samples.push(performance.now() - started);
  }
  await runtime.stop();
  const ordered = sorted(samples);
  return { median: quantile(ordered, 0.5), p99: quantile(ordered, 0.99) };
}

async function bareRun(model: OnnxModel, seed: number): Promise<RunFigures> {
  const random = new SeededRandom(seed);
  const samples: number[] = [];
  for (let index = 0; index < barsPerRun; index++) {
    const data = Float64Array.from({ length: 4 }, () => random.nextGaussian());
    const started = performance.now();
    await model.predict({ data, rows: 1, columns: 4 });
    samples.push(performance.now() - started);
  }
  const ordered = sorted(samples);
  return { median: quantile(ordered, 0.5), p99: quantile(ordered, 0.99) };
}

function row(component: string, metric: string, figures: readonly RunFigures[]): BenchmarkRow {
  const medians = sorted(figures.map((figure) => figure.median));
  const p99s = sorted(figures.map((figure) => figure.p99));
  const middle = quantile(p99s, 0.5);
  return {
    component,
    metric,
    target: 'p99 < 100 ms',
    measured: `median ${formatDuration(quantile(medians, 0.5))}, p99 ${formatDuration(middle)} (p99 over ${figures.length} runs of ${barsPerRun} bars: ${formatDuration(p99s[0] as number)}..${formatDuration(p99s[p99s.length - 1] as number)}; ${loadText()})`,
    ratio: 100 / middle,
  };
}

export const mlOnnxInferenceSuite: BenchmarkSuite = {
  name: 'ml-onnx-inference',
  async run() {
    const model = await OnnxModel.load(new Uint8Array(readFileSync(fixture)), {
      task: 'classification',
      columns: 4,
    });
    // One untimed run warms the WASM runtime and the JIT.
    await strategyRun(model, 100);
    const live: RunFigures[] = [];
    const bare: RunFigures[] = [];
    for (let run = 0; run < runs; run++) {
      live.push(await strategyRun(model, run + 1));
      bare.push(await bareRun(model, run + 1));
    }
    model.dispose();
    return [
      row('ml inference: onnx (async)', 'bar delivered to answer acted on, per bar', live),
      row('ml inference: onnx (async)', 'onnxruntime-web call alone, one row', bare),
    ];
  },
};
