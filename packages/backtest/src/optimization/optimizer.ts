// Parameter search (grid, seeded random) and walk-forward analysis, evaluated in parallel on worker threads.
import type { PerformanceMetrics } from '@ats/analytics';
import { type Bar, SeededRandom, type Ticker } from '@ats/core';
import type { BacktestAccount } from '../backtest-account.js';
import type { FillRules } from '../fill-rules.js';
import type { Evaluation, EvaluationTask } from './evaluate-parameters.js';
import { serializeRules, serializeSeries } from './serialized-backtest.js';
import { WorkerPool } from './worker-pool.js';

export type RankingMetric = 'sharpe' | 'sortino' | 'calmar' | 'totalReturn' | 'cagr' | 'profitFactor';

export type SearchSpace =
  | { readonly kind: 'grid'; readonly values: Readonly<Record<string, readonly number[]>> }
  | {
      readonly kind: 'random';
      readonly ranges: Readonly<Record<string, readonly [number, number]>>;
      readonly samples: number;
      readonly seed: number;
    };

export interface OptimizationConfig {
  readonly strategyKind: string;
  readonly bars: ReadonlyMap<Ticker, readonly Bar[]>;
  readonly space: SearchSpace;
  readonly metric: RankingMetric;
  readonly startingCash: string;
  readonly rules: FillRules;
  /** The venue's account (default: cash). */
  readonly account?: BacktestAccount;
  readonly workers: number;
  readonly onProgress?: (done: number) => void;
  /**
   * Evaluates the tasks somewhere else (a queue of worker processes, possibly on other machines)
   * instead of this process's worker threads; `workers` is then unused. The caller closes it.
   */
  readonly evaluator?: ParameterEvaluator;
}

/** Runs one evaluation task: this process's worker pool, or a distributed queue. */
export interface ParameterEvaluator {
  evaluate(task: EvaluationTask): Promise<Evaluation>;
}

/** The configured evaluator, or a worker pool of `workers` threads that `release` closes. */
function evaluatorOf(config: OptimizationConfig): {
  evaluator: ParameterEvaluator;
  release(): Promise<void>;
} {
  if (config.evaluator) return { evaluator: config.evaluator, release: async () => {} };
  const pool = new WorkerPool(config.workers);
  return { evaluator: pool, release: () => pool.close() };
}

export interface RankedResult {
  readonly parameters: Readonly<Record<string, number>>;
  readonly score: number;
  readonly metrics: PerformanceMetrics;
  readonly finalEquity: string;
}

/** Every combination of the grid's values, in a stable order. */
export function gridOf(values: Readonly<Record<string, readonly number[]>>): Record<string, number>[] {
  let combinations: Record<string, number>[] = [{}];
  for (const [name, options] of Object.entries(values)) {
    combinations = combinations.flatMap((combination) =>
      options.map((value) => ({ ...combination, [name]: value })),
    );
  }
  return combinations;
}

/** Seeded random whole-number draws within each inclusive range; duplicates are drawn again. */
export function randomSamples(
  ranges: Readonly<Record<string, readonly [number, number]>>,
  samples: number,
  seed: number,
): Record<string, number>[] {
  const random = new SeededRandom(seed);
  const seen = new Set<string>();
  const result: Record<string, number>[] = [];
  for (let attempt = 0; result.length < samples && attempt < samples * 50; attempt++) {
    const sample: Record<string, number> = {};
    for (const [name, [low, high]] of Object.entries(ranges))
      sample[name] = low + Math.floor(random.next() * (high - low + 1));
    const key = JSON.stringify(sample);
    if (seen.has(key)) continue;
    seen.add(key);
    result.push(sample);
  }
  return result;
}

function scoreOf(metrics: PerformanceMetrics, metric: RankingMetric): number {
  const value = metrics[metric];
  return Number.isFinite(value)
    ? value
    : metric === 'profitFactor' && value > 0
      ? Number.MAX_VALUE
      : Number.NEGATIVE_INFINITY;
}

function candidatesOf(space: SearchSpace): Record<string, number>[] {
  return space.kind === 'grid'
    ? gridOf(space.values)
    : randomSamples(space.ranges, space.samples, space.seed);
}

/**
 * Evaluates every task; a parameter set the strategy refuses (e.g. fast ≥ slow) is left out of the
 * ranking rather than ending the search, unless every one fails.
 */
async function evaluateAll(
  pool: ParameterEvaluator,
  tasks: EvaluationTask[],
  onDone: () => void,
): Promise<Evaluation[]> {
  const errors: string[] = [];
  const results = await Promise.all(
    tasks.map(async (task) => {
      try {
        return await pool.evaluate(task);
      } catch (error) {
        errors.push(`${JSON.stringify(task.parameters)}: ${(error as Error).message}`);
        return null;
      } finally {
        onDone();
      }
    }),
  );
  const evaluations = results.filter((result): result is Evaluation => result !== null);
  if (evaluations.length === 0)
    throw new RangeError(`no parameter set could run: ${errors.slice(0, 3).join('; ')}`);
  return evaluations;
}

