// Ensembles behind the model interface: a weighted average of members, and stacking (a logistic meta-model on members' predictions).
import type { FeatureMatrix } from '../features/feature-pipeline.js';
import { LinearModel, LogisticRegressionTrainer } from './linear-models.js';
import {
  checkColumns,
  checkTrainingData,
  isSyncModel,
  jsonPayload,
  type Model,
  type ModelArtifact,
  type ModelTask,
  type ModelTrainer,
  parseJsonPayload,
  type TrainingData,
  type TrainOptions,
} from './model.js';

export type ArtifactLoader = (artifact: ModelArtifact) => Promise<Model>;

interface SerializedArtifact {
  readonly kind: string;
  readonly task: ModelTask;
  readonly columns: number;
  readonly contextRows: number;
  readonly payload: string;
}

function serialize(artifact: ModelArtifact): SerializedArtifact {
  return { ...artifact, payload: Buffer.from(artifact.payload).toString('base64') };
}

function deserialize(artifact: SerializedArtifact): ModelArtifact {
  return { ...artifact, payload: new Uint8Array(Buffer.from(artifact.payload, 'base64')) };
}

/** The members' predictions as columns of a new matrix (the meta-model's input). */
function memberColumns(predictions: readonly Float64Array[], rows: number): FeatureMatrix {
  const columns = predictions.length;
  const data = new Float64Array(rows * columns);
  predictions.forEach((values, column) => {
    for (let row = 0; row < rows; row++) data[row * columns + column] = values[row] as number;
  });
  return { data, rows, columns };
}

abstract class Ensemble implements Model {
  abstract readonly kind: string;
  readonly task: ModelTask;
  readonly columns: number;
  readonly contextRows: number;

  constructor(readonly members: readonly Model[]) {
    const first = members[0];
    if (!first) throw new RangeError('ensemble: at least one member is needed');
    this.task = first.task;
    this.columns = first.columns;
    this.contextRows = Math.max(...members.map((member) => member.contextRows));
    for (const member of members) {
      if (member.columns !== this.columns) {
        throw new RangeError(
          `ensemble: member ${member.kind} reads ${member.columns} columns, not ${this.columns}`,
        );
      }
    }
    // Offer the synchronous path only when every member has it.
    if (!members.every(isSyncModel)) (this as { predictSync?: unknown }).predictSync = undefined;
  }

  protected abstract combine(predictions: readonly Float64Array[], rows: number): Float64Array;

  predictSync?(features: FeatureMatrix): Float64Array {
    checkColumns(this.kind, this.columns, features);
    return this.combine(
      this.members.map((member) => (member.predictSync as (matrix: FeatureMatrix) => Float64Array)(features)),
      features.rows,
    );
  }

  async predict(features: FeatureMatrix): Promise<Float64Array> {
    checkColumns(this.kind, this.columns, features);
    const predictions = [];
    for (const member of this.members) predictions.push(await member.predict(features));
    return this.combine(predictions, features.rows);
  }

  dispose(): void {
    for (const member of this.members) member.dispose();
  }

  abstract toArtifact(): Promise<ModelArtifact>;

  protected async memberArtifacts(): Promise<SerializedArtifact[]> {
    const artifacts = [];
    for (const member of this.members) artifacts.push(serialize(await member.toArtifact()));
    return artifacts;
  }
}

export class AveragingEnsemble extends Ensemble {
  readonly kind = 'averaging-ensemble';
  readonly weights: readonly number[];

  constructor(members: readonly Model[], weights?: readonly number[]) {
    super(members);
    const given = weights ?? members.map(() => 1);
    if (
      given.length !== members.length ||
      given.some((weight) => !(weight >= 0)) ||
      given.every((weight) => weight === 0)
    ) {
      throw new RangeError('averaging-ensemble.weights: one non-negative weight per member, not all zero');
    }
    const total = given.reduce((sum, weight) => sum + weight, 0);
    this.weights = given.map((weight) => weight / total);
  }

  protected combine(predictions: readonly Float64Array[], rows: number): Float64Array {
    const out = new Float64Array(rows);
    predictions.forEach((values, member) => {
      const weight = this.weights[member] as number;
      for (let row = 0; row < rows; row++) out[row] = (out[row] as number) + weight * (values[row] as number);
    });
    return out;
  }

  async toArtifact(): Promise<ModelArtifact> {
    const payload = jsonPayload({ weights: this.weights, members: await this.memberArtifacts() });
    return {
      kind: this.kind,
      task: this.task,
      columns: this.columns,
      contextRows: this.contextRows,
      payload,
    };
  }

