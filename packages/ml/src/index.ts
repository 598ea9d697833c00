// Public surface of @ats/ml: features, models, training and validation, the model registry's logic, inference and the ML strategy.

export * from './drift/prediction-quality-monitor.js';
export * from './features/feature-pipeline.js';
export * from './features/feature-spec.js';
export * from './features/labels.js';
export * from './inference/live-predictor.js';
export * from './models/ensembles.js';
export * from './models/gradient-boosting.js';
export * from './models/linear-models.js';
export * from './models/model.js';
export * from './models/model-catalogue.js';
export * from './models/neural-network.js';
export * from './models/onnx-model.js';
export * from './models/random-forest.js';
export * from './strategy/buy-and-hold-strategy.js';
export * from './strategy/ml-strategy.js';
export * from './training/cross-validate.js';
export * from './training/cross-validation.js';
export * from './training/dataset.js';
export * from './training/hyperparameter-search.js';
export * from './training/metrics.js';
export * from './training/train-model-version.js';
