// A worker thread that runs one backtest and reports its progress, so a server stays responsive.
import { readFileSync } from 'node:fs';
import { setPriority } from 'node:os';
import { parentPort } from 'node:worker_threads';
import { type Bar, Money, type Ticker } from '@ats/core';
import { strategyFactoryOf } from '@ats/strategies';
import type { BacktestAccount } from './backtest-account.js';
import { runBacktest } from './backtest-runner.js';
import { renderHtmlReport } from './html-report.js';
import {
  deserializeRules,
  deserializeSeries,
  type SerializedRules,
  type SerializedSeries,
} from './optimization/serialized-backtest.js';
import { parseYahooCsv } from './yahoo-csv.js';

/** A daily CSV file the worker reads and parses itself, so a server's main thread never does. */
export interface BacktestFile {
  readonly symbol: string;
  readonly path: string;
  readonly from?: string;
  readonly to?: string;
}

export interface BacktestJob {
  readonly strategyKind: string;
  readonly parameters: Readonly<Record<string, number>>;
  /** Bars already loaded (e.g. from the database)... */
  readonly series?: readonly SerializedSeries[];
  /** ...and files to read and parse here, in this thread. */
  readonly files?: readonly BacktestFile[];
  readonly startingCash: string;
  readonly rules: SerializedRules;
  /** The venue's account (default: cash). */
  readonly account?: BacktestAccount;
}

// A backtest must not take CPU from the live node it runs beside: on Linux, setpriority on "this
// process" (pid 0) applies to the calling thread only, so this lowers just this worker thread.
try {
  setPriority(19);
} catch {
  // Not permitted or not supported: run at normal priority.
}

parentPort?.on('message', (job: BacktestJob) => {
  try {
    const factory = strategyFactoryOf(job.strategyKind);
    if (!factory) throw new RangeError(`strategy kind '${job.strategyKind}' is not registered`);
    const bars = new Map<Ticker, Bar[]>(
      (job.series ?? []).map((series) => [series.symbol as Ticker, deserializeSeries(series)]),
    );
    for (const file of job.files ?? []) {
      const symbol = file.symbol as Ticker;
      const parsed = parseYahooCsv(readFileSync(file.path, 'utf8'), {
        symbol,
        ...(file.from ? { from: file.from } : {}),
        ...(file.to ? { to: file.to } : {}),
      });
      if (parsed.length === 0)
        throw new RangeError(`${symbol}: no bars in ${file.from ?? 'the start'} .. ${file.to ?? 'the end'}`);
      bars.set(symbol, parsed);
    }
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