  static async fromArtifact(artifact: ModelArtifact, load: ArtifactLoader): Promise<AveragingEnsemble> {
    const saved = parseJsonPayload<{ weights: number[]; members: SerializedArtifact[] }>(
      artifact.kind,
      artifact.payload,
    );
    const members = [];
    for (const member of saved.members) members.push(await load(deserialize(member)));
    return new AveragingEnsemble(members, saved.weights);
  }
}

export class StackingEnsemble extends Ensemble {
  readonly kind = 'stacking-ensemble';

  constructor(
    members: readonly Model[],
    readonly meta: LinearModel,
  ) {
    super(members);
    if (meta.columns !== members.length)
      throw new RangeError('stacking-ensemble: the meta-model must read one column per member');
  }

  protected combine(predictions: readonly Float64Array[], rows: number): Float64Array {
    return this.meta.predictSync(memberColumns(predictions, rows));
  }

  async toArtifact(): Promise<ModelArtifact> {
    const payload = jsonPayload({
      meta: serialize(await this.meta.toArtifact()),
      members: await this.memberArtifacts(),
    });
    return {
      kind: this.kind,
      task: this.task,
      columns: this.columns,
      contextRows: this.contextRows,
      payload,
    };
  }

  static async fromArtifact(artifact: ModelArtifact, load: ArtifactLoader): Promise<StackingEnsemble> {
    const saved = parseJsonPayload<{ meta: SerializedArtifact; members: SerializedArtifact[] }>(
      artifact.kind,
      artifact.payload,
    );
    const members = [];
    for (const member of saved.members) members.push(await load(deserialize(member)));
    return new StackingEnsemble(members, LinearModel.fromArtifact(deserialize(saved.meta)));
  }
}

export class AveragingEnsembleTrainer implements ModelTrainer {
  readonly kind = 'averaging-ensemble';
  readonly task: ModelTask;
  readonly parameters: Readonly<Record<string, number | string>>;

  constructor(readonly trainers: readonly ModelTrainer[]) {
    this.task = trainers[0]?.task ?? 'classification';
    this.parameters = { members: trainers.map((trainer) => trainer.kind).join(',') };
  }

  async fit(data: TrainingData, options: TrainOptions): Promise<AveragingEnsemble> {
    const members = [];
    for (const [index, trainer] of this.trainers.entries())
      members.push(await trainer.fit(data, { seed: options.seed + index }));
    return new AveragingEnsemble(members);
  }
}

/**
 * Stacking for time series: the rows are cut into `folds` consecutive blocks; each block after the
 * first is predicted by members trained only on the blocks before it (no member sees the rows it
 * predicts, nor later ones), the meta-model learns on those predictions, and the members are refit on all rows.
 */
export class StackingEnsembleTrainer implements ModelTrainer {
  readonly kind = 'stacking-ensemble';
  readonly task = 'classification' as const;
  readonly parameters: Readonly<Record<string, number | string>>;

  constructor(
    readonly trainers: readonly ModelTrainer[],
    readonly folds = 4,
  ) {
    if (!Number.isInteger(folds) || folds < 2)
      throw new RangeError(`stacking-ensemble.folds: ${folds} must be a whole number of at least 2`);
    this.parameters = { members: trainers.map((trainer) => trainer.kind).join(','), folds };
  }

  async fit(data: TrainingData, options: TrainOptions): Promise<StackingEnsemble> {
    checkTrainingData(this.kind, data);
    const { rows, columns } = data.features;
    const bounds = Array.from({ length: this.folds + 1 }, (_, fold) =>
      Math.round((fold * rows) / this.folds),
    );
    const metaStart = bounds[1] as number;
    const outOfFold = this.trainers.map(() => new Float64Array(rows - metaStart));
    for (let fold = 1; fold < this.folds; fold++) {
      const start = bounds[fold] as number;
      const end = bounds[fold + 1] as number;
      const train: TrainingData = {
        features: { data: data.features.data.subarray(0, start * columns), rows: start, columns },
        labels: data.labels.subarray(0, start),
      };
      const test: FeatureMatrix = {
        data: data.features.data.subarray(start * columns, end * columns),
        rows: end - start,
        columns,
      };
      for (const [index, trainer] of this.trainers.entries()) {
        const member = await trainer.fit(train, { seed: options.seed + index });
        (outOfFold[index] as Float64Array).set(await member.predict(test), start - metaStart);
        member.dispose();
      }
    }
    const meta = await new LogisticRegressionTrainer({ l2: 1 }).fit({
      features: memberColumns(outOfFold, rows - metaStart),
      labels: data.labels.subarray(metaStart),
    });
    const members = [];
    for (const [index, trainer] of this.trainers.entries())
      members.push(await trainer.fit(data, { seed: options.seed + index }));
    return new StackingEnsemble(members, meta);
  }
}
