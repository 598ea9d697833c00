// The machine-learning strategy: features per bar, a model retrained walk-forward on labels already
// known (or a registry model), long/flat by predicted probability; asynchronous models (ONNX) are
// queued per symbol so their answers come back in bar order, one at a time.
import type { Bar, StrategyId, Ticker } from '@ats/core';
import { Strategy, type StrategyContext } from '@ats/engine';
import type { FeatureMatrix } from '../features/feature-pipeline.js';
import { FeaturePipeline } from '../features/feature-pipeline.js';
import type { FeatureBar, FeatureSpec } from '../features/feature-spec.js';
import { isSyncModel, type Model, predictLast, type SyncTrainer } from '../models/model.js';

/** Receives each prediction once its outcome is known (the drift monitor, a report). */
export interface PredictionOutcomeSink {
  record(outcome: {
    symbol: Ticker;
    time: number;
    probability: number;
    label: 0 | 1;
    forwardReturn: number;
  }): void;
}

export interface MlStrategyOptions {
  readonly features: readonly FeatureSpec[];
  /** Bars ahead the model predicts: the label of bar t is close[t + horizon] > close[t]. */
  readonly horizon: number;
  /** Retrains in the strategy (walk-forward), or absent when `model` is given. */
  readonly trainer?: SyncTrainer;
  /**
   * A trained model to use as is (from the registry); the strategy then never retrains. A model
   * without predictSync (ONNX) is asked asynchronously: see `maxPendingPredictions`.
   */
  readonly model?: { readonly model: Model; readonly name: string; readonly version: number | null };
  /**
   * Asynchronous models only: predictions waiting per symbol (one runs, the rest queue in bar order).
   * A bar arriving with this many waiting gets no prediction (counted in `skippedPredictions`), so a
   * model slower than the bars never builds an unbounded backlog. Default 4.
   */
  readonly maxPendingPredictions?: number;
  /** The name signals carry for models trained in the strategy. */
  readonly modelName?: string;
  /** Most recent labelled rows to train on; 0 for all of them (an expanding window). */
  readonly trainRows: number;
  /** No prediction before this many labelled rows. */
  readonly minimumTrainRows: number;
  /** Bars between retrainings. */
  readonly retrainEvery: number;
  /** Go long when the probability of a rise exceeds this. */
  readonly enterAbove: number;
  /** Go flat when it falls below this. */
  readonly exitBelow: number;
  readonly seed: number;
  readonly outcomes?: PredictionOutcomeSink;
}

interface SymbolState {
  readonly stream: ReturnType<FeaturePipeline['stream']>;
  /** Feature rows (null while warming) and closes, oldest first; `offset` is the bar index of entry 0. */
  readonly rows: (Float64Array | null)[];
  readonly closes: number[];
  readonly predictions: (number | null)[];
  readonly times: number[];
  offset: number;
  /** Bars seen. */
  count: number;
  lastTrained: number;
  model: Model | null;
  /** Asynchronous models: the tail of this symbol's prediction queue, and how many wait on it. */
  queue: Promise<void>;
  pending: number;
}

function featureBar(bar: Bar): FeatureBar {
  return {
    time: bar.time,
    open: bar.open.toNumber(),
    high: bar.high.toNumber(),
    low: bar.low.toNumber(),
    close: bar.close.toNumber(),
    volume: bar.volume,
  };
}

export class MlStrategy extends Strategy {
  readonly pipeline: FeaturePipeline;
  private readonly states = new Map<Ticker, SymbolState>();
  /** Models trained so far, over all symbols (for reports). */
  trainings = 0;
  /** Asynchronous predictions not made because the symbol's queue was full. */
  skippedPredictions = 0;
  private stopped = false;

