// Neural networks on TensorFlow.js (WASM backend): a multilayer perceptron and an LSTM over the last rows, seeded.
import type { LayersModel, Tensor } from '@tensorflow/tfjs';
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
import { fitStandardizer, type Standardizer, standardize } from './standardizer.js';
import { type TensorflowModule, tensorflow } from './tensorflow-runtime.js';

export type NetworkKind = 'mlp' | 'lstm';

interface SavedNetwork {
  readonly topology: unknown;
  readonly weightSpecs: unknown;
  /** The weights' bytes, base64. */
  readonly weights: string;
  readonly standardizer: Standardizer;
}

/**
 * The network's input for each row: the row itself (MLP), or the last `steps` rows ending at it
 * (LSTM), earlier rows padded with the first one. Only rows at or before each row are read.
 */
function inputTensor(
  tf: TensorflowModule,
  x: Float64Array,
  rows: number,
  columns: number,
  steps: number,
): Tensor {
  if (steps === 1) return tf.tensor2d(Float32Array.from(x), [rows, columns]);
  const sequences = new Float32Array(rows * steps * columns);
  for (let row = 0; row < rows; row++) {
    for (let step = 0; step < steps; step++) {
      const source = Math.max(0, row - steps + 1 + step);
      sequences.set(x.subarray(source * columns, (source + 1) * columns), (row * steps + step) * columns);
    }
  }
  return tf.tensor3d(sequences, [rows, steps, columns]);
}

export class NeuralNetworkModel implements Model {
  readonly columns: number;
  private network: LayersModel | null;

  constructor(
    readonly kind: NetworkKind,
    readonly task: ModelTask,
    readonly contextRows: number,
    private readonly tf: TensorflowModule,
    network: LayersModel,
    private readonly standardizer: Standardizer,
  ) {
    this.network = network;
    this.columns = standardizer.means.length;
  }

  predictSync(features: FeatureMatrix): Float64Array {
    checkColumns(this.kind, this.columns, features);
    const network = this.network;
    if (!network) throw new Error(`${this.kind}: the model was disposed`);
    if (features.rows === 0) return new Float64Array(0);
    const x = standardize(this.standardizer, features);
    const input = inputTensor(this.tf, x, features.rows, this.columns, this.contextRows);
    const output = network.predict(input) as Tensor;
    try {
      return Float64Array.from(output.dataSync());
    } finally {
      input.dispose();
      output.dispose();
    }
  }

  /** One sequence (the last contextRows rows) instead of one per row. */
  predictLastSync(features: FeatureMatrix): number {
    checkColumns(this.kind, this.columns, features);
    if (features.rows === 0) throw new RangeError(`${this.kind}: no rows to predict`);
    const first = Math.max(0, features.rows - this.contextRows);
    const window = {
      data: features.data.subarray(first * this.columns),
      rows: features.rows - first,
      columns: this.columns,
    };
    return this.predictSync(window)[window.rows - 1] as number;
  }

  async predict(features: FeatureMatrix): Promise<Float64Array> {
    return this.predictSync(features);
  }

  async toArtifact(): Promise<ModelArtifact> {
    const network = this.network;
    if (!network) throw new Error(`${this.kind}: the model was disposed`);
    let saved: SavedNetwork | undefined;
    await network.save(
      this.tf.io.withSaveHandler(async (artifacts) => {
        const data = artifacts.weightData;
        const buffer = Array.isArray(data) ? this.tf.io.concatenateArrayBuffers(data) : (data as ArrayBuffer);
        saved = {
          topology: artifacts.modelTopology,
          weightSpecs: artifacts.weightSpecs,
          weights: Buffer.from(buffer).toString('base64'),
          standardizer: this.standardizer,
        };
        return { modelArtifactsInfo: { dateSaved: new Date(0), modelTopologyType: 'JSON' } };
      }),
    );
    return {
      kind: this.kind,
      task: this.task,
      columns: this.columns,
      contextRows: this.contextRows,
      payload: jsonPayload(saved),
    };
  }

  dispose(): void {
    this.network?.dispose();
    this.network = null;
  }

