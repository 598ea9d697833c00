// Column means and standard deviations from training data, applied identically at prediction time.
import type { FeatureMatrix } from '../features/feature-pipeline.js';

export interface Standardizer {
  readonly means: number[];
  readonly scales: number[];
}

export function fitStandardizer(features: FeatureMatrix): Standardizer {
  const { rows, columns, data } = features;
  const means = new Float64Array(columns);
  const scales = new Float64Array(columns);
  for (let row = 0; row < rows; row++) {
    for (let column = 0; column < columns; column++)
      means[column] = (means[column] as number) + (data[row * columns + column] as number);
  }
  for (let column = 0; column < columns; column++) means[column] = (means[column] as number) / rows;
  for (let row = 0; row < rows; row++) {
    for (let column = 0; column < columns; column++) {
      const difference = (data[row * columns + column] as number) - (means[column] as number);
      scales[column] = (scales[column] as number) + difference * difference;
    }
  }
  // A constant column scales by 1, so it standardizes to 0 instead of dividing by zero.
  for (let column = 0; column < columns; column++) {
    const deviation = Math.sqrt((scales[column] as number) / Math.max(1, rows));
    scales[column] = deviation > 1e-12 ? deviation : 1;
  }
  return { means: Array.from(means), scales: Array.from(scales) };
}

export function standardize(standardizer: Standardizer, features: FeatureMatrix): Float64Array {
  const { rows, columns, data } = features;
  const out = new Float64Array(rows * columns);
  for (let row = 0; row < rows; row++) {
    for (let column = 0; column < columns; column++) {
      const at = row * columns + column;
      out[at] =
        ((data[at] as number) - (standardizer.means[column] as number)) /
        (standardizer.scales[column] as number);
    }
  }
  return out;
}