  constructor(
    id: StrategyId,
    symbols: readonly Ticker[],
    readonly options: MlStrategyOptions,
  ) {
    super(id, symbols);
    this.pipeline = new FeaturePipeline(options.features);
    const check = (name: string, value: number, minimum: number) => {
      if (!Number.isInteger(value) || value < minimum)
        throw new RangeError(`ml-strategy.${name}: ${value} must be a whole number of at least ${minimum}`);
    };
    check('horizon', options.horizon, 1);
    check('trainRows', options.trainRows, 0);
    check('minimumTrainRows', options.minimumTrainRows, 2);
    check('retrainEvery', options.retrainEvery, 1);
    check('maxPendingPredictions', options.maxPendingPredictions ?? 4, 1);
    if (
      !(
        options.enterAbove >= 0 &&
        options.enterAbove <= 1 &&
        options.exitBelow >= 0 &&
        options.exitBelow <= options.enterAbove
      )
    ) {
      throw new RangeError(
        `ml-strategy.exitBelow: ${options.exitBelow} and enterAbove ${options.enterAbove} must satisfy 0 ≤ exitBelow ≤ enterAbove ≤ 1`,
      );
    }
    if (!options.trainer === !options.model)
      throw new RangeError('ml-strategy: give either a trainer (walk-forward) or a trained model, not both');
    if (options.model && options.model.model.columns !== this.pipeline.columns) {
      throw new RangeError(
        `ml-strategy.model: reads ${options.model.model.columns} columns, the features make ${this.pipeline.columns}`,
      );
    }
  }

  override onStart(_context: StrategyContext): void {
    for (const symbol of this.symbols) {
      this.states.set(symbol, {
        stream: this.pipeline.stream(),
        rows: [],
        closes: [],
        predictions: [],
        times: [],
        offset: 0,
        count: 0,
        lastTrained: Number.NEGATIVE_INFINITY,
        model: this.options.model?.model ?? null,
        queue: Promise.resolve(),
        pending: 0,
      });
    }
  }

  override onStop(_context: StrategyContext): void {
    // Answers still on their way are dropped: the runtime no longer takes signals.
    this.stopped = true;
  }

  /** Resolves once every queued asynchronous prediction has been answered and acted on. */
  async idle(): Promise<void> {
    await Promise.all([...this.states.values()].map((state) => state.queue));
  }

  override onBar(bar: Bar, context: StrategyContext): void {
    const state = this.states.get(bar.symbol);
    if (!state) return;
    const input = featureBar(bar);
    const row = state.stream.update(input);
    state.rows.push(row ? Float64Array.from(row) : null);
    state.closes.push(input.close);
    state.times.push(input.time);
    state.predictions.push(null);
    const now = state.count++;
    this.resolveOutcome(bar.symbol, state, now);
    if (this.options.trainer && now - state.lastTrained >= this.options.retrainEvery)
      this.retrain(state, now);
    this.trim(state);
    if (!row || !state.model) return;
    const model = state.model;
    const matrix = this.contextMatrix(state, model.contextRows);
    if (!matrix) return;
    if (isSyncModel(model)) {
      this.act(bar.symbol, state, now, predictLast(model, matrix), context);
      return;
    }
    // An answer to a replayed bar would arrive after the replay, as if the bar were live.
    if (context.warmingUp?.()) return;
    this.enqueue(bar.symbol, state, now, model, matrix, context);
  }

  /**
   * Chains the prediction behind the symbol's earlier ones: one runs at a time per symbol, and each
   * answer is acted on in bar order (a later bar's answer never overtakes an earlier one's).
   */
  private enqueue(
    symbol: Ticker,
    state: SymbolState,
    index: number,
    model: Model,
    matrix: FeatureMatrix,
    context: StrategyContext,
  ): void {
    if (state.pending >= (this.options.maxPendingPredictions ?? 4)) {
      this.skippedPredictions++;
      context.log('prediction skipped: the model is behind the bars', { symbol, waiting: state.pending });
      return;
    }
    state.pending++;
    state.queue = state.queue
      .then(async () => {
        const values = await model.predict(matrix);
        if (this.stopped) return;
        this.act(symbol, state, index, values[matrix.rows - 1] as number, context);
      })
      .catch((error: unknown) =>
        context.log('prediction failed', { symbol, error: (error as Error).message ?? String(error) }),
      )
      .finally(() => {
        state.pending--;
      });
  }

