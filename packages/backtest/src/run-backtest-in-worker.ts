// Runs one backtest on a worker thread, reporting progress; resolves with the result and its HTML report.
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { BacktestResult } from './backtest-runner.js';
import type { BacktestJob } from './backtest-worker.js';

const workerFile = fileURLToPath(new URL('../dist/backtest-worker.js', import.meta.url));

export function runBacktestInWorker(
  job: BacktestJob,
  onProgress: (done: number) => void,
): Promise<{ result: BacktestResult; report: string }> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(workerFile);
    worker.on(
      'message',
      (message: { progress?: number; result?: BacktestResult; report?: string; error?: string }) => {
        if (message.progress !== undefined) onProgress(message.progress);
        else {
          void worker.terminate();
          if (message.error) reject(new Error(message.error));
          else resolve({ result: message.result as BacktestResult, report: message.report as string });
        }
      },
    );
    worker.on('error', reject);
    worker.postMessage(job);
  });
}
