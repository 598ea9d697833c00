// Trains on each split's train rows, predicts its test rows, and scores the pooled out-of-sample predictions.
import type { ModelTrainer } from '../models/model.js';
import type { Split } from './cross-validation.js';
import { type Dataset, subsetOf } from './dataset.js';
import { type PredictionMetrics, predictionMetrics } from './metrics.js';

export interface ValidationResult {
  /** Metrics of all out-of-sample predictions together. */
  readonly metrics: PredictionMetrics;
  /** Metrics of each split's test rows. */
  readonly folds: readonly PredictionMetrics[];
  /** Out-of-sample predictions with the dataset row each belongs to. */
  readonly predictions: Float64Array;
  readonly rows: Int32Array;
}

export async function crossValidate(
  trainer: ModelTrainer,
  dataset: Dataset,
  splits: readonly Split[],
  seed: number,
): Promise<ValidationResult> {
  if (splits.length === 0)
    throw new RangeError('crossValidate: no splits (too few rows for the windows asked for?)');
  const folds: PredictionMetrics[] = [];
  const predictions: number[] = [];
  const rows: number[] = [];
  for (const split of splits) {
    const train = subsetOf(dataset, split.train);
    const test = subsetOf(dataset, split.test);
    const model = await trainer.fit(train, { seed });
    try {
      const predicted = await model.predict(test.features);
      folds.push(predictionMetrics(predicted, test.labels, test.forwardReturns));
      predictions.push(...predicted);
      rows.push(...split.test);
    } finally {
      model.dispose();
    }
  }
  const pooledRows = Int32Array.from(rows);
  return {
    metrics: predictionMetrics(
      predictions,
      Array.from(pooledRows, (row) => dataset.labels[row] as number),
      Array.from(pooledRows, (row) => dataset.forwardReturns[row] as number),
    ),
    folds,
    predictions: Float64Array.from(predictions),
    rows: pooledRows,
  };
}
