// The consumer side of distributed backtests: one `ats backtest-worker` process pulls jobs from the
// BullMQ queue. A run executes on a worker thread (as in the Backtesting service) and writes its
// progress and result to backtest_runs; an evaluation returns its metrics to the optimizer that
// queued it. A worker that dies holding a job loses its lock, and another worker takes the job again.
import {
  type BacktestRequestInput,
  type EvaluationTask,
  runBacktestInWorker,
  WorkerPool,
} from '@ats/backtest';
import type { BacktestRunRepository } from '@ats/core';
import { connectRedis, type RedisClient, type RedisEndpoint } from '@ats/redis';
import { type Job, Worker } from 'bullmq';
import { decodeBacktestJob, encodeBacktestJob } from './backtest-job-codec.js';
import {
  backtestQueueName,
  bullPrefixOf,
  type EvaluationJobData,
  type RunJobData,
} from './distributed-backtest-queue.js';

export interface BacktestQueueWorkerOptions {
  readonly endpoint: RedisEndpoint;
  readonly deploymentName: string;
  /** Where runs are stored (PostgreSQL shared with the Backtesting service). */
  readonly runs: BacktestRunRepository;
  /** This worker's name, recorded on each job it takes (`job.processedBy`). */
  readonly name: string;
  /** Jobs this process runs at once. */
  readonly concurrency: number;
  /** How long a job's lock lasts without renewal: a dead worker's job is free again after this. */
  readonly lockDurationMilliseconds: number;
  /** How often this worker looks for jobs whose holder's lock expired (stalled) and queues them again. */
  readonly stalledIntervalMilliseconds: number;
  /** How many times a job may stall (its worker died) before it fails. */
  readonly maxStalledCount: number;
  readonly onError: (error: unknown) => void;
  /** Told of each job as it starts and ends (the CLI logs it). */
  readonly onJob?: (event: { job: string; name: string; state: 'started' | 'completed' | 'failed' }) => void;
}

export interface RunningBacktestWorker {
  close(): Promise<void>;
}

async function runJob(job: Job<RunJobData>, runs: BacktestRunRepository): Promise<string> {
  const { runId } = job.data;
  const request = decodeBacktestJob<BacktestRequestInput>(job.data.request);
  await runs.updateProgress(runId, 'running', 0);
  let writing = Promise.resolve();
  const { result, report } = await runBacktestInWorker({ request }, (done) => {
    writing = writing.then(() => runs.updateProgress(runId, 'running', done)).catch(() => {});
  });
  await writing;
  // Stored before the job is acknowledged: a worker killed between the two leaves a finished run that
  // the next worker computes again and stores identically.
  await runs.finish(runId, { status: 'succeeded', result: { result, report }, error: null, at: Date.now() });
  return runId;
}

async function evaluationJob(job: Job<EvaluationJobData>, pool: WorkerPool): Promise<string> {
  const task = decodeBacktestJob<EvaluationTask>(job.data.task);
  return encodeBacktestJob(await pool.evaluate(task));
}

export async function startBacktestWorker(
  options: BacktestQueueWorkerOptions,
): Promise<RunningBacktestWorker> {
  const connection: RedisClient = connectRedis(options.endpoint, { maxRetriesPerRequest: null });
  // Evaluations run on worker threads, never on this thread: a backtest that held the event loop would
  // stop BullMQ renewing the job's lock, and the job would be taken for stalled while it runs. (A pool
  // of one thread runs inline, hence at least two.)
  const pool = new WorkerPool(Math.max(2, options.concurrency));
  connection.on('error', () => {});
  const worker = new Worker(
    backtestQueueName,
    async (job: Job) => {
      options.onJob?.({ job: String(job.id), name: job.name, state: 'started' });
      if (job.name === 'run') return runJob(job as Job<RunJobData>, options.runs);
      if (job.name === 'evaluate') return evaluationJob(job as Job<EvaluationJobData>, pool);
      throw new Error(`unknown backtest job '${job.name}'`);
    },
    {
      connection,
      prefix: bullPrefixOf(options.deploymentName),
      name: options.name,
      concurrency: options.concurrency,
      lockDuration: options.lockDurationMilliseconds,
      stalledInterval: options.stalledIntervalMilliseconds,
      maxStalledCount: options.maxStalledCount,
    },
  );
  worker.on('error', options.onError);
  worker.on('completed', (job) =>
    options.onJob?.({ job: String(job.id), name: job.name, state: 'completed' }),
  );
  worker.on('failed', (job, error) => {
    if (!job) return;
    options.onJob?.({ job: String(job.id), name: job.name, state: 'failed' });
    // A run whose last try failed is marked failed, so a client polling it is not left waiting.
    if (job.name !== 'run') return;
    void job
      .getState()
      .then(async (state) => {
        if (state !== 'failed') return;
        await options.runs.finish((job.data as RunJobData).runId, {
          status: 'failed',
          result: null,
          error: error.message,
          at: Date.now(),
        });
      })
      .catch(options.onError);
  });
  await worker.waitUntilReady();
  return {
    async close() {
      await worker.close();
      await pool.close();
      connection.disconnect();
    },
  };
}
