// Runs one parameter set of a strategy over serialized bars, through the one backtest builder; shared by
// the worker and the inline path.
import type { PerformanceMetrics } from '@ats/analytics';
import { assembleBacktest } from '../assembly/assemble-backtest.js';
import type { BacktestAccount } from '../backtest-account.js';
import { releaseBacktestResult, runBacktest } from '../backtest-runner.js';
import type { SerializedRules, SerializedSeries } from './serialized-backtest.js';

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

/** The rows of a series inside [from, to] (its times are sorted): views, no copy. */
function windowOf(series: SerializedSeries, from: number, to: number): SerializedSeries {
  let start = 0;
  while (start < series.time.length && (series.time[start] as number) < from) start++;
  let end = start;
  while (end < series.time.length && (series.time[end] as number) <= to) end++;
  return {
    symbol: series.symbol,
    time: series.time.subarray(start, end),
    open: series.open.subarray(start, end),
    high: series.high.subarray(start, end),
    low: series.low.subarray(start, end),
    close: series.close.subarray(start, end),
    volume: series.volume.subarray(start, end),
  };
}

export async function evaluateParameters(task: EvaluationTask): Promise<Evaluation> {
  const series = task.series.map((one) => windowOf(one, task.from, task.to));
  const { config } = await assembleBacktest({
    strategy: task.strategyKind,
    parameters: { ...task.parameters },
    symbols: series.map((one) => one.symbol),
    data: { kind: 'series', series },
    cash: task.startingCash,
    fill: task.rules.marketFill,
    commission: task.rules.commission,
    slippage: task.rules.slippage,
    ...(task.rules.volumeParticipation !== undefined
      ? { participation: task.rules.volumeParticipation }
      : {}),
    ...(task.account ? { account: task.account } : {}),
  });
  const result = runBacktest(config);
  const evaluation = {
    parameters: task.parameters,
    metrics: result.metrics,
    finalEquity: result.finalEquity,
    curve: result.equityCurve.map((point) => ({ time: point.time, equity: point.equity })),
  };
  // Read: the next parameter set's run writes its curves into this one's memory.
  releaseBacktestResult(result);
  return evaluation;
}
