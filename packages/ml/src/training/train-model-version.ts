// Trains a model for the registry: walk-forward out-of-sample metrics first, then the final model on every labelled row.
import { FeaturePipeline } from '../features/feature-pipeline.js';
import type { FeatureBar, FeatureSpec } from '../features/feature-spec.js';
import type { ModelArtifact } from '../models/model.js';
import { trainerFor } from '../models/model-catalogue.js';
import { crossValidate } from './cross-validate.js';
import { walkForwardSplits } from './cross-validation.js';
import { buildDataset } from './dataset.js';

export interface ModelVersionRequest {
  readonly bars: readonly FeatureBar[];
  readonly features: readonly FeatureSpec[];
  readonly horizon: number;
  readonly kind: string;
  readonly parameters: Readonly<Record<string, number | string>>;
  readonly seed: number;
  /** Walk-forward test windows (out-of-sample folds) before the final fit. */
  readonly folds: number;
}

export interface TrainedModelVersion {
  readonly artifact: ModelArtifact;
  /** Out-of-sample metrics of the walk-forward validation, and the accuracy range of its folds (the drift band). */
  readonly metrics: Record<string, number>;
  readonly trainingFrom: number;
  readonly trainingTo: number;
  readonly rows: number;
}

export async function trainModelVersion(request: ModelVersionRequest): Promise<TrainedModelVersion> {
  const pipeline = new FeaturePipeline(request.features);
  const dataset = buildDataset(pipeline, request.bars, { horizon: request.horizon });
  const rows = dataset.features.rows;
  if (!Number.isInteger(request.folds) || request.folds < 2)
    throw new RangeError(`train.folds: ${request.folds} must be a whole number of at least 2`);
  // Half the rows train the first fold; the other half is cut into `folds` test windows.
  const testRows = Math.floor(rows / 2 / request.folds);
  if (testRows < 20)
    throw new RangeError(`train: ${rows} labelled rows are too few for ${request.folds} folds`);
  const splits = walkForwardSplits({
    rows,
    trainRows: 0,
    testRows,
    minimumTrainRows: rows - testRows * request.folds - request.horizon,
    horizon: request.horizon,
  });
  const trainer = trainerFor(request.kind, request.parameters);
  const validation = await crossValidate(trainer, dataset, splits, request.seed);
  const model = await trainer.fit(dataset, { seed: request.seed });
  try {
    const foldAccuracies = validation.folds.map((fold) => fold.accuracy);
    return {
      artifact: await model.toArtifact(),
      metrics: {
        accuracy: validation.metrics.accuracy,
        logLoss: validation.metrics.logLoss,
        auc: validation.metrics.auc,
        informationCoefficient: validation.metrics.informationCoefficient,
        outOfSampleRows: validation.metrics.rows,
        foldAccuracyLow: Math.min(...foldAccuracies),
        foldAccuracyHigh: Math.max(...foldAccuracies),
      },
      trainingFrom: dataset.times[0] as number,
      trainingTo: dataset.times[rows - 1] as number,
      rows,
    };
  } finally {
    model.dispose();
  }
}
