// Every model kind by name: a trainer from hyperparameters, a model from a stored artifact.
import { AveragingEnsemble, StackingEnsemble } from './ensembles.js';
import { XgboostModel, XgboostTrainer } from './gradient-boosting.js';
import { LinearModel, LinearRegressionTrainer, LogisticRegressionTrainer } from './linear-models.js';
import type { Model, ModelArtifact, ModelTrainer } from './model.js';
import { NeuralNetworkModel, NeuralNetworkTrainer } from './neural-network.js';
import { OnnxModel } from './onnx-model.js';
import { RandomForestModel, RandomForestTrainer } from './random-forest.js';

/** Kinds that train from a flat parameter list (ensembles are built from trainers in code). */
export const trainableKinds = [
  'logistic-regression',
  'linear-regression',
  'random-forest',
  'xgboost',
  'mlp',
  'lstm',
] as const;
export type TrainableKind = (typeof trainableKinds)[number];

export function trainerFor(
  kind: string,
  parameters: Readonly<Record<string, number | string>> = {},
): ModelTrainer {
  switch (kind) {
    case 'logistic-regression':
      return new LogisticRegressionTrainer(parameters);
    case 'linear-regression':
      return new LinearRegressionTrainer(parameters);
    case 'random-forest':
      return new RandomForestTrainer(parameters);
    case 'xgboost':
      return new XgboostTrainer(parameters);
    case 'mlp':
    case 'lstm':
      return new NeuralNetworkTrainer(kind, parameters);
    default:
      throw new RangeError(
        `model.kind: ${JSON.stringify(kind)} is not a trainable kind (${trainableKinds.join(', ')})`,
      );
  }
}

export async function loadModel(artifact: ModelArtifact): Promise<Model> {
  switch (artifact.kind) {
    case 'logistic-regression':
    case 'linear-regression':
      return LinearModel.fromArtifact(artifact);
    case 'random-forest':
      return RandomForestModel.fromArtifact(artifact);
    case 'xgboost':
      return XgboostModel.fromArtifact(artifact);
    case 'mlp':
    case 'lstm':
      return NeuralNetworkModel.fromArtifact(artifact);
    case 'onnx':
      return OnnxModel.fromArtifact(artifact);
    case 'averaging-ensemble':
      return AveragingEnsemble.fromArtifact(artifact, loadModel);
    case 'stacking-ensemble':
      return StackingEnsemble.fromArtifact(artifact, loadModel);
    default:
      throw new RangeError(`model artifact.kind: ${JSON.stringify(artifact.kind)} is not a known model kind`);
  }
}
