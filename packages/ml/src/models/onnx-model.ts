// Models trained elsewhere, imported as ONNX and run on onnxruntime-web's WASM runtime in Node (no native binary).
import type { InferenceSession } from 'onnxruntime-web';
import type { FeatureMatrix } from '../features/feature-pipeline.js';
import { checkColumns, type Model, type ModelArtifact, type ModelTask } from './model.js';

type OnnxRuntime = typeof import('onnxruntime-web');

let runtime: Promise<OnnxRuntime> | undefined;

function onnxRuntime(): Promise<OnnxRuntime> {
  runtime ??= import('onnxruntime-web').then((ort) => {
    // One thread: no worker pool to start or leave behind in a service process.
    ort.env.wasm.numThreads = 1;
    return ort;
  });
  return runtime;
}

export interface OnnxModelOptions {
  readonly task: ModelTask;
  /** Feature columns the graph's first input takes ([rows, columns], float32). */
  readonly columns: number;
}

/**
 * An ONNX graph with one float32 input [rows, columns]. Its first output gives one value per row, or
 * one per class per row (then the last column, class 1's probability, is the prediction).
 */
export class OnnxModel implements Model {
  readonly kind = 'onnx';
  readonly contextRows = 1;

  private constructor(
    readonly task: ModelTask,
    readonly columns: number,
    private readonly bytes: Uint8Array,
    private readonly ort: OnnxRuntime,
    private session: InferenceSession | null,
  ) {}

  static async load(bytes: Uint8Array, options: OnnxModelOptions): Promise<OnnxModel> {
    if (!Number.isInteger(options.columns) || options.columns < 1) {
      throw new RangeError(`onnx.columns: ${options.columns} must be a whole number of at least 1`);
    }
    const ort = await onnxRuntime();
    let session: InferenceSession;
    try {
      session = await ort.InferenceSession.create(bytes);
    } catch (error) {
      throw new RangeError(
        `onnx: the file is not a model onnxruntime can load (${(error as Error).message})`,
      );
    }
    return new OnnxModel(options.task, options.columns, bytes, ort, session);
  }

  async predict(features: FeatureMatrix): Promise<Float64Array> {
    checkColumns(this.kind, this.columns, features);
    const session = this.session;
    if (!session) throw new Error('onnx: the model was disposed');
    if (features.rows === 0) return new Float64Array(0);
    const input = new this.ort.Tensor('float32', Float32Array.from(features.data), [
      features.rows,
      this.columns,
    ]);
    const outputs = await session.run({ [session.inputNames[0] as string]: input });
    const output = outputs[session.outputNames[0] as string];
    if (!output) throw new Error('onnx: the graph returned no output');
    const values = output.data as Float32Array | Float64Array;
    const perRow = values.length / features.rows;
    if (!Number.isInteger(perRow) || perRow < 1) {
      throw new RangeError(
        `onnx: output of ${values.length} values does not divide into ${features.rows} rows`,
      );
    }
    const out = new Float64Array(features.rows);
    for (let row = 0; row < features.rows; row++) out[row] = values[row * perRow + perRow - 1] as number;
    return out;
  }

  async toArtifact(): Promise<ModelArtifact> {
    return { kind: this.kind, task: this.task, columns: this.columns, contextRows: 1, payload: this.bytes };
  }

  dispose(): void {
    void this.session?.release();
    this.session = null;
  }

  static fromArtifact(artifact: ModelArtifact): Promise<OnnxModel> {
    return OnnxModel.load(artifact.payload, { task: artifact.task, columns: artifact.columns });
  }
}
