// A worker thread that runs one backtest and reports its progress, so a server stays responsive.
import { parentPort } from 'node:worker_threads';
import { Money, type Ticker } from '@ats/core';
import { strategyRegistry } from '@ats/strategies';
import type { BacktestAccount } from './backtest-account.js';
import { runBacktest } from './backtest-runner.js';
import { renderHtmlReport } from './html-report.js';
import {
  deserializeRules,
  deserializeSeries,
  type SerializedRules,
  type SerializedSeries,
} from './optimization/serialized-backtest.js';

export interface BacktestJob {
  readonly strategyKind: string;
  readonly parameters: Readonly<Record<string, number>>;
  readonly series: readonly SerializedSeries[];
  readonly startingCash: string;
  readonly rules: SerializedRules;
  /** The venue's account (default: cash). */
  readonly account?: BacktestAccount;
}

parentPort?.on('message', (job: BacktestJob) => {
  try {
    const factory = strategyRegistry[job.strategyKind];
    if (!factory) throw new RangeError(`strategy kind '${job.strategyKind}' is not registered`);
    const bars = new Map(job.series.map((series) => [series.symbol as Ticker, deserializeSeries(series)]));
    const symbols = [...bars.keys()];
    let last = 0;
    const result = runBacktest({
      bars,
      strategies: () => [factory(job.strategyKind, symbols, job.parameters)],
      startingCash: Money.of(job.startingCash),
      rules: deserializeRules(job.rules),
      limits: { positionFraction: 1 / symbols.length, maxPositionSize: 1 },
      ...(job.account ? { account: job.account } : {}),
      onProgress: (done) => {
        if (done - last >= 0.05 || done === 1) {
          last = done;
          parentPort?.postMessage({ progress: done });
        }
      },
    });
    const first = bars.get(symbols[0] as Ticker) ?? [];
    const report = renderHtmlReport(result, {
      title: `${job.strategyKind} ${JSON.stringify(job.parameters)} on ${symbols.join(', ')}`,
      startingCash: Number(job.startingCash),
      ...(symbols.length === 1 ? { prices: first.map((bar) => bar.close.toNumber()) } : {}),
    });
    parentPort?.postMessage({ result, report });
  } catch (error) {
    parentPort?.postMessage({ error: (error as Error).message });
  }
});
