// Live inference for one symbol: the pipeline's stream, the last rows the model needs, and one prediction per closed bar.
import type { FeaturePipeline, FeatureStream } from '../features/feature-pipeline.js';
import type { FeatureBar } from '../features/feature-spec.js';
import { predictLast, type SyncModel } from '../models/model.js';

export class LivePredictor {
  private readonly stream: FeatureStream;
  /** The last contextRows feature rows, oldest first, in one reused buffer. */
  private readonly window: Float64Array;
  private held = 0;

  constructor(
    readonly pipeline: FeaturePipeline,
    private model: SyncModel,
  ) {
    if (model.columns !== pipeline.columns) {
      throw new RangeError(
        `live predictor: the model reads ${model.columns} columns, the pipeline makes ${pipeline.columns}`,
      );
    }
    this.stream = pipeline.stream();
    this.window = new Float64Array(model.contextRows * pipeline.columns);
  }

  /** Swaps in a retrained model with the same features; the feature history is kept. */
  replaceModel(model: SyncModel): void {
    if (
      model.columns !== this.pipeline.columns ||
      model.contextRows * this.pipeline.columns !== this.window.length
    ) {
      throw new RangeError('live predictor: a replacement model must read the same columns and context');
    }
    this.model = model;
  }

  /** The feature row of this bar (a copy), or null while warming up; also updates the context window. */
  observe(bar: FeatureBar): Float64Array | null {
    const row = this.stream.update(bar);
    if (!row) return null;
    const columns = this.pipeline.columns;
    if (this.held * columns === this.window.length) {
      this.window.copyWithin(0, columns);
      this.held--;
    }
    this.window.set(row, this.held * columns);
    this.held++;
    return Float64Array.from(row);
  }

  /** The model's prediction for the latest observed bar, or null before the first ready row. */
  predictLatest(): number | null {
    if (this.held === 0) return null;
    const columns = this.pipeline.columns;
    return predictLast(this.model, {
      data: this.window.subarray(0, this.held * columns),
      rows: this.held,
      columns,
    });
  }

  /** observe then predictLatest: what a strategy calls in onBar. */
  update(bar: FeatureBar): number | null {
    return this.observe(bar) ? this.predictLatest() : null;
  }
}
