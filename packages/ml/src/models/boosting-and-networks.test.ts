// XGBoost (WASM), the MLP and the LSTM (tfjs WASM) train, predict, reproduce by seed and round-trip; ensembles combine them.
import { describe, expect, it } from 'vitest';
import { separableData } from '../testing/synthetic-bars.js';
import { accuracy } from '../training/metrics.js';
import { AveragingEnsemble, StackingEnsembleTrainer } from './ensembles.js';
import { XgboostTrainer } from './gradient-boosting.js';
import { LogisticRegressionTrainer } from './linear-models.js';
import { loadModel } from './model-catalogue.js';
import { NeuralNetworkTrainer } from './neural-network.js';
import { RandomForestTrainer } from './random-forest.js';

const train = separableData(800, 6, 11);
const test = separableData(300, 6, 12);
// The networks train on fewer rows: enough to learn the signal, small enough for a fast test.
const small = separableData(400, 6, 13);

describe('XGBoost through its WASM build', () => {
  it('trains, predicts held-out rows above chance, and predicts the same after reload', async () => {
    const model = await new XgboostTrainer({ rounds: 30, maximumDepth: 3 }).fit(train, { seed: 3 });
    const probabilities = model.predictSync(test.features);
    expect(accuracy(probabilities, test.labels)).toBeGreaterThan(0.85);
    const loaded = await loadModel(await model.toArtifact());
    expect(Array.from(await loaded.predict(test.features))).toEqual(Array.from(probabilities));
    model.dispose();
    loaded.dispose();
  });

  it('gives identical predictions for the same seed', async () => {
    const trainer = new XgboostTrainer({ rounds: 10, subsample: 0.7 });
    const first = await trainer.fit(train, { seed: 4 });
    const second = await trainer.fit(train, { seed: 4 });
    expect(Array.from(second.predictSync(test.features))).toEqual(
      Array.from(first.predictSync(test.features)),
    );
    first.dispose();
    second.dispose();
  });
});

describe('neural networks on TensorFlow.js (WASM backend)', () => {
  it('the LSTM trains, predicts one probability per row, reproduces by seed and round-trips', async () => {
    const trainer = new NeuralNetworkTrainer('lstm', {
      units: 6,
      steps: 5,
      epochs: 4,
      batchSize: 50,
      learningRate: 0.03,
    });
    const model = await trainer.fit(small, { seed: 1 });
    expect(model.contextRows).toBe(5);
    const probabilities = model.predictSync(test.features);
    expect(probabilities).toHaveLength(test.features.rows);
    expect(probabilities.every((value) => value > 0 && value < 1)).toBe(true);
    // The signal is in each row itself, which the last LSTM step sees.
    expect(accuracy(probabilities, test.labels)).toBeGreaterThan(0.7);
    const again = await trainer.fit(small, { seed: 1 });
    expect(Array.from(again.predictSync(test.features))).toEqual(Array.from(probabilities));
    const loaded = await loadModel(await model.toArtifact());
    expect(Array.from(await loaded.predict(test.features))).toEqual(Array.from(probabilities));
    for (const each of [model, again, loaded]) each.dispose();
  });

  it('the LSTM prediction for a row reads no later row', async () => {
    const model = await new NeuralNetworkTrainer('lstm', { units: 4, steps: 4, epochs: 1 }).fit(small, {
      seed: 2,
    });
    const full = model.predictSync(test.features);
    const columns = test.features.columns;
    const prefix = model.predictSync({
      data: test.features.data.subarray(0, 50 * columns),
      rows: 50,
      columns,
    });
    expect(Array.from(prefix)).toEqual(Array.from(full.subarray(0, 50)));
    model.dispose();
  });

  it('the MLP learns the signal', async () => {
    const model = await new NeuralNetworkTrainer('mlp', {
      units: 16,
      epochs: 15,
      batchSize: 50,
      learningRate: 0.01,
    }).fit(small, { seed: 5 });
    expect(accuracy(model.predictSync(test.features), test.labels)).toBeGreaterThan(0.85);
    model.dispose();
  });
});

describe('ensembles', () => {
  it('averaging weights members and round-trips; stacking learns from out-of-fold predictions', async () => {
    const forest = await new RandomForestTrainer({ trees: 10 }).fit(train, { seed: 1 });
    const logistic = await new LogisticRegressionTrainer().fit(train);
    const average = new AveragingEnsemble([forest, logistic], [3, 1]);
    const expected = forest
      .predictSync(test.features)
      .map((value, row) => 0.75 * value + 0.25 * (logistic.predictSync(test.features)[row] as number));
    const predicted = average.predictSync?.(test.features) ?? new Float64Array();
    for (const [row, value] of predicted.entries()) expect(value).toBeCloseTo(expected[row] as number, 12);
    const loaded = await loadModel(await average.toArtifact());
    expect(Array.from(await loaded.predict(test.features))).toEqual(Array.from(predicted));

    const stacking = await new StackingEnsembleTrainer(
      [new RandomForestTrainer({ trees: 10 }), new LogisticRegressionTrainer()],
      3,
    ).fit(train, { seed: 2 });
    expect(accuracy(stacking.predictSync?.(test.features) ?? [], test.labels)).toBeGreaterThan(0.85);
    const reloaded = await loadModel(await stacking.toArtifact());
    expect(Array.from(await reloaded.predict(test.features))).toEqual(
      Array.from(await stacking.predict(test.features)),
    );
  });
});
