// Labels from future bars: the only place that reads ahead, and each label states the bars it spans.
import type { FeatureBar } from './feature-spec.js';

export interface ForwardLabels {
  /** log(close[i + horizon] / close[i]); NaN where the future bar is not there yet. */
  readonly forwardReturn: Float64Array;
  /** 1 when the forward return is above the threshold, 0 otherwise; NaN where unknown. */
  readonly up: Float64Array;
  /** Bars each label spans after its own (sample i's label is known at bar i + horizon). */
  readonly horizon: number;
}

export function forwardLabels(bars: readonly FeatureBar[], horizon: number, threshold = 0): ForwardLabels {
  if (!Number.isInteger(horizon) || horizon < 1) {
    throw new RangeError(`labels.horizon: ${horizon} must be a whole number of bars of at least 1`);
  }
  const forwardReturn = new Float64Array(bars.length).fill(Number.NaN);
  const up = new Float64Array(bars.length).fill(Number.NaN);
  for (let index = 0; index + horizon < bars.length; index++) {
    const value = Math.log((bars[index + horizon] as FeatureBar).close / (bars[index] as FeatureBar).close);
    forwardReturn[index] = value;
    up[index] = value > threshold ? 1 : 0;
  }
  return { forwardReturn, up, horizon };
}
