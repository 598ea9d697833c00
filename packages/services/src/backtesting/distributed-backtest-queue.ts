// The producer side of distributed backtests: whole runs (from the REST API) and parameter evaluations
// (from the optimizer) become BullMQ jobs on Redis, pulled by any number of `ats backtest-worker`
// processes on any number of machines.
import type { BacktestRequestInput, Evaluation, EvaluationTask, ParameterEvaluator } from '@ats/backtest';
import { AtsError } from '@ats/core';
import { connectRedis, type RedisClient, type RedisEndpoint } from '@ats/redis';
import { type Job, Queue } from 'bullmq';
import { decodeBacktestJob, encodeBacktestJob } from './backtest-job-codec.js';

/** The one queue's name; its keys live under `bullPrefixOf(deployment)`. */
export const backtestQueueName = 'backtests';

/**
 * BullMQ's key prefix for a deployment. The braces are a Redis Cluster hash tag: every key of the
 * queue hashes to one slot, as BullMQ's multi-key scripts need; on one server they are just text.
 */
export function bullPrefixOf(deploymentName: string): string {
  return `{${deploymentName}}:bull`;
}

/** A job's data: the encoded payload (backtest-job-codec.ts), so columns and non-finite numbers survive. */
export interface RunJobData {
  readonly runId: string;
  readonly request: string;
}
export interface EvaluationJobData {
  readonly task: string;
}

export interface DistributedBacktestQueueOptions {
  readonly endpoint: RedisEndpoint;
  readonly deploymentName: string;
  /** Tries of a job, a worker that died holding it included (BullMQ's stalled-job recovery). */
  readonly attempts: number;
  /** How often a waiting evaluation asks for its job's state (default 100 ms). */
  readonly pollMilliseconds?: number;
}

export class DistributedBacktestQueue implements ParameterEvaluator {
  private readonly connection: RedisClient;
  private readonly queue: Queue;

  constructor(private readonly options: DistributedBacktestQueueOptions) {
    // BullMQ needs commands that wait through a Redis outage rather than fail after a few retries.
    this.connection = connectRedis(options.endpoint, { maxRetriesPerRequest: null });
    this.connection.on('error', () => {});
    this.queue = new Queue(backtestQueueName, {
      connection: this.connection,
      prefix: bullPrefixOf(options.deploymentName),
    });
    // The queue passes on its connection's errors as its own 'error' events. With no listener BullMQ
    // caught the throw and printed each error with console.error, outside the service's log (9 lines in
    // 2 s while Redis was away); the calls that need Redis still fail with the error.
    this.queue.on('error', () => {});
  }

  private jobOptions(jobId?: string) {
    return {
      ...(jobId ? { jobId } : {}),
      attempts: this.options.attempts,
      backoff: { type: 'fixed' as const, delay: 1_000 },
      // Kept an hour, by age rather than count: an optimization of thousands of candidates collects
      // each result after it completed.
      removeOnComplete: { age: 3_600 },
      removeOnFail: { age: 86_400 },
    };
  }

  /** Queues a stored run (backtest_runs row `runId`); a worker writes its progress and result there. */
  async enqueueRun(runId: string, request: BacktestRequestInput): Promise<void> {
    const data: RunJobData = { runId, request: encodeBacktestJob(request) };
    // The run id is the job id: queuing the same run twice is one job.
    await this.queue.add('run', data, this.jobOptions(runId));
  }

  /**
   * Evaluates one parameter set on whichever worker takes it, and waits for its result. The wait polls
   * the job's state: BullMQ's event stream (QueueEvents) did not deliver completions through an
   * ioredis Cluster client here, and polling works alike on one server, Sentinel and a cluster.
   */
  async evaluate(task: EvaluationTask): Promise<Evaluation> {
    const data: EvaluationJobData = { task: encodeBacktestJob(task) };
    const added = await this.queue.add('evaluate', data, this.jobOptions());
    const id = added.id as string;
    for (;;) {
      // The state first, then the job: a job read before it completed would carry no return value yet.
      const state = await this.queue.getJobState(id);
      if (state === 'completed' || state === 'failed') {
        const job = await this.queue.getJob(id);
        if (!job) throw new AtsError('NOT_FOUND', `evaluation job ${id} is gone from the queue`);
        if (state === 'failed')
          throw new AtsError(
            'INVALID_INPUT',
            `evaluation job ${id} failed: ${job.failedReason ?? 'no reason given'}`,
          );
        if (typeof job.returnvalue !== 'string')
          throw new AtsError('INVALID_INPUT', `evaluation job ${id} completed without a result`);
        return decodeBacktestJob<Evaluation>(job.returnvalue);
      }
      if (state === 'unknown') throw new AtsError('NOT_FOUND', `evaluation job ${id} is gone from the queue`);
      await new Promise((resolve) => setTimeout(resolve, this.options.pollMilliseconds ?? 100));
    }
  }

  /** Jobs by state, for /health. */
  async counts(): Promise<Record<string, number>> {
    return this.queue.getJobCounts('waiting', 'active', 'delayed', 'completed', 'failed');
  }

  /** The job of a run, for tests and operators: its state, attempts and the worker that has it. */
  async runJob(runId: string): Promise<Job | undefined> {
    return this.queue.getJob(runId);
  }

  /** Deletes the queue and every job in it, running ones included (benchmarks and tests clean up). */
  async obliterate(): Promise<void> {
    await this.queue.obliterate({ force: true });
  }

  async close(): Promise<void> {
    await this.queue.close();
    this.connection.disconnect();
  }
}