  static async fromArtifact(artifact: ModelArtifact): Promise<NeuralNetworkModel> {
    const tf = await tensorflow();
    const saved = parseJsonPayload<SavedNetwork>(artifact.kind, artifact.payload);
    const bytes = Buffer.from(saved.weights, 'base64');
    const network = await tf.loadLayersModel(
      tf.io.fromMemory({
        modelTopology: saved.topology as never,
        weightSpecs: saved.weightSpecs as never,
        weightData: bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength),
      }),
    );
    return new NeuralNetworkModel(
      artifact.kind as NetworkKind,
      artifact.task,
      artifact.contextRows,
      tf,
      network,
      saved.standardizer,
    );
  }
}

export class NeuralNetworkTrainer implements ModelTrainer {
  readonly task: ModelTask;
  readonly parameters: {
    units: number;
    layers: number;
    steps: number;
    epochs: number;
    batchSize: number;
    learningRate: number;
  };

  constructor(
    readonly kind: NetworkKind,
    parameters: Readonly<Record<string, number | string>> = {},
    task: ModelTask = 'classification',
  ) {
    onlyKnownParameters(kind, parameters, [
      'units',
      'layers',
      'steps',
      'epochs',
      'batchSize',
      'learningRate',
    ]);
    this.task = task;
    this.parameters = {
      units: numberParameter(kind, parameters, 'units', 16, { minimum: 1, maximum: 1024, whole: true }),
      layers: numberParameter(kind, parameters, 'layers', kind === 'mlp' ? 2 : 1, {
        minimum: 1,
        maximum: 8,
        whole: true,
      }),
      steps:
        kind === 'lstm'
          ? numberParameter(kind, parameters, 'steps', 10, { minimum: 2, maximum: 512, whole: true })
          : 1,
      epochs: numberParameter(kind, parameters, 'epochs', 20, { minimum: 1, maximum: 10_000, whole: true }),
      batchSize: numberParameter(kind, parameters, 'batchSize', 64, {
        minimum: 1,
        maximum: 65_536,
        whole: true,
      }),
      learningRate: numberParameter(kind, parameters, 'learningRate', 0.005, { minimum: 1e-6, maximum: 1 }),
    };
  }

  async fit(data: TrainingData, options: TrainOptions): Promise<NeuralNetworkModel> {
    checkTrainingData(this.kind, data);
    const tf = await tensorflow();
    const { rows, columns } = data.features;
    const standardizer = fitStandardizer(data.features);
    const x = standardize(standardizer, data.features);
    const { units, layers, steps } = this.parameters;
    // Every initializer gets its own seed derived from the run's seed: same seed, same starting weights.
    let seed = options.seed * 7919;
    const next = () => ++seed;
    const network = tf.sequential();
    for (let layer = 0; layer < layers; layer++) {
      const first = layer === 0;
      if (this.kind === 'lstm') {
        network.add(
          tf.layers.lstm({
            units,
            returnSequences: layer < layers - 1,
            kernelInitializer: tf.initializers.glorotUniform({ seed: next() }),
            recurrentInitializer: tf.initializers.orthogonal({ seed: next() }),
            ...(first ? { inputShape: [steps, columns] } : {}),
          }),
        );
      } else {
        network.add(
          tf.layers.dense({
            units,
            activation: 'relu',
            kernelInitializer: tf.initializers.heNormal({ seed: next() }),
            ...(first ? { inputShape: [columns] } : {}),
          }),
        );
      }
    }
    network.add(
      tf.layers.dense({
        units: 1,
        activation: this.task === 'classification' ? 'sigmoid' : 'linear',
        kernelInitializer: tf.initializers.glorotUniform({ seed: next() }),
      }),
    );
    network.compile({
      optimizer: tf.train.adam(this.parameters.learningRate),
      loss: this.task === 'classification' ? 'binaryCrossentropy' : 'meanSquaredError',
    });
    const input = inputTensor(tf, x, rows, columns, steps);
    const target = tf.tensor2d(Float32Array.from(data.labels), [rows, 1]);
    try {
      // No shuffling: batches in time order keep training reproducible without a global random state.
      await network.fit(input, target, {
        epochs: this.parameters.epochs,
        batchSize: this.parameters.batchSize,
        shuffle: false,
        verbose: 0,
      });
    } finally {
      input.dispose();
      target.dispose();
    }
    return new NeuralNetworkModel(this.kind, this.task, steps, tf, network, standardizer);
  }
}
