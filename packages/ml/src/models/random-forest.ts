// Random forest: bootstrap samples, random feature subsets per split, histogram-split trees; seeded, so one seed gives one forest.
import { SeededRandom } from '@ats/core';
import type { FeatureMatrix } from '../features/feature-pipeline.js';
import { growTree, predictTree, type TreeNodes } from './decision-tree.js';
import { binFeatures } from './feature-binning.js';
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

interface SerializedTree {
  readonly feature: number[];
  readonly threshold: number[];
  readonly left: number[];
  readonly right: number[];
  readonly value: number[];
}

export class RandomForestModel implements Model {
  readonly kind = 'random-forest';
  readonly contextRows = 1;

  constructor(
    readonly task: ModelTask,
    readonly columns: number,
    readonly trees: readonly TreeNodes[],
  ) {}

  predictSync(features: FeatureMatrix): Float64Array {
    checkColumns(this.kind, this.columns, features);
    const out = new Float64Array(features.rows);
    for (let row = 0; row < features.rows; row++) {
      let sum = 0;
      for (const tree of this.trees) sum += predictTree(tree, features, row);
      out[row] = sum / this.trees.length;
    }
    return out;
  }

  async predict(features: FeatureMatrix): Promise<Float64Array> {
    return this.predictSync(features);
  }

  async toArtifact(): Promise<ModelArtifact> {
    const trees: SerializedTree[] = this.trees.map((tree) => ({
      feature: Array.from(tree.feature),
      threshold: Array.from(tree.threshold),
      left: Array.from(tree.left),
      right: Array.from(tree.right),
      value: Array.from(tree.value),
    }));
    return {
      kind: this.kind,
      task: this.task,
      columns: this.columns,
      contextRows: 1,
      payload: jsonPayload({ trees }),
    };
  }

  dispose(): void {}

  static fromArtifact(artifact: ModelArtifact): RandomForestModel {
    const { trees } = parseJsonPayload<{ trees: SerializedTree[] }>(artifact.kind, artifact.payload);
    if (!Array.isArray(trees) || trees.length === 0)
      throw new RangeError('random-forest: artifact holds no trees');
    return new RandomForestModel(
      artifact.task,
      artifact.columns,
      trees.map((tree) => ({
        feature: Int32Array.from(tree.feature),
        threshold: Float64Array.from(tree.threshold),
        left: Int32Array.from(tree.left),
        right: Int32Array.from(tree.right),
        value: Float64Array.from(tree.value),
      })),
    );
  }
}

export class RandomForestTrainer implements ModelTrainer {
  readonly kind = 'random-forest';
  readonly task: ModelTask;
  readonly parameters: {
    trees: number;
    maximumDepth: number;
    minimumLeaf: number;
    featuresPerSplit: number;
    sampleShare: number;
    bins: number;
  };

  constructor(
    parameters: Readonly<Record<string, number | string>> = {},
    task: ModelTask = 'classification',
  ) {
    onlyKnownParameters(this.kind, parameters, [
      'trees',
      'maximumDepth',
      'minimumLeaf',
      'featuresPerSplit',
      'sampleShare',
      'bins',
    ]);
    this.task = task;
    this.parameters = {
      trees: numberParameter(this.kind, parameters, 'trees', 100, {
        minimum: 1,
        maximum: 10_000,
        whole: true,
      }),
      maximumDepth: numberParameter(this.kind, parameters, 'maximumDepth', 12, {
        minimum: 1,
        maximum: 64,
        whole: true,
      }),
      minimumLeaf: numberParameter(this.kind, parameters, 'minimumLeaf', 5, { minimum: 1, whole: true }),
      // 0 means √columns, the usual default for classification.
      featuresPerSplit: numberParameter(this.kind, parameters, 'featuresPerSplit', 0, {
        minimum: 0,
        whole: true,
      }),
      sampleShare: numberParameter(this.kind, parameters, 'sampleShare', 1, { minimum: 0.01, maximum: 1 }),
      bins: numberParameter(this.kind, parameters, 'bins', 64, { minimum: 2, maximum: 256, whole: true }),
    };
  }

  async fit(data: TrainingData, options: TrainOptions): Promise<RandomForestModel> {
    return this.fitSync(data, options);
  }

  fitSync(data: TrainingData, options: TrainOptions): RandomForestModel {
    checkTrainingData(this.kind, data);
    const { rows, columns } = data.features;
    const binned = binFeatures(data.features, this.parameters.bins);
    const featuresPerSplit = Math.min(
      columns,
      this.parameters.featuresPerSplit || Math.max(1, Math.round(Math.sqrt(columns))),
    );
    const random = new SeededRandom(options.seed);
    const sampleCount = Math.max(1, Math.round(rows * this.parameters.sampleShare));
    const samples = new Int32Array(sampleCount);
    const trees: TreeNodes[] = [];
    for (let tree = 0; tree < this.parameters.trees; tree++) {
      // Bootstrap: draw rows with replacement.
      for (let index = 0; index < sampleCount; index++) samples[index] = Math.floor(random.next() * rows);
      trees.push(growTree(binned, data.labels, samples, { ...this.parameters, featuresPerSplit }, random));
    }
    return new RandomForestModel(this.task, columns, trees);
  }
}
