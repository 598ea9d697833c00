// Builds a configured `ml-model` strategy: the model's version read from the registry (a named
// version or the production one), its artifact loaded, its feature pipeline rebuilt from the stored
// specs, and a drift monitor on its live accuracy against the band its walk-forward folds showed.
import {
  type Clock,
  type IdGenerator,
  InvalidInputError,
  type MessageBus,
  type Ticker,
  toStrategyId,
} from '@ats/core';
import {
  type AccuracyBand,
  type DriftAlert,
  type FeatureSpec,
  loadModel,
  MlStrategy,
  PredictionQualityMonitor,
  publishDriftAlert,
} from '@ats/ml';
import type { ModelVersion, SqlModelRegistryStore } from '@ats/persistence';
import { modelStrategyParameters } from './model-strategy-parameters.js';

export interface ModelReference {
  readonly name: string;
  /** Absent: the production version. */
  readonly version?: number | undefined;
}

export interface ModelStrategyEntry {
  readonly id: string;
  readonly symbols: readonly Ticker[];
  readonly parameters: Readonly<Record<string, number>>;
  readonly model: ModelReference;
}

/** What the drift board shows of one running model. */
export interface ModelDriftStatus {
  readonly strategyId: string;
  readonly model: string;
  readonly version: number;
  readonly band: AccuracyBand | null;
  readonly window: number;
  /** Live accuracy over the last `window` resolved predictions, null until the window is full. */
  readonly accuracy: number | null;
  readonly resolved: number;
  readonly state: 'warming' | 'in-band' | 'below-band' | 'above-band' | 'no-band';
}

export interface DriftAlertPath {
  readonly bus: MessageBus;
  readonly clock: Clock;
  readonly ids: IdGenerator;
  readonly onAlert?: (alert: DriftAlert, strategyId: string) => void;
}

/**
 * The backtested band: the range of the walk-forward folds' accuracies, widened by `deviations`
 * sampling standard errors of a live window of `window` predictions (a window that size is that
 * noisy even when nothing changed). Null when the version stored no fold accuracies.
 */
export function backtestedBand(
  metrics: Readonly<Record<string, number | null>>,
  window: number,
  deviations: number,
): AccuracyBand | null {
  const low = metrics.foldAccuracyLow ?? metrics.accuracy ?? null;
  const high = metrics.foldAccuracyHigh ?? metrics.accuracy ?? null;
  if (low === null || high === null || !(low <= high)) return null;
  const middle = (low + high) / 2;
  const error = Math.sqrt((middle * (1 - middle)) / window);
  return { low: Math.max(0, low - deviations * error), high: Math.min(1, high + deviations * error) };
}

/** A model-driven strategy and what the Strategy Engine shows of it. */
export interface RegistryModelStrategy {
  readonly strategy: MlStrategy;
  readonly version: ModelVersion;
  drift(): ModelDriftStatus;
  /** Frees the model's memory (WASM for ONNX and XGBoost); after the strategy stopped. */
  dispose(): void;
}

async function versionOf(store: SqlModelRegistryStore, entry: ModelStrategyEntry): Promise<ModelVersion> {
  const field = `config: strategies[${entry.id}].model`;
  const { name, version } = entry.model;
  const found = version === undefined ? await store.production(name) : await store.get(name, version);
  if (found) return found;
  const known = (await store.list(name)).map((stored) => `v${stored.version} (${stored.status})`);
  throw new InvalidInputError(
    field,
    version === undefined
      ? `model ${name} has no production version (${known.length > 0 ? known.join(', ') : 'no versions registered'}); promote one or name a version`
      : `model ${name} version ${version} does not exist (${known.length > 0 ? known.join(', ') : 'no versions registered'})`,
    entry.model,
  );
}

export async function buildRegistryModelStrategy(
  entry: ModelStrategyEntry,
  store: SqlModelRegistryStore,
  alerts: DriftAlertPath,
): Promise<RegistryModelStrategy> {
  const field = `config: strategies[${entry.id}]`;
  let parameters: ReturnType<typeof modelStrategyParameters>;
  try {
    parameters = modelStrategyParameters(entry.parameters);
  } catch (error) {
    throw new InvalidInputError(`${field}.parameters`, (error as Error).message, entry.parameters);
  }
  const version = await versionOf(store, entry);
  const label = `${version.name} v${version.version}`;
  if (version.task !== 'classification')
    throw new InvalidInputError(
      `${field}.model`,
      `${label} is a ${version.task} model; the ml-model strategy trades on a probability`,
    );
  const model = await loadModel({
    kind: version.kind,
    task: version.task,
    columns: version.columns,
    contextRows: version.contextRows,
    payload: await store.artifact(version.name, version.version),
  });
  const band = backtestedBand(version.metrics, parameters.driftWindow, parameters.driftDeviations);
  let resolved = 0;
  let state: ModelDriftStatus['state'] = band ? 'warming' : 'no-band';
  const monitor = band
    ? new PredictionQualityMonitor({
        model: label,
        band,
        window: parameters.driftWindow,
        onAlert: (alert) => {
          state = alert.state === 'back-in-band' ? 'in-band' : alert.state;
          publishDriftAlert(alerts.bus, alerts.clock, alerts.ids, alert);
          alerts.onAlert?.(alert, entry.id);
        },
      })
    : null;
  let strategy: MlStrategy;
  try {
    strategy = new MlStrategy(toStrategyId(entry.id), entry.symbols, {
      features: version.features as FeatureSpec[],
      horizon: version.horizonBars,
      model: { model, name: version.name, version: version.version },
      trainRows: 0,
      minimumTrainRows: 2,
      retrainEvery: 1,
      enterAbove: parameters.enterAbove,
      exitBelow: parameters.exitBelow,
      seed: 0,
      maxPendingPredictions: parameters.maxPendingPredictions,
      outcomes: {
        record(outcome) {
          resolved++;
          if (!monitor) return;
          monitor.record(outcome);
          // The first full window without a state change is in the band.
          if (state === 'warming' && monitor.accuracy !== null) state = 'in-band';
        },
      },
    });
  } catch (error) {
    model.dispose();
    throw new InvalidInputError(`${field}.model`, `${label}: ${(error as Error).message}`);
  }
  return {
    strategy,
    version,
    drift: () => ({
      strategyId: entry.id,
      model: version.name,
      version: version.version,
      band,
      window: parameters.driftWindow,
      accuracy: monitor?.accuracy ?? null,
      resolved,
      state,
    }),
    dispose: () => model.dispose(),
  };
}
