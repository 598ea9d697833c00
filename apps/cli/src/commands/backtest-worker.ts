// `ats backtest-worker`: pulls backtest runs and optimization evaluations from the BullMQ queue on Redis.
// Registration only (commander): the work is in backtest-worker-action.ts, loaded when it runs.
import type { Command } from 'commander';

export function registerBacktestWorkerCommand(program: Command): void {
  program
    .command('backtest-worker')
    .description(
      'run distributed backtests and parameter evaluations from the queue on Redis (any number of these, on any machine)',
    )
    .option('--env <name>', 'configuration environment (config/<name>.yaml)')
    .option('--name <name>', "this worker's name on the jobs it takes (default: host-pid)")
    .option('--concurrency <count>', 'jobs at once (default: backtesting.distributed.worker_concurrency)')
    .action(async (options: { env?: string; name?: string; concurrency?: string }) =>
      (await import('./backtest-worker-action.js')).runBacktestWorker(options),
    );
}
