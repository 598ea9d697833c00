// The work of `ats backtest-worker`, loaded only when it runs.
import { loadConfig, startConfiguredBacktestWorker } from '@ats/services';
import { exitOnConfigError, stopOnSignal } from './process-signals.js';

export async function runBacktestWorker(options: {
  env?: string;
  name?: string;
  concurrency?: string;
}): Promise<void> {
  const concurrency = options.concurrency === undefined ? undefined : Number(options.concurrency);
  if (
    concurrency !== undefined &&
    !(Number.isInteger(concurrency) && concurrency >= 1 && concurrency <= 64)
  ) {
    console.error(
      `ats backtest-worker: --concurrency '${options.concurrency}' must be a whole number from 1 to 64`,
    );
    process.exit(2);
  }
  const config = exitOnConfigError(() => loadConfig(options.env ? { environment: options.env } : {}));
  const worker = await startConfiguredBacktestWorker(config, {
    ...(options.name ? { name: options.name } : {}),
    ...(concurrency !== undefined ? { concurrency } : {}),
    onError: (error) => console.error(`backtest-worker: ${(error as Error).message}`),
    onJob: ({ job, name, state }) => console.log(`backtest-worker: ${name} job ${job} ${state}`),
  });
  console.log(`backtest-worker ${worker.name} waiting for jobs`);
  stopOnSignal(
    () => worker.stop(),
    (line) => console.log(line),
  );
}
