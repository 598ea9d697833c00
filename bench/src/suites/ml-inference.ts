// Machine learning: random forest training time (10,000 × 20, 100 trees), and live inference latency (feature row + prediction per bar).

import { SeededRandom } from '@ats/core';
import {
  dailyFeatureSet,
  type FeatureBar,
  FeaturePipeline,
  LivePredictor,
  type Model,
  NeuralNetworkTrainer,
  RandomForestTrainer,
  type SyncModel,
  trainerFor,
} from '@ats/ml';
import { type BenchmarkRow, type BenchmarkSuite, formatDuration, quantile } from '../benchmark-row.js';

function syntheticRows(rows: number, columns: number, seed: number) {
  const random = new SeededRandom(seed);
  const data = new Float64Array(rows * columns);
  const labels = new Float64Array(rows);
  for (let row = 0; row < rows; row++) {
    for (let column = 0; column < columns; column++) data[row * columns + column] = random.nextGaussian();
    const score =
      (data[row * columns] as number) - 0.5 * (data[row * columns + 1] as number) + random.nextGaussian();
    labels[row] = score > 0 ? 1 : 0;
  }
  return { features: { data, rows, columns }, labels };
}

function bars(count: number): FeatureBar[] {
  const random = new SeededRandom(3);
  const out: FeatureBar[] = [];
  let close = 100;
  for (let index = 0; index < count; index++) {
    const open = close;
    close = open * Math.exp(0.01 * random.nextGaussian());
    out.push({
      time: Date.UTC(2020, 0, 2, 21) + index * 86_400_000,
      open,
      high: Math.max(open, close) * 1.002,
      low: Math.min(open, close) * 0.998,
      close,
      volume: 1e6,
    });
  }
  return out;
}

function summary(samples: number[]): string {
  const sorted = [...samples].sort((a, b) => a - b);
  return `median ${formatDuration(quantile(sorted, 0.5))}, p99 ${formatDuration(quantile(sorted, 0.99))}, min ${formatDuration(sorted[0] as number)}, max ${formatDuration(sorted[sorted.length - 1] as number)}`;
}

/** Per bar: the live feature stream's update plus one prediction, as the ML strategy does it in onBar. */
async function inferenceLatency(
  name: string,
  model: SyncModel,
  pipeline: FeaturePipeline,
  history: FeatureBar[],
): Promise<BenchmarkRow> {
  const predictor = new LivePredictor(pipeline, model);
  const samples: number[] = [];
  for (const bar of history) {
    const started = performance.now();
    if (predictor.update(bar) !== null) samples.push(performance.now() - started);
  }
  return {
    component: `ml inference: ${name}`,
    metric: 'feature row + prediction per bar',
    target: 'p99 < 100 ms',
    measured: summary(samples.slice(50)),
    ratio:
      100 /
      quantile(
        [...samples.slice(50)].sort((a, b) => a - b),
        0.99,
      ),
  };
}

export const mlInferenceSuite: BenchmarkSuite = {
  name: 'ml-inference',
  async run() {
    const rows: BenchmarkRow[] = [];
    // Random forest training: 10,000 rows × 20 features, 100 trees, five seeded runs.
    const big = syntheticRows(10_000, 20, 1);
    const trainer = new RandomForestTrainer({ trees: 100 });
    const trainTimes: number[] = [];
    for (let run = 0; run < 5; run++) {
      const started = performance.now();
      await trainer.fit(big, { seed: run + 1 });
      trainTimes.push(performance.now() - started);
    }
    const sortedTimes = [...trainTimes].sort((a, b) => a - b);
    rows.push({
      component: 'ml: random forest training',
      metric: '10,000 rows × 20 features, 100 trees (5 runs)',
      target: '< 10 s',
      measured: `median ${(quantile(sortedTimes, 0.5) / 1000).toFixed(2)} s, min ${((sortedTimes[0] as number) / 1000).toFixed(2)} s, max ${((sortedTimes[4] as number) / 1000).toFixed(2)} s`,
      ratio: 10_000 / quantile(sortedTimes, 0.5),
    });
    const xgboostStarted = performance.now();
    const xgboost = await trainerFor('xgboost', { rounds: 100, maximumDepth: 5 }).fit(big, { seed: 1 });
    rows.push({
      component: 'ml: xgboost (WASM) training',
      metric: '10,000 × 20, 100 rounds, depth 5 (1 run)',
      target: '',
      measured: `${((performance.now() - xgboostStarted) / 1000).toFixed(2)} s`,
      ratio: Number.NaN,
    });

    // Live inference on daily bars with the daily feature set.
    const pipeline = new FeaturePipeline(dailyFeatureSet('UTC'));
    const history = bars(1_300);
    const trainingRows = syntheticRows(2_000, pipeline.columns, 2);
    const models: [string, Model][] = [
      ['logistic regression', await trainerFor('logistic-regression').fit(trainingRows, { seed: 1 })],
      [
        'random forest 100 trees',
        await new RandomForestTrainer({ trees: 100 }).fit(trainingRows, { seed: 1 }),
      ],
      ['xgboost 100 rounds', await trainerFor('xgboost', { rounds: 100 }).fit(trainingRows, { seed: 1 })],
      ['mlp 2×16', await new NeuralNetworkTrainer('mlp', { epochs: 2 }).fit(trainingRows, { seed: 1 })],
      [
        'lstm 16 units, 10 steps',
        await new NeuralNetworkTrainer('lstm', { epochs: 1 }).fit(trainingRows, { seed: 1 }),
      ],
    ];
    for (const [name, model] of models) {
      rows.push(await inferenceLatency(name, model as SyncModel, pipeline, history));
      model.dispose();
    }
    xgboost.dispose();
    return rows;
  },
};