  /** Records the prediction of bar `index` (for its outcome later) and trades on it. */
  private act(
    symbol: Ticker,
    state: SymbolState,
    index: number,
    probability: number,
    context: StrategyContext,
  ): void {
    if (index >= state.offset) state.predictions[index - state.offset] = probability;
    const name = this.options.model?.name ?? this.options.modelName ?? this.id;
    const version = this.options.model?.version ?? null;
    const position = context.position(symbol);
    if (probability > this.options.enterAbove && position <= 0) {
      context.signal(symbol, 'LONG', { strength: probability, model: { name, version, probability } });
    } else if (probability < this.options.exitBelow && position > 0) {
      context.signal(symbol, 'FLAT', {
        strength: 1 - probability,
        model: { name, version, probability: 1 - probability },
      });
    }
  }

  /** The prediction made `horizon` bars ago now has its outcome. */
  private resolveOutcome(symbol: Ticker, state: SymbolState, now: number): void {
    const sink = this.options.outcomes;
    const then = now - this.options.horizon - state.offset;
    if (!sink || then < 0) return;
    const probability = state.predictions[then];
    if (probability === null || probability === undefined) return;
    const forwardReturn = Math.log(
      (state.closes[now - state.offset] as number) / (state.closes[then] as number),
    );
    sink.record({
      symbol,
      time: state.times[then] as number,
      probability,
      label: forwardReturn > 0 ? 1 : 0,
      forwardReturn,
    });
  }

  /**
   * Trains on rows whose label is already known at this bar: row i's label needs close[i + horizon],
   * so only rows i ≤ now − horizon are used. Nothing later than the current bar is ever read.
   */
  private retrain(state: SymbolState, now: number): void {
    const trainer = this.options.trainer as SyncTrainer;
    const last = now - this.options.horizon;
    const first =
      this.options.trainRows === 0 ? state.offset : Math.max(state.offset, last - this.options.trainRows + 1);
    const columns = this.pipeline.columns;
    const picked: number[] = [];
    for (let index = first; index <= last; index++) if (state.rows[index - state.offset]) picked.push(index);
    if (picked.length < this.options.minimumTrainRows) return;
    const data = new Float64Array(picked.length * columns);
    const labels = new Float64Array(picked.length);
    picked.forEach((index, at) => {
      data.set(state.rows[index - state.offset] as Float64Array, at * columns);
      const future = state.closes[index + this.options.horizon - state.offset] as number;
      labels[at] = future > (state.closes[index - state.offset] as number) ? 1 : 0;
    });
    state.model?.dispose();
    state.model = trainer.fitSync(
      { features: { data, rows: picked.length, columns }, labels },
      { seed: this.options.seed + this.trainings },
    );
    state.lastTrained = now;
    this.trainings++;
  }

  /** The last `contextRows` ready feature rows as one matrix (a copy), or null when none is ready. */
  private contextMatrix(state: SymbolState, contextRows: number): FeatureMatrix | null {
    const columns = this.pipeline.columns;
    const context: Float64Array[] = [];
    for (let index = state.rows.length - 1; index >= 0 && context.length < contextRows; index--) {
      const row = state.rows[index];
      if (!row) break;
      context.unshift(row);
    }
    if (context.length === 0) return null;
    const data = new Float64Array(context.length * columns);
    for (const [index, row] of context.entries()) data.set(row, index * columns);
    return { data, rows: context.length, columns };
  }

  /** Keeps only the history training and outcomes need (all of it for an expanding window). */
  private trim(state: SymbolState): void {
    if (this.options.trainRows === 0 && this.options.trainer) return;
    const keep = Math.max(this.options.trainRows, 1) + this.options.horizon + 64;
    const excess = state.rows.length - keep;
    if (excess < keep) return; // trim in large steps: amortized O(1) per bar
    for (const list of [state.rows, state.closes, state.predictions, state.times]) list.splice(0, excess);
    state.offset += excess;
  }
}
