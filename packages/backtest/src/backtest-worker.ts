// A worker thread that runs one backtest and reports its progress, so a server stays responsive. The job
// is a backtest request: the one builder assembles it here, reading and parsing files in this thread.
import { setPriority } from 'node:os';
import { parentPort } from 'node:worker_threads';
import type { Ticker } from '@ats/core';
import { assembleBacktest } from './assembly/assemble-backtest.js';
import type { BacktestRequestInput } from './assembly/backtest-request.js';
import { runBacktest } from './backtest-runner.js';
import { renderHtmlReport } from './html-report.js';

export interface BacktestJob {
  /** What to run, as the REST API accepted it (bars already loaded travel as `series` data). */
  readonly request: BacktestRequestInput;
}

// A backtest must not take CPU from the live node it runs beside: on Linux, setpriority on "this
// process" (pid 0) applies to the calling thread only, so this lowers just this worker thread.
try {
  setPriority(19);
} catch {
  // Not permitted or not supported: run at normal priority.
}

async function run(job: BacktestJob): Promise<void> {
  let last = 0;
  const assembled = await assembleBacktest(job.request, {
    onProgress: (done) => {
      if (done - last >= 0.05 || done === 1) {
        last = done;
        parentPort?.postMessage({ progress: done });
      }
    },
  });
  const result = runBacktest(assembled.config);
  const first = assembled.config.bars?.get(assembled.symbols[0] as Ticker) ?? [];
  // One symbol: its closes, one per point of the curve, for the trades-on-the-price chart (report and dashboard).
  const prices = assembled.symbols.length === 1 ? first.map((bar) => bar.close.toNumber()) : undefined;
  const report = renderHtmlReport(result, {
    title: assembled.title,
    startingCash: Number(assembled.request.cash),
    ...(prices ? { prices } : {}),
  });
  parentPort?.postMessage({ result: prices ? { ...result, prices } : result, report });
}

parentPort?.on('message', (job: BacktestJob) => {
  run(job).catch((error: unknown) => parentPort?.postMessage({ error: (error as Error).message }));
});
