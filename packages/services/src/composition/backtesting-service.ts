// The Backtesting Engine's wiring, used alike in one process and in its own: runs queued (bounded) onto
// worker threads, or onto the BullMQ queue of `ats backtest-worker` processes when
// backtesting.distributed.enabled; stored in backtest_runs, over bundled data or the stored bars.

import { AtsError } from '@ats/core';
import { SqlBacktestRunRepository } from '@ats/persistence';
import { backtestQueueOf } from '../backtesting/backtest-queue.js';
import { BacktestingModule } from '../backtesting/backtesting-module.js';
import { DistributedBacktestQueue } from '../backtesting/distributed-backtest-queue.js';
import { redisEndpointOf } from '../wiring/config-mapping.js';
import type { ServiceContext, ServiceInstance } from './service-context.js';
import { pluginStrategiesOf } from './strategies-of-config.js';

/** The BullMQ queue when backtesting.distributed.enabled; it needs Redis. */
export function distributedBacktestQueueOf(
  config: ServiceContext['config'],
): DistributedBacktestQueue | null {
  const settings = config.backtesting.distributed;
  if (!settings.enabled) return null;
  const endpoint = redisEndpointOf(config);
  if (!endpoint)
    throw new AtsError(
      'CONFIG_INVALID',
      'config: backtesting.distributed.enabled needs Redis (redis.url, sentinels or cluster_endpoints)',
    );
  return new DistributedBacktestQueue({
    endpoint,
    deploymentName: config.deployment.name,
    attempts: settings.attempts,
  });
}

export function buildBacktesting(context: ServiceContext): ServiceInstance {
  const distributed = distributedBacktestQueueOf(context.config);
  return {
    module: new BacktestingModule({
      runs: new SqlBacktestRunRepository(context.database),
      ...(context.readDatabase ? { readRuns: new SqlBacktestRunRepository(context.readDatabase) } : {}),
      marketData: context.repositories.marketData,
      metrics: context.metrics,
      onError: context.onError,
      queue: backtestQueueOf(context.config),
      plugins: pluginStrategiesOf(context.config),
      ...(distributed ? { distributed } : {}),
    }),
    async start() {},
    async stop() {
      await distributed?.close();
    },
  };
}