function rank(evaluations: readonly Evaluation[], metric: RankingMetric): RankedResult[] {
  return evaluations
    .map((evaluation) => ({
      parameters: evaluation.parameters,
      score: scoreOf(evaluation.metrics, metric),
      metrics: evaluation.metrics,
      finalEquity: evaluation.finalEquity,
    }))
    .sort(
      (a, b) => b.score - a.score || JSON.stringify(a.parameters).localeCompare(JSON.stringify(b.parameters)),
    );
}

/** Evaluates every candidate over the whole history and ranks them by the metric, best first. */
export async function optimize(config: OptimizationConfig): Promise<RankedResult[]> {
  const series = [...config.bars].map(([symbol, bars]) => serializeSeries(symbol, bars));
  const rules = serializeRules(config.rules);
  const candidates = candidatesOf(config.space);
  const { evaluator: pool, release } = evaluatorOf(config);
  let done = 0;
  try {
    const evaluations = await evaluateAll(
      pool,
      candidates.map((parameters) => ({
        strategyKind: config.strategyKind,
        parameters,
        series,
        from: Number.NEGATIVE_INFINITY,
        to: Number.POSITIVE_INFINITY,
        startingCash: config.startingCash,
        rules,
        ...(config.account ? { account: config.account } : {}),
      })),
      () => config.onProgress?.(++done / candidates.length),
    );
    return rank(evaluations, config.metric);
  } finally {
    await release();
  }
}

export interface WalkForwardConfig extends OptimizationConfig {
  /** Bars of each in-sample (optimization) window. */
  readonly inSampleBars: number;
  /** Bars of each out-of-sample (test) window; windows roll forward by this much. */
  readonly outOfSampleBars: number;
}

export interface WalkForwardWindow {
  readonly inSample: { from: string; to: string };
  readonly outOfSample: { from: string; to: string };
  readonly best: Readonly<Record<string, number>>;
  readonly inSampleScore: number;
  readonly outOfSampleScore: number;
  readonly outOfSampleMetrics: PerformanceMetrics;
}

export interface WalkForwardResult {
  readonly windows: readonly WalkForwardWindow[];
  /** The out-of-sample equity of each window, chained: each window starts where the last ended. */
  readonly stitchedCurve: readonly { time: number; equity: number }[];
  readonly finalEquity: number;
}

/**
 * Rolls windows over the bar times of the first symbol: optimize on `inSampleBars`, test the best
 * parameters on the next `outOfSampleBars` (fresh indicators, so strategies warm up inside each test
 * window), then move on by the out-of-sample length.
 */
export async function walkForward(config: WalkForwardConfig): Promise<WalkForwardResult> {
  const series = [...config.bars].map(([symbol, bars]) => serializeSeries(symbol, bars));
  const rules = serializeRules(config.rules);
  const times = Array.from(series[0]?.time ?? []);
  const candidates = candidatesOf(config.space);
  const windows: WalkForwardWindow[] = [];
  const stitched: { time: number; equity: number }[] = [];
  let equity = Number(config.startingCash);
  const total = Math.max(1, Math.floor((times.length - config.inSampleBars) / config.outOfSampleBars));
  const { evaluator: pool, release } = evaluatorOf(config);
  const day = (time: number) => new Date(time).toISOString().slice(0, 10);
  try {
    for (let start = 0; start + config.inSampleBars < times.length; start += config.outOfSampleBars) {
      const inFrom = times[start] as number;
      const inTo = times[start + config.inSampleBars - 1] as number;
      const outFrom = times[start + config.inSampleBars] as number;
      const outTo = times[
        Math.min(times.length - 1, start + config.inSampleBars + config.outOfSampleBars - 1)
      ] as number;
      const task = (
        parameters: Record<string, number>,
        from: number,
        to: number,
        cash: string,
      ): EvaluationTask => ({
        strategyKind: config.strategyKind,
        parameters,
        series,
        from,
        to,
        startingCash: cash,
        rules,
        ...(config.account ? { account: config.account } : {}),
      });
      const ranked = rank(
        await evaluateAll(
          pool,
          candidates.map((parameters) => task(parameters, inFrom, inTo, config.startingCash)),
          () => {},
        ),
        config.metric,
      );
      const best = ranked[0] as RankedResult;
      const test = await pool.evaluate(
        task(best.parameters as Record<string, number>, outFrom, outTo, equity.toFixed(4)),
      );
      for (const point of test.curve) stitched.push(point);
      equity = Number(test.finalEquity);
      windows.push({
        inSample: { from: day(inFrom), to: day(inTo) },
        outOfSample: { from: day(outFrom), to: day(outTo) },
        best: best.parameters,
        inSampleScore: best.score,
        outOfSampleScore: scoreOf(test.metrics, config.metric),
        outOfSampleMetrics: test.metrics,
      });
      config.onProgress?.(Math.min(1, windows.length / total));
    }
  } finally {
    await release();
  }
  return { windows, stitchedCurve: stitched, finalEquity: equity };
}
