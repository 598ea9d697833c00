// Ports of the job scheduler's storage: job definitions, claimed runs (exactly once) and run history.

export type JobRunStatus = 'running' | 'succeeded' | 'failed' | 'skipped';

/** A job as stored: which handler runs it, when, and how. */
export interface JobDefinitionRecord {
  readonly id: string;
  /** The registered handler kind, e.g. 'portfolio-snapshot'. */
  readonly kind: string;
  /** The trigger as data (see the scheduler package), e.g. { type: 'cron', expression: '0 16 * * 1-5' }. */
  readonly trigger: Readonly<Record<string, unknown>>;
  readonly options: Readonly<Record<string, unknown>>;
  readonly paused: boolean;
  readonly priority: number;
}

export interface JobRunRecord {
  readonly jobId: string;
  /** The fire time the run is for (epoch ms); with the job id, unique: one run per fire. */
  readonly scheduledFor: number;
  readonly status: JobRunStatus;
  readonly attempt: number;
  readonly instance: string;
  readonly startedAt: number;
  readonly finishedAt: number | null;
  readonly error: string | null;
}

export interface JobRepository {
  saveJob(job: JobDefinitionRecord): Promise<void>;
  listJobs(): Promise<JobDefinitionRecord[]>;
  setPaused(jobId: string, paused: boolean): Promise<boolean>;
  /**
   * Claims the run of a job for one fire time. Exactly one claimant across every scheduler instance
   * gets true; the rest get false and must not run it.
   */
  claimRun(jobId: string, scheduledFor: number, instance: string, at: number): Promise<boolean>;
  /** Records the outcome of a claimed run (attempt counts retries). */
  finishRun(
    jobId: string,
    scheduledFor: number,
    outcome: { status: JobRunStatus; attempt: number; at: number; error: string | null },
  ): Promise<void>;
  /** The latest fire time claimed for a job, or null; where missed-run recovery starts. */
  lastScheduledFor(jobId: string): Promise<number | null>;
  listRuns(filter?: { jobId?: string; limit?: number }): Promise<JobRunRecord[]>;
}
