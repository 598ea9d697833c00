// Random forest and the linear baselines learn a known signal, are reproducible by seed, and round-trip through artifacts.
import { describe, expect, it } from 'vitest';
import { separableData } from '../testing/synthetic-bars.js';
import { accuracy } from '../training/metrics.js';
import { LinearRegressionTrainer, LogisticRegressionTrainer } from './linear-models.js';
import { loadModel } from './model-catalogue.js';
import { RandomForestTrainer } from './random-forest.js';

const train = separableData(2000, 8, 1);
const test = separableData(500, 8, 2);

describe('RandomForest', () => {
  it('classifies held-out rows of a learnable signal well above chance', async () => {
    const model = await new RandomForestTrainer({ trees: 30 }).fit(train, { seed: 5 });
    expect(accuracy(model.predictSync(test.features), test.labels)).toBeGreaterThan(0.85);
  });

  it('gives an identical forest for the same seed and a different one for another seed', async () => {
    const trainer = new RandomForestTrainer({ trees: 10 });
    const first = await (await trainer.fit(train, { seed: 9 })).toArtifact();
    const again = await (await trainer.fit(train, { seed: 9 })).toArtifact();
    const other = await (await trainer.fit(train, { seed: 10 })).toArtifact();
    expect(Buffer.from(again.payload).equals(Buffer.from(first.payload))).toBe(true);
    expect(Buffer.from(other.payload).equals(Buffer.from(first.payload))).toBe(false);
  });

  it('predicts the same after a round trip through its artifact', async () => {
    const model = await new RandomForestTrainer({ trees: 10 }).fit(train, { seed: 1 });
    const loaded = await loadModel(await model.toArtifact());
    expect(Array.from(await loaded.predict(test.features))).toEqual(
      Array.from(model.predictSync(test.features)),
    );
  });

  it('names a bad parameter and refuses non-finite features', async () => {
    expect(() => new RandomForestTrainer({ trees: 0 })).toThrow(
      /random-forest.trees: 0 must be a whole number/,
    );
    expect(() => new RandomForestTrainer({ leaves: 3 })).toThrow(/random-forest.leaves: unknown parameter/);
    const bad = {
      features: { data: Float64Array.of(1, Number.NaN), rows: 1, columns: 2 },
      labels: Float64Array.of(1),
    };
    await expect(new RandomForestTrainer().fit(bad, { seed: 1 })).rejects.toThrow(
      /feature row 0 column 1 is not finite/,
    );
  });
});

describe('linear baselines', () => {
  it('logistic regression learns the signal and round-trips', async () => {
    const model = await new LogisticRegressionTrainer().fit(train);
    const probabilities = model.predictSync(test.features);
    expect(accuracy(probabilities, test.labels)).toBeGreaterThan(0.9);
    const loaded = await loadModel(await model.toArtifact());
    expect(Array.from(await loaded.predict(test.features))).toEqual(Array.from(probabilities));
  });

  it('linear regression recovers known coefficients', async () => {
    const rows = 500;
    const data = new Float64Array(rows * 2);
    const labels = new Float64Array(rows);
    for (let row = 0; row < rows; row++) {
      data[row * 2] = Math.sin(row);
      data[row * 2 + 1] = Math.cos(row * 1.3);
      labels[row] = 3 + 2 * (data[row * 2] as number) - 0.5 * (data[row * 2 + 1] as number);
    }
    const model = await new LinearRegressionTrainer({ l2: 0 }).fit({
      features: { data, rows, columns: 2 },
      labels,
    });
    const predicted = model.predictSync({ data: Float64Array.of(0.5, -0.25), rows: 1, columns: 2 });
    expect(predicted[0]).toBeCloseTo(3 + 1 + 0.125, 9);
  });
});
