// Runs one parameter set of a strategy over serialized bars; shared by the worker and the inline path.
import type { PerformanceMetrics } from '@ats/analytics';
import { Money, type Ticker } from '@ats/core';
import { strategyFactoryOf } from '@ats/strategies';
import type { BacktestAccount } from '../backtest-account.js';
import { runBacktest } from '../backtest-runner.js';
import {
  deserializeRules,
  deserializeSeries,
  type SerializedRules,
  type SerializedSeries,
} from './serialized-backtest.js';

export interface EvaluationTask {
  readonly strategyKind: string;
  readonly parameters: Readonly<Record<string, number>>;
  readonly series: readonly SerializedSeries[];
  /** Only bars with from ≤ time ≤ to take part. */
  readonly from: number;
  readonly to: number;
  readonly startingCash: string;
  readonly rules: SerializedRules;
  /** The venue's account (default: cash). */
  readonly account?: BacktestAccount;
}

export interface Evaluation {
  readonly parameters: Readonly<Record<string, number>>;
  readonly metrics: PerformanceMetrics;
  readonly finalEquity: string;
  /** Equity per bar of the window, for stitching walk-forward curves. */
  readonly curve: readonly { time: number; equity: number }[];
}

export function evaluateParameters(task: EvaluationTask): Evaluation {
  const factory = strategyFactoryOf(task.strategyKind);
  if (!factory) throw new RangeError(`strategy kind '${task.strategyKind}' is not registered`);
  const bars = new Map<Ticker, ReturnType<typeof deserializeSeries>>();
  for (const series of task.series) {
    bars.set(
      series.symbol as Ticker,
      deserializeSeries(series).filter((bar) => bar.time >= task.from && bar.time <= task.to),
    );
  }
  const symbols = [...bars.keys()];
  const result = runBacktest({
    bars,
    strategies: () => [factory(task.strategyKind, symbols, task.parameters)],
    startingCash: Money.of(task.startingCash),
    rules: deserializeRules(task.rules),
    limits: { positionFraction: 1 / symbols.length, maxPositionSize: 1 },
    ...(task.account ? { account: task.account } : {}),
  });
  return {
    parameters: task.parameters,
    metrics: result.metrics,
    finalEquity: result.finalEquity,
    curve: result.equityCurve.map((point) => ({ time: point.time, equity: point.equity })),
  };
}
