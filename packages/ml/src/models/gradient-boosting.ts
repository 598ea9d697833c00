// Gradient-boosted trees through XGBoost's WASM build (ml-xgboost): binary:logistic or squared error, seeded.
import { createRequire } from 'node:module';
import type { FeatureMatrix } from '../features/feature-pipeline.js';
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
  type TrainOptions,
} from './model.js';

/** The part of ml-xgboost's booster we use. */
interface Booster {
  train(rows: number[][], labels: number[]): void;
  predict(rows: number[][]): number[];
  toJSON(): SavedBooster;
  free(): void;
}
interface SavedBooster {
  readonly name: string;
  readonly model: number[];
  readonly options: Record<string, unknown>;
}
interface BoosterClass {
  new (options: Record<string, unknown>): Booster;
  load(saved: SavedBooster): Booster;
}

let library: Promise<BoosterClass> | undefined;

/** ml-xgboost is CommonJS and its export is a Promise of the class, resolved once the WASM module is ready. */
export function loadXgboost(): Promise<BoosterClass> {
  library ??= createRequire(import.meta.url)('ml-xgboost') as Promise<BoosterClass>;
  return library;
}

function rowsOf(features: FeatureMatrix): number[][] {
  const rows: number[][] = [];
  for (let row = 0; row < features.rows; row++) {
    rows.push(Array.from(features.data.subarray(row * features.columns, (row + 1) * features.columns)));
  }
  return rows;
}

export class XgboostModel implements Model {
  readonly kind = 'xgboost';
  readonly contextRows = 1;
  private booster: Booster | null;

  constructor(
    readonly task: ModelTask,
    readonly columns: number,
    booster: Booster,
  ) {
    this.booster = booster;
  }

  predictSync(features: FeatureMatrix): Float64Array {
    checkColumns(this.kind, this.columns, features);
    if (!this.booster) throw new Error('xgboost: the model was disposed');
    if (features.rows === 0) return new Float64Array(0);
    return Float64Array.from(this.booster.predict(rowsOf(features)));
  }

  async predict(features: FeatureMatrix): Promise<Float64Array> {
    return this.predictSync(features);
  }

  async toArtifact(): Promise<ModelArtifact> {
    if (!this.booster) throw new Error('xgboost: the model was disposed');
    return {
      kind: this.kind,
      task: this.task,
      columns: this.columns,
      contextRows: 1,
      payload: jsonPayload(this.booster.toJSON()),
    };
  }

  dispose(): void {
    this.booster?.free();
    this.booster = null;
  }

  static async fromArtifact(artifact: ModelArtifact): Promise<XgboostModel> {
    const saved = parseJsonPayload<SavedBooster>(artifact.kind, artifact.payload);
    const XGBoost = await loadXgboost();
    return new XgboostModel(artifact.task, artifact.columns, XGBoost.load(saved));
  }
}

export class XgboostTrainer implements ModelTrainer {
  readonly kind = 'xgboost';
  readonly task: ModelTask;
  readonly parameters: {
    rounds: number;
    maximumDepth: number;
    learningRate: number;
    subsample: number;
    columnSample: number;
    minimumChildWeight: number;
  };

  constructor(
    parameters: Readonly<Record<string, number | string>> = {},
    task: ModelTask = 'classification',
  ) {
    onlyKnownParameters(this.kind, parameters, [
      'rounds',
      'maximumDepth',
      'learningRate',
      'subsample',
      'columnSample',
      'minimumChildWeight',
    ]);
    this.task = task;
    this.parameters = {
      rounds: numberParameter(this.kind, parameters, 'rounds', 100, {
        minimum: 1,
        maximum: 10_000,
        whole: true,
      }),
      maximumDepth: numberParameter(this.kind, parameters, 'maximumDepth', 4, {
        minimum: 1,
        maximum: 32,
        whole: true,
      }),
      learningRate: numberParameter(this.kind, parameters, 'learningRate', 0.1, {
        minimum: 0.0001,
        maximum: 1,
      }),
      subsample: numberParameter(this.kind, parameters, 'subsample', 0.8, { minimum: 0.05, maximum: 1 }),
      columnSample: numberParameter(this.kind, parameters, 'columnSample', 0.8, {
        minimum: 0.05,
        maximum: 1,
      }),
      minimumChildWeight: numberParameter(this.kind, parameters, 'minimumChildWeight', 1, { minimum: 0 }),
    };
  }

  async fit(data: TrainingData, options: TrainOptions): Promise<XgboostModel> {
    checkTrainingData(this.kind, data);
    const XGBoost = await loadXgboost();
    const booster = new XGBoost({
      booster: 'gbtree',
      objective: this.task === 'classification' ? 'binary:logistic' : 'reg:linear',
      max_depth: this.parameters.maximumDepth,
      eta: this.parameters.learningRate,
      subsample: this.parameters.subsample,
      colsample_bytree: this.parameters.columnSample,
      min_child_weight: this.parameters.minimumChildWeight,
      seed: options.seed,
      silent: 1,
      iterations: this.parameters.rounds,
    });
    booster.train(rowsOf(data.features), Array.from(data.labels));
    return new XgboostModel(this.task, data.features.columns, booster);
  }
}
