// The feature pipeline: one streaming code path that training (over history) and live inference (bar by bar) both run.
import { type FeatureComputer, featureComputer } from './feature-computers.js';
import { type FeatureBar, type FeatureSpec, featureColumnNames } from './feature-spec.js';

/** A row-major matrix of features. */
export interface FeatureMatrix {
  readonly data: Float64Array;
  readonly rows: number;
  readonly columns: number;
}

/** A live feature stream: feed each closed bar, read the row for that bar. */
export class FeatureStream {
  private readonly computers: FeatureComputer[];
  private readonly row: Float64Array;
  private lastTime = Number.NEGATIVE_INFINITY;

  constructor(readonly pipeline: FeaturePipeline) {
    this.computers = pipeline.specs.map(featureComputer);
    this.row = new Float64Array(pipeline.columnNames.length);
  }

  /**
   * Feeds one bar (strictly after the previous one) and returns the feature row as of its close, or
   * null while any feature is still warming up. The returned array is reused: copy it to keep it.
   */
  update(bar: FeatureBar): Float64Array | null {
    if (!(bar.time > this.lastTime)) {
      throw new RangeError(`feature bar.time: ${bar.time} is not after the previous bar (${this.lastTime})`);
    }
    if (!(bar.close > 0) || !Number.isFinite(bar.high) || !Number.isFinite(bar.low)) {
      throw new RangeError(`feature bar at ${bar.time}: close ${bar.close} must be a positive finite price`);
    }
    this.lastTime = bar.time;
    let offset = 0;
    for (const computer of this.computers) {
      computer.update(bar, this.row, offset);
      offset += computer.columns;
    }
    for (const value of this.row) if (!Number.isFinite(value)) return null;
    return this.row;
  }

  reset(): void {
    for (const computer of this.computers) computer.reset();
    this.lastTime = Number.NEGATIVE_INFINITY;
  }
}

export class FeaturePipeline {
  readonly columnNames: readonly string[];

  constructor(readonly specs: readonly FeatureSpec[]) {
    if (specs.length === 0) throw new RangeError('feature pipeline: at least one feature is needed');
    // Building the computers once validates every spec with an error naming it.
    for (const spec of specs) featureComputer(spec);
    this.columnNames = specs.flatMap(featureColumnNames);
    const duplicate = this.columnNames.find((name, index) => this.columnNames.indexOf(name) !== index);
    if (duplicate) throw new RangeError(`feature pipeline: feature ${duplicate} is declared twice`);
  }

  get columns(): number {
    return this.columnNames.length;
  }

  stream(): FeatureStream {
    return new FeatureStream(this);
  }

  /**
   * Runs the live stream over history: row i is what the stream returned after bar i (NaN while
   * warming up), so a model trains on exactly the numbers it will see live.
   */
  transform(bars: readonly FeatureBar[]): FeatureMatrix {
    const stream = this.stream();
    const columns = this.columns;
    const data = new Float64Array(bars.length * columns).fill(Number.NaN);
    bars.forEach((bar, index) => {
      const row = stream.update(bar);
      if (row) data.set(row, index * columns);
    });
    return { data, rows: bars.length, columns };
  }
}
