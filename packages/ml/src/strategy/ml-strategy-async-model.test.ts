// An asynchronous model (ONNX on onnxruntime-web) drives the ML strategy through the real strategy
// runtime: one prediction at a time per symbol, answers acted on in bar order even when they take
// uneven time, the same signals as the synchronous source model, a bounded queue, and nothing from
// a warm-up replay.
import { readFileSync } from 'node:fs';
import {
  type Bar,
  IdGenerator,
  type PlatformEvent,
  Price,
  SeededRandom,
  type SignalGenerated,
  TestClock,
  type Ticker,
  topics,
  toStrategyId,
} from '@ats/core';
import { InProcessMessageBus, StrategyRuntime } from '@ats/engine';
import { describe, expect, it } from 'vitest';
import type { FeatureMatrix } from '../features/feature-pipeline.js';
import type { FeatureSpec } from '../features/feature-spec.js';
import { LinearModel } from '../models/linear-models.js';
import type { Model } from '../models/model.js';
import { OnnxModel } from '../models/onnx-model.js';
import { MlStrategy } from './ml-strategy.js';

// The fixture encodes p = sigmoid(x · weights + bias) over 4 columns (see onnx-model.test.ts).
const fixture = new Uint8Array(readFileSync(new URL('../../fixtures/logistic-4.onnx', import.meta.url)));
const source = () =>
  new LinearModel('logistic-regression', {
    standardizer: { means: [0, 0, 0, 0], scales: [1, 1, 1, 1] },
    weights: [-0.125, 0.75, -1.25, 0.5, 2.0],
  });
// Four columns, as the graph reads.
const features: FeatureSpec[] = [
  { kind: 'return', period: 1 },
  { kind: 'lagged-return', lag: 1 },
  { kind: 'lagged-return', lag: 2 },
  { kind: 'z-score', window: 5 },
];
const symbols = ['AAA', 'BBB'] as Ticker[];

function bars(count: number, seed: number): Bar[] {
  const random = new SeededRandom(seed);
  const out: Bar[] = [];
  const closes = new Map<Ticker, number>(symbols.map((symbol) => [symbol, 100]));
  for (let index = 0; index < count; index++) {
    for (const symbol of symbols) {
      const open = closes.get(symbol) as number;
      const close = open * Math.exp(0.01 * random.nextGaussian());
      closes.set(symbol, close);
      const price = (value: number) => Price.of(value.toFixed(4));
      out.push({
        symbol,
        timeframe: '1m',
        time: Date.UTC(2026, 0, 5, 14, 30) + index * 60_000,
        open: price(open),
        high: price(Math.max(open, close) * 1.001),
        low: price(Math.min(open, close) * 0.999),
        close: price(close),
        volume: 1_000,
      });
    }
  }
  return out;
}

/** Wraps the ONNX model: uneven delays before each answer, and a record of overlap and order. */
class WatchedModel implements Model {
  readonly kind = 'onnx';
  readonly task = 'classification' as const;
  readonly columns = 4;
  readonly contextRows = 1;
  running = 0;
  mostAtOnce = 0;
  answered: number[] = [];
  private readonly random = new SeededRandom(9);

  constructor(private readonly inner: OnnxModel) {}

  async predict(matrix: FeatureMatrix): Promise<Float64Array> {
    this.running++;
    this.mostAtOnce = Math.max(this.mostAtOnce, this.running);
    try {
      // 0-4 ms: a later call would overtake an earlier one if calls ran side by side.
      await new Promise((resolve) => setTimeout(resolve, Math.floor(this.random.next() * 5)));
      const values = await this.inner.predict(matrix);
      this.answered.push(values[matrix.rows - 1] as number);
      return values;
    } finally {
      this.running--;
    }
  }
  toArtifact() {
    return this.inner.toArtifact();
  }
  dispose() {
    this.inner.dispose();
  }
}

