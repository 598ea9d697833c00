// Prediction quality drift: live accuracy over a rolling window against the band the backtest established; an alert on leaving it.
import type { Clock, IdGenerator, MessageBus, NotificationRaised } from '@ats/core';
import { topics } from '@ats/core';
import type { PredictionOutcomeSink } from '../strategy/ml-strategy.js';

/** The accuracy band a model showed out of sample (e.g. the range of its walk-forward folds). */
export interface AccuracyBand {
  readonly low: number;
  readonly high: number;
}

/**
 * A band from out-of-sample fold accuracies: their mean ± `deviations` sampling standard errors of
 * a window of `window` predictions (so a live window is judged by the noise its size allows).
 */
export function accuracyBand(
  foldAccuracies: readonly number[],
  window: number,
  deviations = 3,
): AccuracyBand {
  if (foldAccuracies.length === 0) throw new RangeError('accuracyBand: no fold accuracies');
  const mean = foldAccuracies.reduce((sum, value) => sum + value, 0) / foldAccuracies.length;
  const error = Math.sqrt((mean * (1 - mean)) / window);
  return { low: Math.max(0, mean - deviations * error), high: Math.min(1, mean + deviations * error) };
}

export interface DriftAlert {
  readonly model: string;
  readonly state: 'below-band' | 'above-band' | 'back-in-band';
  readonly accuracy: number;
  readonly band: AccuracyBand;
  readonly window: number;
  readonly at: number;
}

export interface PredictionQualityMonitorOptions {
  readonly model: string;
  readonly band: AccuracyBand;
  /** Resolved predictions in the rolling window. */
  readonly window: number;
  readonly onAlert: (alert: DriftAlert) => void;
}

export class PredictionQualityMonitor implements PredictionOutcomeSink {
  private readonly hits: Uint8Array;
  private next = 0;
  private count = 0;
  private correct = 0;
  private state: 'in-band' | 'below-band' | 'above-band' = 'in-band';

  constructor(private readonly options: PredictionQualityMonitorOptions) {
    const { band, window } = options;
    if (!(band.low >= 0 && band.low <= band.high && band.high <= 1)) {
      throw new RangeError(`drift.band: [${band.low}, ${band.high}] must satisfy 0 ≤ low ≤ high ≤ 1`);
    }
    if (!Number.isInteger(window) || window < 10)
      throw new RangeError(`drift.window: ${window} must be a whole number of at least 10`);
    this.hits = new Uint8Array(window);
  }

  /** Live accuracy over the window, or null until the window is full. */
  get accuracy(): number | null {
    return this.count < this.options.window ? null : this.correct / this.count;
  }

  record(outcome: { time: number; probability: number; label: 0 | 1 }): void {
    const hit = (outcome.probability > 0.5 ? 1 : 0) === outcome.label ? 1 : 0;
    if (this.count === this.options.window) this.correct -= this.hits[this.next] as number;
    else this.count++;
    this.hits[this.next] = hit;
    this.correct += hit;
    this.next = (this.next + 1) % this.options.window;
    const accuracy = this.accuracy;
    if (accuracy === null) return;
    const { band } = this.options;
    const state = accuracy < band.low ? 'below-band' : accuracy > band.high ? 'above-band' : 'in-band';
    if (state === this.state) return;
    this.state = state;
    this.options.onAlert({
      model: this.options.model,
      state: state === 'in-band' ? 'back-in-band' : state,
      accuracy,
      band,
      window: this.options.window,
      at: outcome.time,
    });
  }
}

/** Publishes a drift alert as a NotificationRaised event on notifications.model_drift (the monitoring path). */
export function publishDriftAlert(
  bus: MessageBus,
  clock: Clock,
  ids: IdGenerator,
  alert: DriftAlert,
): NotificationRaised {
  const percent = (value: number) => `${(value * 100).toFixed(1)}%`;
  const event: NotificationRaised = {
    type: 'NotificationRaised',
    id: ids.eventId(),
    occurredAt: alert.at,
    receivedAt: clock.now(),
    causationId: null,
    kind: 'model_drift',
    title:
      alert.state === 'back-in-band'
        ? `Model ${alert.model}: live accuracy back in its backtested band`
        : `Model ${alert.model}: live accuracy ${alert.state === 'below-band' ? 'below' : 'above'} its backtested band`,
    message: `accuracy ${percent(alert.accuracy)} over the last ${alert.window} predictions; backtested band ${percent(alert.band.low)}-${percent(alert.band.high)}`,
    // Below the band is the one that loses money: the highest priority.
    priority: alert.state === 'below-band' ? 8 : alert.state === 'above-band' ? 5 : 3,
  };
  bus.publish(topics.notifications('model_drift'), event);
  return event;
}
