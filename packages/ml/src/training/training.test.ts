// Cross-validation scores out-of-sample rows only; the worker-thread search equals in-process runs and is reproducible; metrics match hand values.
import { describe, expect, it } from 'vitest';
import { FeaturePipeline } from '../features/feature-pipeline.js';
import { dailyFeatureSet } from '../features/feature-spec.js';
import { trainerFor } from '../models/model-catalogue.js';
import { syntheticBars } from '../testing/synthetic-bars.js';
import { crossValidate } from './cross-validate.js';
import { purgedKFoldSplits, walkForwardSplits } from './cross-validation.js';
import { buildDataset } from './dataset.js';
import { searchHyperparameters } from './hyperparameter-search.js';
import { areaUnderCurve, informationCoefficient, logLoss } from './metrics.js';

const dataset = buildDataset(new FeaturePipeline(dailyFeatureSet('UTC')), syntheticBars(600, 3), {
  horizon: 5,
});

describe('metrics', () => {
  it('match values worked by hand', () => {
    // Positives score 0.8, 0.4; negatives 0.5, 0.1: pairs (pos > neg) = 3 of 4.
    expect(areaUnderCurve([0.8, 0.4, 0.5, 0.1], [1, 1, 0, 0])).toBe(0.75);
    expect(logLoss([0.5, 0.5], [1, 0])).toBeCloseTo(Math.log(2), 12);
    expect(informationCoefficient([1, 2, 3, 4], [10, 20, 30, 40])).toBeCloseTo(1, 12);
    expect(informationCoefficient([1, 2, 3, 4], [4, 3, 2, 1])).toBeCloseTo(-1, 12);
  });
});

describe('buildDataset', () => {
  it('drops warm-up rows and rows whose label is not known yet', () => {
    expect(dataset.barIndex[0]).toBeGreaterThan(40);
    expect(dataset.barIndex[dataset.barIndex.length - 1]).toBe(600 - 1 - 5);
    expect(dataset.features.data.every(Number.isFinite)).toBe(true);
  });
});

describe('crossValidate and the hyperparameter search', () => {
  it('walk-forward validation predicts every test row once, out of sample', async () => {
    const splits = walkForwardSplits({
      rows: dataset.features.rows,
      trainRows: 0,
      testRows: 100,
      minimumTrainRows: 200,
      horizon: 5,
    });
    const result = await crossValidate(trainerFor('logistic-regression'), dataset, splits, 1);
    expect(result.folds).toHaveLength(splits.length);
    expect(new Set(result.rows).size).toBe(result.rows.length);
    expect(result.rows[0]).toBe(205);
    // A random walk has no signal to find: an honest validation scores near chance.
    expect(result.metrics.accuracy).toBeGreaterThan(0.35);
    expect(result.metrics.accuracy).toBeLessThan(0.65);
  });

  it('runs candidates on worker threads with results identical to an in-process run, and again for the same seed', async () => {
    const splits = purgedKFoldSplits({ rows: dataset.features.rows, folds: 3, horizon: 5, embargo: 5 });
    const grid = { trees: [5, 10], maximumDepth: [3] };
    const outcomes = await searchHyperparameters({
      kind: 'random-forest',
      grid,
      dataset,
      splits,
      seed: 7,
      workers: 2,
    });
    expect(outcomes).toHaveLength(2);
    const again = await searchHyperparameters({
      kind: 'random-forest',
      grid,
      dataset,
      splits,
      seed: 7,
      workers: 2,
    });
    expect(again).toEqual(outcomes);
    for (const outcome of outcomes) {
      const local = await crossValidate(trainerFor('random-forest', outcome.parameters), dataset, splits, 7);
      expect(outcome.metrics).toEqual(local.metrics);
    }
    expect((outcomes[0]?.metrics.logLoss ?? 0) <= (outcomes[1]?.metrics.logLoss ?? 0)).toBe(true);
  });

  it('reports a bad candidate from its worker with the parameter named', async () => {
    const splits = purgedKFoldSplits({ rows: dataset.features.rows, folds: 2, horizon: 5, embargo: 0 });
    await expect(
      searchHyperparameters({
        kind: 'random-forest',
        grid: { trees: [0] },
        dataset,
        splits,
        seed: 1,
        workers: 1,
      }),
    ).rejects.toThrow(/random-forest.trees: 0 must be a whole number/);
  });
});