function harness(model: Model, maxPendingPredictions = 1_000) {
  const bus = new InProcessMessageBus();
  const runtime = new StrategyRuntime({
    bus,
    clock: new TestClock(0),
    ids: new IdGenerator(new SeededRandom(1)),
  });
  const strategy = new MlStrategy(toStrategyId('onnx-live'), symbols, {
    features,
    horizon: 1,
    model: { model, name: 'logistic-4', version: 1 },
    trainRows: 0,
    minimumTrainRows: 2,
    retrainEvery: 1,
    enterAbove: 0.5,
    exitBelow: 0.5,
    seed: 0,
    maxPendingPredictions,
  });
  const signals: SignalGenerated[] = [];
  bus.subscribe(topics.signals('onnx-live'), (event: PlatformEvent) => {
    if (event.type === 'SignalGenerated') signals.push(event);
  });
  runtime.add(strategy);
  return { runtime, strategy, signals };
}

const summary = (signals: readonly SignalGenerated[], symbol: Ticker) =>
  signals
    .filter((signal) => signal.symbol === symbol)
    .map((signal) => [signal.direction, signal.model?.probability] as const);

describe('the ML strategy with an asynchronous (ONNX) model', () => {
  it('runs one prediction at a time per symbol and acts in bar order: the same signals as the synchronous source', async () => {
    const watched = new WatchedModel(await OnnxModel.load(fixture, { task: 'classification', columns: 4 }));
    const live = harness(watched);
    const history = bars(150, 4);
    // All bars at once: the predictions queue behind each other (the worst case for ordering).
    for (const bar of history) live.runtime.onBar(bar);
    await live.strategy.idle();
    // Two symbols may run side by side, never two predictions of one symbol.
    expect(watched.mostAtOnce).toBeLessThanOrEqual(symbols.length);
    expect(live.strategy.skippedPredictions).toBe(0);

    const reference = harness(source());
    for (const bar of history) reference.runtime.onBar(bar);
    for (const symbol of symbols) {
      const expected = summary(reference.signals, symbol);
      const got = summary(live.signals, symbol);
      expect(expected.length).toBeGreaterThan(50);
      expect(got.map(([direction]) => direction)).toEqual(expected.map(([direction]) => direction));
      for (const [index, [, probability]] of got.entries())
        expect(Math.abs((probability as number) - (expected[index]?.[1] as number))).toBeLessThan(1e-6);
      expect(got.every(([, probability]) => (probability as number) > 0.5)).toBe(true);
    }
    watched.dispose();
  });

  it('never overlaps predictions of one symbol', async () => {
    const watched = new WatchedModel(await OnnxModel.load(fixture, { task: 'classification', columns: 4 }));
    const live = harness(watched);
    // One symbol's bars only.
    for (const bar of bars(80, 5).filter((bar) => bar.symbol === 'AAA')) live.runtime.onBar(bar);
    await live.strategy.idle();
    expect(watched.answered.length).toBeGreaterThan(70);
    expect(watched.mostAtOnce).toBe(1);
    watched.dispose();
  });

  it('skips a bar when the symbol already has the maximum waiting, and counts it', async () => {
    const watched = new WatchedModel(await OnnxModel.load(fixture, { task: 'classification', columns: 4 }));
    const live = harness(watched, 2);
    const history = bars(40, 6).filter((bar) => bar.symbol === 'AAA');
    for (const bar of history) live.runtime.onBar(bar);
    await live.strategy.idle();
    // Delivered in one go: two queue, the rest of the ready bars are skipped.
    expect(watched.answered).toHaveLength(2);
    expect(live.strategy.skippedPredictions).toBeGreaterThan(25);
    watched.dispose();
  });

  it('asks nothing during a warm-up replay, so no signal comes late from history', async () => {
    const watched = new WatchedModel(await OnnxModel.load(fixture, { task: 'classification', columns: 4 }));
    const live = harness(watched);
    live.runtime.warmUp(bars(60, 7));
    await live.strategy.idle();
    expect(watched.answered).toHaveLength(0);
    expect(live.signals).toHaveLength(0);
    watched.dispose();
  });

  it('drops answers that arrive after the strategy stopped', async () => {
    const watched = new WatchedModel(await OnnxModel.load(fixture, { task: 'classification', columns: 4 }));
    const live = harness(watched);
    for (const bar of bars(60, 8)) live.runtime.onBar(bar);
    await live.runtime.stop();
    await live.strategy.idle();
    expect(live.signals).toHaveLength(0);
    watched.dispose();
  });
});
