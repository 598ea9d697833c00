// `ats backtest-worker` from the configuration: the shared PostgreSQL (backtest_runs) and Redis (the
// queue), and the lock and stall settings of backtesting.distributed.
import { hostname } from 'node:os';
import { AtsError } from '@ats/core';
import { openDatabase, SqlBacktestRunRepository } from '@ats/persistence';
import type { AtsConfig } from '../config/config-schema.js';
import {
  databaseOptionsOf,
  databaseUrlOf,
  durationMilliseconds,
  redisEndpointOf,
} from '../wiring/config-mapping.js';
import { type BacktestQueueWorkerOptions, startBacktestWorker } from './backtest-queue-worker.js';

export interface ConfiguredBacktestWorker {
  readonly name: string;
  stop(): Promise<void>;
}

export async function startConfiguredBacktestWorker(
  config: AtsConfig,
  options: {
    readonly name?: string;
    readonly concurrency?: number;
    readonly onError: (error: unknown) => void;
    readonly onJob?: BacktestQueueWorkerOptions['onJob'];
  },
): Promise<ConfiguredBacktestWorker> {
  const endpoint = redisEndpointOf(config);
  if (!endpoint)
    throw new AtsError(
      'CONFIG_INVALID',
      'config: a backtest worker needs Redis (redis.url, sentinels or cluster_endpoints; set REDIS_URL)',
    );
  if (!databaseUrlOf(config))
    throw new AtsError(
      'CONFIG_INVALID',
      'config: a backtest worker needs the shared PostgreSQL (database.url; set DATABASE_URL)',
    );
  const settings = config.backtesting.distributed;
  const database = await openDatabase(databaseOptionsOf(config));
  const name = options.name ?? `${hostname()}-${process.pid}`;
  try {
    const worker = await startBacktestWorker({
      endpoint,
      deploymentName: config.deployment.name,
      runs: new SqlBacktestRunRepository(database),
      name,
      concurrency: options.concurrency ?? settings.worker_concurrency,
      lockDurationMilliseconds: durationMilliseconds(settings.lock_duration),
      stalledIntervalMilliseconds: durationMilliseconds(settings.stalled_interval),
      maxStalledCount: settings.attempts,
      onError: options.onError,
      ...(options.onJob ? { onJob: options.onJob } : {}),
    });
    return {
      name,
      async stop() {
        await worker.close();
        await database.close();
      },
    };
  } catch (error) {
    await database.close();
    throw error;
  }
}
