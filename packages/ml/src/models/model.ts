// The one model interface every model kind implements (trees, networks, baselines, ensembles, ONNX imports), and its artifact.
import type { FeatureMatrix } from '../features/feature-pipeline.js';

export type ModelTask = 'classification' | 'regression';

/** What the registry stores: enough to rebuild the model exactly, in any process. */
export interface ModelArtifact {
  readonly kind: string;
  readonly task: ModelTask;
  /** Feature columns the model reads. */
  readonly columns: number;
  /** Rows of history needed to predict one row (1 for all but sequence models). */
  readonly contextRows: number;
  /** The serialized model: JSON text as UTF-8 for our own kinds, the file's bytes for ONNX. */
  readonly payload: Uint8Array;
}

export interface Model {
  readonly kind: string;
  readonly task: ModelTask;
  readonly columns: number;
  /** Row i's prediction reads rows i − contextRows + 1 .. i of the matrix (earlier rows are padded). */
  readonly contextRows: number;
  /** Classification: the probability of class 1 per row. Regression: the predicted value per row. */
  predict(features: FeatureMatrix): Promise<Float64Array>;
  /** The same, synchronously, for models that can answer inside a bar handler (all but ONNX imports). */
  predictSync?(features: FeatureMatrix): Float64Array;
  /**
   * Only the last row's prediction (what live inference needs): sequence models skip the earlier
   * rows' work. Absent means predictSync's last value.
   */
  predictLastSync?(features: FeatureMatrix): number;
  toArtifact(): Promise<ModelArtifact>;
  /** Frees native or WASM memory the model holds. */
  dispose(): void;
}

/** A model that can answer synchronously (what a strategy needs in onBar). */
export type SyncModel = Model & { predictSync(features: FeatureMatrix): Float64Array };

export function isSyncModel(model: Model): model is SyncModel {
  return typeof model.predictSync === 'function';
}

/** The last row's prediction, by the model's fast path when it has one. */
export function predictLast(model: SyncModel, features: FeatureMatrix): number {
  if (model.predictLastSync) return model.predictLastSync(features);
  return model.predictSync(features)[features.rows - 1] as number;
}

/** The training data a trainer sees: features and one label per row. */
export interface TrainingData {
  readonly features: FeatureMatrix;
  readonly labels: Float64Array;
}

export interface TrainOptions {
  /** Seeds every random choice: the same seed and data give an identical model. */
  readonly seed: number;
}

export interface ModelTrainer {
  readonly kind: string;
  readonly task: ModelTask;
  /** The hyperparameters, as given (defaults filled in). */
  readonly parameters: Readonly<Record<string, number | string>>;
  fit(data: TrainingData, options: TrainOptions): Promise<Model>;
  /** The same, synchronously, for trainers that can retrain inside a bar handler (forest, baselines). */
  fitSync?(data: TrainingData, options: TrainOptions): SyncModel;
}

/** A trainer that can train synchronously (what a strategy retraining in onBar needs). */
export type SyncTrainer = ModelTrainer & { fitSync(data: TrainingData, options: TrainOptions): SyncModel };

export function isSyncTrainer(trainer: ModelTrainer): trainer is SyncTrainer {
  return typeof trainer.fitSync === 'function';
}

export function checkTrainingData(kind: string, data: TrainingData): void {
  const { features, labels } = data;
  if (features.rows === 0) throw new RangeError(`${kind}: training data has no rows`);
  if (labels.length !== features.rows) {
    throw new RangeError(`${kind}: ${labels.length} labels for ${features.rows} feature rows`);
  }
  if (features.data.length !== features.rows * features.columns) {
    throw new RangeError(`${kind}: feature matrix holds ${features.data.length} values, not rows × columns`);
  }
  for (let index = 0; index < features.data.length; index++) {
    if (!Number.isFinite(features.data[index] as number)) {
      throw new RangeError(
        `${kind}: feature row ${Math.floor(index / features.columns)} column ${index % features.columns} is not finite`,
      );
    }
  }
  for (let index = 0; index < labels.length; index++) {
    if (!Number.isFinite(labels[index] as number))
      throw new RangeError(`${kind}: label ${index} is not finite`);
  }
}

export function checkColumns(kind: string, expected: number, features: FeatureMatrix): void {
  if (features.columns !== expected) {
    throw new RangeError(
      `${kind}: the model reads ${expected} feature columns, the input has ${features.columns}`,
    );
  }
}

export function jsonPayload(value: unknown): Uint8Array {
  return new TextEncoder().encode(JSON.stringify(value));
}

export function parseJsonPayload<T>(kind: string, payload: Uint8Array): T {
  try {
    return JSON.parse(new TextDecoder().decode(payload)) as T;
  } catch (error) {
    throw new RangeError(`${kind}: artifact payload is not valid JSON (${(error as Error).message})`);
  }
}

/** Parameters read with defaults and range checks, naming the model kind and the parameter. */
export function numberParameter(
  kind: string,
  parameters: Readonly<Record<string, unknown>>,
  name: string,
  fallback: number,
  range: { minimum: number; maximum?: number; whole?: boolean },
): number {
  const value = parameters[name] ?? fallback;
  if (
    typeof value !== 'number' ||
    !Number.isFinite(value) ||
    value < range.minimum ||
    (range.maximum !== undefined && value > range.maximum) ||
    (range.whole === true && !Number.isInteger(value))
  ) {
    const bound =
      range.maximum === undefined ? `at least ${range.minimum}` : `in [${range.minimum}, ${range.maximum}]`;
    throw new RangeError(
      `${kind}.${name}: ${String(value)} must be a ${range.whole ? 'whole ' : ''}number ${bound}`,
    );
  }
  return value;
}

export function onlyKnownParameters(
  kind: string,
  parameters: Readonly<Record<string, unknown>>,
  known: readonly string[],
): void {
  for (const name of Object.keys(parameters)) {
    if (!known.includes(name))
      throw new RangeError(`${kind}.${name}: unknown parameter; known: ${known.join(', ')}`);
  }
}
