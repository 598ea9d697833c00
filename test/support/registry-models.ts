// Small models for the live-node tests: trained here on a seeded random walk of minute bars (walk-
// forward validated, as `ats models train` does) and registered in a database's model registry.
import { readFileSync } from 'node:fs';
import { SeededRandom } from '@ats/core';
import { type FeatureBar, type FeatureSpec, trainModelVersion } from '@ats/ml';
import { type Database, SqlModelRegistryStore } from '@ats/persistence';

// Few, fast features: what the node computes from its 1-minute bars, as in training.
export const minuteFeatures: FeatureSpec[] = [
  { kind: 'return', period: 1 },
  { kind: 'lagged-return', lag: 1 },
  { kind: 'rolling-volatility', window: 5 },
];

/** A seeded random walk of 1-minute bars (the model only has to load and answer, not to be good). */
export function minuteBars(count: number, seed: number): FeatureBar[] {
  const random = new SeededRandom(seed);
  const bars: FeatureBar[] = [];
  let close = 150;
  for (let index = 0; index < count; index++) {
    const open = close;
    close = open * Math.exp(0.002 * random.nextGaussian());
    bars.push({
      time: Date.UTC(2026, 0, 5, 14, 30) + index * 60_000,
      open,
      high: Math.max(open, close) * 1.0005,
      low: Math.min(open, close) * 0.9995,
      close,
      volume: 10_000,
    });
  }
  return bars;
}

/**
 * Trains a logistic model on `seed`'s walk and registers it as the next version of `name`; `metrics`
 * replaces the measured ones (to claim a backtested band the live model cannot keep).
 */
export async function registerMinuteModel(
  database: Database,
  name: string,
  seed: number,
  metrics?: Record<string, number>,
) {
  const store = new SqlModelRegistryStore(database, () => Date.now());
  const trained = await trainModelVersion({
    bars: minuteBars(600, seed),
    features: minuteFeatures,
    horizon: 1,
    kind: 'logistic-regression',
    parameters: {},
    seed,
    folds: 3,
  });
  return store.register({
    name,
    kind: trained.artifact.kind,
    task: trained.artifact.task,
    features: minuteFeatures,
    parameters: {},
    horizonBars: 1,
    symbols: ['AAPL'],
    trainingFrom: trained.trainingFrom,
    trainingTo: trained.trainingTo,
    metrics: metrics ?? trained.metrics,
    columns: trained.artifact.columns,
    contextRows: trained.artifact.contextRows,
    artifact: trained.artifact.payload,
  });
}

// The ONNX fixture's graph reads four columns: p = sigmoid(0.75·x1 − 1.25·x2 + 0.5·x3 + 2·x4 − 0.125).
export const onnxFeatures: FeatureSpec[] = [
  { kind: 'return', period: 1 },
  { kind: 'lagged-return', lag: 1 },
  { kind: 'lagged-return', lag: 2 },
  { kind: 'z-score', window: 5 },
];

/** Registers the hand-written ONNX fixture (packages/ml/fixtures/logistic-4.onnx) as a model version. */
export async function registerOnnxModel(database: Database, name: string) {
  const bytes = new Uint8Array(
    readFileSync(new URL('../../packages/ml/fixtures/logistic-4.onnx', import.meta.url)),
  );
  return new SqlModelRegistryStore(database, () => Date.now()).register({
    name,
    kind: 'onnx',
    task: 'classification',
    features: onnxFeatures,
    parameters: {},
    horizonBars: 1,
    symbols: ['JPM'],
    trainingFrom: 0,
    trainingTo: 0,
    metrics: {},
    columns: 4,
    contextRows: 1,
    artifact: bytes,
  });
}
