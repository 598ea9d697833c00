// Baselines: ridge linear regression (closed form) and L2 logistic regression (Newton's method), on standardized features.
import type { FeatureMatrix } from '../features/feature-pipeline.js';
import { solveLinearSystem } from './linear-algebra.js';
import {
  checkColumns,
  checkTrainingData,
  jsonPayload,
  type Model,
  type ModelArtifact,
  type ModelTask,
  type ModelTrainer,
  numberParameter,
  onlyKnownParameters,
  parseJsonPayload,
  type TrainingData,
} from './model.js';
import { fitStandardizer, type Standardizer, standardize } from './standardizer.js';

interface LinearState {
  readonly standardizer: Standardizer;
  /** Intercept first, then one weight per standardized column. */
  readonly weights: number[];
}

export function sigmoid(value: number): number {
  return value >= 0 ? 1 / (1 + Math.exp(-value)) : Math.exp(value) / (1 + Math.exp(value));
}

export class LinearModel implements Model {
  readonly contextRows = 1;
  readonly columns: number;

  constructor(
    readonly kind: 'linear-regression' | 'logistic-regression',
    readonly state: LinearState,
  ) {
    this.columns = state.weights.length - 1;
  }

  get task(): ModelTask {
    return this.kind === 'logistic-regression' ? 'classification' : 'regression';
  }

  predictSync(features: FeatureMatrix): Float64Array {
    checkColumns(this.kind, this.columns, features);
    const x = standardize(this.state.standardizer, features);
    const { weights } = this.state;
    const out = new Float64Array(features.rows);
    for (let row = 0; row < features.rows; row++) {
      let sum = weights[0] as number;
      for (let column = 0; column < this.columns; column++) {
        sum += (weights[column + 1] as number) * (x[row * this.columns + column] as number);
      }
      out[row] = this.kind === 'logistic-regression' ? sigmoid(sum) : sum;
    }
    return out;
  }

  async predict(features: FeatureMatrix): Promise<Float64Array> {
    return this.predictSync(features);
  }

  async toArtifact(): Promise<ModelArtifact> {
    return {
      kind: this.kind,
      task: this.task,
      columns: this.columns,
      contextRows: 1,
      payload: jsonPayload(this.state),
    };
  }

  dispose(): void {}

  static fromArtifact(artifact: ModelArtifact): LinearModel {
    const state = parseJsonPayload<LinearState>(artifact.kind, artifact.payload);
    if (!Array.isArray(state.weights) || state.weights.length !== artifact.columns + 1) {
      throw new RangeError(`${artifact.kind}: artifact weights do not match its ${artifact.columns} columns`);
    }
    return new LinearModel(artifact.kind as LinearModel['kind'], state);
  }
}

/** X'WX + λI (no penalty on the intercept) and X'Wz, with a column of ones prepended. */
function normalEquations(
  x: Float64Array,
  rows: number,
  columns: number,
  weight: (row: number) => number,
  target: (row: number) => number,
  lambda: number,
) {
  const size = columns + 1;
  const matrix = new Float64Array(size * size);
  const vector = new Float64Array(size);
  const augmented = new Float64Array(size);
  for (let row = 0; row < rows; row++) {
    augmented[0] = 1;
    for (let column = 0; column < columns; column++)
      augmented[column + 1] = x[row * columns + column] as number;
    const w = weight(row);
    const z = target(row);
    for (let i = 0; i < size; i++) {
      const wi = w * (augmented[i] as number);
      vector[i] = (vector[i] as number) + wi * z;
      for (let j = i; j < size; j++)
        matrix[i * size + j] = (matrix[i * size + j] as number) + wi * (augmented[j] as number);
    }
  }
  for (let i = 0; i < size; i++) {
    for (let j = 0; j < i; j++) matrix[i * size + j] = matrix[j * size + i] as number;
    if (i > 0) matrix[i * size + i] = (matrix[i * size + i] as number) + lambda;
  }
  return solveLinearSystem(matrix, vector, size);
}

export class LinearRegressionTrainer implements ModelTrainer {
  readonly kind = 'linear-regression';
  readonly task = 'regression' as const;
  readonly parameters: { l2: number };

  constructor(parameters: Readonly<Record<string, number | string>> = {}) {
    onlyKnownParameters(this.kind, parameters, ['l2']);
    this.parameters = { l2: numberParameter(this.kind, parameters, 'l2', 1, { minimum: 0 }) };
  }

  async fit(data: TrainingData): Promise<LinearModel> {
    return this.fitSync(data);
  }

  fitSync(data: TrainingData): LinearModel {
    checkTrainingData(this.kind, data);
    const standardizer = fitStandardizer(data.features);
    const x = standardize(standardizer, data.features);
    const weights = normalEquations(
      x,
      data.features.rows,
      data.features.columns,
      () => 1,
      (row) => data.labels[row] as number,
      this.parameters.l2,
    );
    return new LinearModel(this.kind, { standardizer, weights: Array.from(weights) });
  }
}

export class LogisticRegressionTrainer implements ModelTrainer {
  readonly kind = 'logistic-regression';
  readonly task = 'classification' as const;
  readonly parameters: { l2: number; iterations: number };

  constructor(parameters: Readonly<Record<string, number | string>> = {}) {
    onlyKnownParameters(this.kind, parameters, ['l2', 'iterations']);
    this.parameters = {
      l2: numberParameter(this.kind, parameters, 'l2', 1, { minimum: 0 }),
      iterations: numberParameter(this.kind, parameters, 'iterations', 25, {
        minimum: 1,
        maximum: 1000,
        whole: true,
      }),
    };
  }

  /** Iteratively reweighted least squares: each Newton step is a weighted ridge solve. */
  async fit(data: TrainingData): Promise<LinearModel> {
    return this.fitSync(data);
  }

  fitSync(data: TrainingData): LinearModel {
    checkTrainingData(this.kind, data);
    for (const label of data.labels) {
      if (label !== 0 && label !== 1)
        throw new RangeError(`${this.kind}: labels must be 0 or 1, got ${label}`);
    }
    const { rows, columns } = data.features;
    const standardizer = fitStandardizer(data.features);
    const x = standardize(standardizer, data.features);
    let weights: Float64Array = new Float64Array(columns + 1);
    const linear = new Float64Array(rows);
    for (let iteration = 0; iteration < this.parameters.iterations; iteration++) {
      for (let row = 0; row < rows; row++) {
        let sum = weights[0] as number;
        for (let column = 0; column < columns; column++)
          sum += (weights[column + 1] as number) * (x[row * columns + column] as number);
        linear[row] = sum;
      }
      const probability = (row: number) => sigmoid(linear[row] as number);
      const curvature = (row: number) => Math.max(1e-6, probability(row) * (1 - probability(row)));
      const next = normalEquations(
        x,
        rows,
        columns,
        curvature,
        (row) => (linear[row] as number) + ((data.labels[row] as number) - probability(row)) / curvature(row),
        this.parameters.l2,
      );
      let change = 0;
      for (let index = 0; index < next.length; index++)
        change = Math.max(change, Math.abs((next[index] as number) - (weights[index] as number)));
      weights = next;
      if (change < 1e-10) break;
    }
    return new LinearModel(this.kind, { standardizer, weights: Array.from(weights) });
  }
}
