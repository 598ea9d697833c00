// The Backtesting Engine's wiring, used alike in one process and in its own: runs queued (bounded) onto
// worker threads, stored in backtest_runs, over bundled data or the stored bars.
import { SqlBacktestRunRepository } from '@ats/persistence';
import { backtestQueueOf } from '../backtesting/backtest-queue.js';
import { BacktestingModule } from '../backtesting/backtesting-module.js';
import type { ServiceContext, ServiceInstance } from './service-context.js';

export function buildBacktesting(context: ServiceContext): ServiceInstance {
  return {
    module: new BacktestingModule({
      runs: new SqlBacktestRunRepository(context.database),
      marketData: context.repositories.marketData,
      metrics: context.metrics,
      onError: context.onError,
      queue: backtestQueueOf(context.config),
    }),
    async start() {},
    async stop() {},
  };
}
