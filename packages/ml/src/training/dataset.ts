// A supervised dataset built from bars: the pipeline's feature rows joined with forward labels, warm-up and unknown labels dropped.
import type { FeatureMatrix, FeaturePipeline } from '../features/feature-pipeline.js';
import type { FeatureBar } from '../features/feature-spec.js';
import { forwardLabels } from '../features/labels.js';

export interface Dataset {
  readonly features: FeatureMatrix;
  /** Class labels (0/1) or regression targets, one per row. */
  readonly labels: Float64Array;
  /** The forward log return each row's label came from (for the information coefficient and backtests). */
  readonly forwardReturns: Float64Array;
  /** The bar index of each row in the source bars, ascending. */
  readonly barIndex: Int32Array;
  /** The bar time of each row. */
  readonly times: Float64Array;
  /** Bars each label looks ahead: row i's label is known only at bar barIndex[i] + horizon. */
  readonly horizon: number;
}

export interface DatasetOptions {
  readonly horizon: number;
  /** Label 1 when the forward log return exceeds this (default 0). */
  readonly threshold?: number;
}

export function buildDataset(
  pipeline: FeaturePipeline,
  bars: readonly FeatureBar[],
  options: DatasetOptions,
): Dataset {
  const matrix = pipeline.transform(bars);
  const labels = forwardLabels(bars, options.horizon, options.threshold ?? 0);
  const keep: number[] = [];
  for (let index = 0; index < bars.length; index++) {
    if (Number.isNaN(labels.up[index] as number)) continue;
    if (Number.isNaN(matrix.data[index * matrix.columns] as number)) continue;
    keep.push(index);
  }
  const columns = matrix.columns;
  const data = new Float64Array(keep.length * columns);
  keep.forEach((barIndex, row) => {
    data.set(matrix.data.subarray(barIndex * columns, (barIndex + 1) * columns), row * columns);
  });
  return {
    features: { data, rows: keep.length, columns },
    labels: Float64Array.from(keep, (index) => labels.up[index] as number),
    forwardReturns: Float64Array.from(keep, (index) => labels.forwardReturn[index] as number),
    barIndex: Int32Array.from(keep),
    times: Float64Array.from(keep, (index) => (bars[index] as FeatureBar).time),
    horizon: options.horizon,
  };
}

/** The rows at the given positions, as a new dataset (for cross-validation folds). */
export function subsetOf(dataset: Dataset, rows: ArrayLike<number>): Dataset {
  const columns = dataset.features.columns;
  const data = new Float64Array(rows.length * columns);
  const pick = <T extends Float64Array | Int32Array>(source: T, make: (length: number) => T): T => {
    const out = make(rows.length);
    for (let index = 0; index < rows.length; index++) out[index] = source[rows[index] as number] as number;
    return out;
  };
  for (let index = 0; index < rows.length; index++) {
    const row = rows[index] as number;
    data.set(dataset.features.data.subarray(row * columns, (row + 1) * columns), index * columns);
  }
  return {
    features: { data, rows: rows.length, columns },
    labels: pick(dataset.labels, (length) => new Float64Array(length)),
    forwardReturns: pick(dataset.forwardReturns, (length) => new Float64Array(length)),
    barIndex: pick(dataset.barIndex, (length) => new Int32Array(length)),
    times: pick(dataset.times, (length) => new Float64Array(length)),
    horizon: dataset.horizon,
  };
}
