// Runs jobs on their triggers: priorities, concurrency limits, retries with backoff, missed runs, exactly once.
import type { MarketCalendar } from '@ats/calendar';
import type { Clock, JobDefinitionRecord, JobRepository, PlatformEvent, RandomSource } from '@ats/core';
import { fireTimesBetween, type JobTrigger, nextFireTime, parseTrigger } from './job-trigger.js';

export type MissedRunPolicy = 'skip' | 'run-once' | 'run-all';

/** How a job runs; stored in its definition's options, each with a default. */
export interface JobRunOptions {
  /** Higher runs first when several runs wait for a slot. Default 0. */
  readonly priority: number;
  /** Runs of this job at once. Default 1. */
  readonly concurrency: number;
  /** Attempts including the first. Default 3. */
  readonly maxAttempts: number;
  readonly initialBackoffMilliseconds: number;
  readonly maxBackoffMilliseconds: number;
  /** A run taking longer fails with a timeout (and may be retried). Default 5 minutes. */
  readonly timeoutMilliseconds: number;
  /**
   * Fires missed while no scheduler ran: skip them, run the latest once (default), or run each, oldest
   * first, up to `missedRunCap`.
   */
  readonly missedRuns: MissedRunPolicy;
  readonly missedRunCap: number;
}

export const defaultRunOptions: JobRunOptions = {
  priority: 0,
  concurrency: 1,
  maxAttempts: 3,
  initialBackoffMilliseconds: 1_000,
  maxBackoffMilliseconds: 60_000,
  timeoutMilliseconds: 300_000,
  missedRuns: 'run-once',
  missedRunCap: 100,
};

export interface JobContext {
  readonly jobId: string;
  readonly scheduledFor: number;
  readonly attempt: number;
  readonly options: Readonly<Record<string, unknown>>;
  /** The event that fired a topic trigger. */
  readonly event?: PlatformEvent;
}

export type JobHandler = (context: JobContext) => void | Promise<void>;

export interface JobSchedulerOptions {
  /** The clock triggers fire on (market time; a simulated market may run it faster than the wall). */
  readonly clock: Clock;
  /**
   * The clock of timeouts and retry backoffs, which measure work, not the market: the wall clock even
   * when triggers run on an accelerated market clock. Defaults to `clock`.
   */
  readonly durationClock?: Clock;
  readonly repository: JobRepository;
  readonly calendar: MarketCalendar;
  readonly random: RandomSource;
  /** This instance's name, recorded with each run it claims. */
  readonly instance: string;
  readonly handlers: Readonly<Record<string, JobHandler>>;
  /** Runs at once across all jobs of this instance. Default 4. */
  readonly maxConcurrency?: number;
  /** Subscribes to a bus topic for topic triggers; returns the unsubscribe function. */
  readonly subscribe?: (topic: string, handler: (event: PlatformEvent) => void) => () => void;
  readonly onRunFinished?: (outcome: {
    jobId: string;
    scheduledFor: number;
    status: string;
    attempt: number;
    error: string | null;
  }) => void;
}

interface ScheduledJob {
  definition: JobDefinitionRecord;
  trigger: JobTrigger;
  options: JobRunOptions;
  cancel: (() => void) | null;
  running: number;
}

interface PendingRun {
  readonly job: ScheduledJob;
  readonly scheduledFor: number;
  readonly claimKey: string;
  readonly event?: PlatformEvent;
}

function runOptionsOf(options: Readonly<Record<string, unknown>>, priority: number): JobRunOptions {
  const pick = <K extends keyof JobRunOptions>(key: K): JobRunOptions[K] =>
    (options[key] as JobRunOptions[K] | undefined) ?? defaultRunOptions[key];
  return {
    priority,
    concurrency: pick('concurrency'),
    maxAttempts: pick('maxAttempts'),
    initialBackoffMilliseconds: pick('initialBackoffMilliseconds'),
    maxBackoffMilliseconds: pick('maxBackoffMilliseconds'),
    timeoutMilliseconds: pick('timeoutMilliseconds'),
    missedRuns: pick('missedRuns'),
    missedRunCap: pick('missedRunCap'),
  };
}

export class JobScheduler {
  private readonly jobs = new Map<string, ScheduledJob>();
  private readonly queue: PendingRun[] = [];
  private running = 0;
  private readonly active = new Set<Promise<void>>();
  private stopped = false;

  constructor(private readonly options: JobSchedulerOptions) {}

  /** Loads the stored jobs, runs missed fires per policy, and arms every trigger. */
  async start(): Promise<void> {
    for (const definition of await this.options.repository.listJobs()) await this.install(definition, true);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    for (const job of this.jobs.values()) job.cancel?.();
    this.queue.length = 0;
    while (this.active.size > 0) await Promise.all([...this.active]);
  }

  /** Adds or replaces a job, stores it and arms it. Throws on an unknown kind or a bad trigger. */
  async addJob(definition: JobDefinitionRecord): Promise<void> {
    if (!this.options.handlers[definition.kind]) {
      throw new RangeError(
        `job kind '${definition.kind}' is not registered; known: ${Object.keys(this.options.handlers).join(', ')}`,
      );
    }
    parseTrigger(definition.trigger);
    await this.options.repository.saveJob(definition);
    this.jobs.get(definition.id)?.cancel?.();
    await this.install(definition, false);
  }

  async pause(jobId: string): Promise<boolean> {
    const job = this.jobs.get(jobId);
    if (!job || !(await this.options.repository.setPaused(jobId, true))) return false;
    job.cancel?.();
    job.cancel = null;
    job.definition = { ...job.definition, paused: true };
    return true;
  }

  async resume(jobId: string): Promise<boolean> {
    const job = this.jobs.get(jobId);
    if (!job || !(await this.options.repository.setPaused(jobId, false))) return false;
    job.definition = { ...job.definition, paused: false };
    this.arm(job, this.options.clock.now());
    return true;
  }

  /**
   * Runs a job now, whatever its trigger; resolves when the run has finished. Manual runs are claimed
   * under `<job>#manual`, apart from the trigger's fires, so they never take a scheduled fire's place.
   */
  async trigger(jobId: string): Promise<void> {
    const job = this.jobs.get(jobId);
    if (!job) throw new RangeError(`no job '${jobId}'`);
    const scheduledFor = this.options.clock.now();
    await this.execute({ job, scheduledFor, claimKey: `${job.definition.id}#manual` });
  }

  list(): { definition: JobDefinitionRecord; nextFire: number | null; running: number }[] {
    const now = this.options.clock.now();
    return [...this.jobs.values()].map((job) => ({
      definition: job.definition,
      nextFire: job.definition.paused ? null : nextFireTime(job.trigger, now, this.options.calendar),
      running: job.running,
    }));
  }

  private async install(definition: JobDefinitionRecord, recoverMissed: boolean): Promise<void> {
    const job: ScheduledJob = {
      definition,
      trigger: parseTrigger(definition.trigger),
      options: runOptionsOf(definition.options, definition.priority),
      cancel: null,
      running: 0,
    };
    this.jobs.set(definition.id, job);
    if (definition.paused) return;
    const now = this.options.clock.now();
    if (recoverMissed && job.trigger.type !== 'topic' && job.options.missedRuns !== 'skip') {
      const last = await this.options.repository.lastScheduledFor(definition.id);
      if (last !== null) {
        const missed = fireTimesBetween(
          job.trigger,
          last,
          now,
          this.options.calendar,
          job.options.missedRunCap,
        );
        const chosen = job.options.missedRuns === 'run-once' ? missed.slice(-1) : missed;
        for (const scheduledFor of chosen) this.enqueue({ job, scheduledFor, claimKey: definition.id });
      }
    }
    this.arm(job, now);
  }

  /** Sets the timer (or subscription) for the job's next fire. */
  private arm(job: ScheduledJob, after: number): void {
    if (this.stopped || job.definition.paused) return;
    if (job.trigger.type === 'topic') {
      const subscribe = this.options.subscribe;
      if (!subscribe)
        throw new RangeError(`job '${job.definition.id}' has a topic trigger but the scheduler has no bus`);
      job.cancel = subscribe(job.trigger.topic, (event) =>
        this.enqueue({
          job,
          scheduledFor: event.occurredAt,
          claimKey: `${job.definition.id}#${event.id}`,
          event,
        }),
      );
      return;
    }
    const next = nextFireTime(job.trigger, after, this.options.calendar);
    if (next === null) return;
    job.cancel = this.options.clock.setTimer(next, () => {
      if (this.jobs.get(job.definition.id) !== job || job.definition.paused) return;
      this.enqueue({ job, scheduledFor: next, claimKey: job.definition.id });
      this.arm(job, next);
    });
  }

  private enqueue(run: PendingRun): void {
    if (this.stopped) return;
    this.queue.push(run);
    // Highest priority first, then the oldest fire.
    this.queue.sort(
      (a, b) => b.job.options.priority - a.job.options.priority || a.scheduledFor - b.scheduledFor,
    );
    this.dispatch();
  }

  private dispatch(): void {
    const limit = this.options.maxConcurrency ?? 4;
    for (let index = 0; index < this.queue.length && this.running < limit; ) {
      const run = this.queue[index] as PendingRun;
      if (run.job.running >= run.job.options.concurrency) {
        index++;
        continue;
      }
      this.queue.splice(index, 1);
      const done = this.execute(run).finally(() => {
        this.active.delete(done);
        this.dispatch();
      });
      this.active.add(done);
    }
  }

  private async execute(run: PendingRun): Promise<void> {
    const { job, scheduledFor } = run;
    const { repository, clock, instance } = this.options;
    this.running++;
    job.running++;
    try {
      // Exactly once across instances: only the instance whose claim inserts the row runs it.
      if (!(await repository.claimRun(run.claimKey, scheduledFor, instance, clock.now()))) return;
      const handler = this.options.handlers[job.definition.kind] as JobHandler;
      let attempt = 0;
      let error: string | null = null;
      for (;;) {
        attempt++;
        try {
          await this.withTimeout(
            Promise.resolve(
              handler({
                jobId: job.definition.id,
                scheduledFor,
                attempt,
                options: job.definition.options,
                ...(run.event ? { event: run.event } : {}),
              }),
            ),
            job.options.timeoutMilliseconds,
          );
          error = null;
          break;
        } catch (failure) {
          error = (failure as Error).message ?? String(failure);
          if (attempt >= job.options.maxAttempts || this.stopped) break;
          await this.sleep(this.backoff(job.options, attempt));
        }
      }
      const status = error === null ? 'succeeded' : 'failed';
      await repository.finishRun(run.claimKey, scheduledFor, { status, attempt, at: clock.now(), error });
      this.options.onRunFinished?.({ jobId: job.definition.id, scheduledFor, status, attempt, error });
    } finally {
      this.running--;
      job.running--;
    }
  }

  /** Exponential backoff with full jitter from the injected random source. */
  private backoff(options: JobRunOptions, attempt: number): number {
    const ceiling = Math.min(
      options.maxBackoffMilliseconds,
      options.initialBackoffMilliseconds * 2 ** (attempt - 1),
    );
    return Math.round(ceiling / 2 + (ceiling / 2) * this.options.random.next());
  }

  private get durations(): Clock {
    return this.options.durationClock ?? this.options.clock;
  }

  private sleep(milliseconds: number): Promise<void> {
    return new Promise((resolve) => this.durations.setTimer(this.durations.now() + milliseconds, resolve));
  }

  private withTimeout(work: Promise<void>, milliseconds: number): Promise<void> {
    return new Promise((resolve, reject) => {
      const cancel = this.durations.setTimer(this.durations.now() + milliseconds, () =>
        reject(new Error(`timed out after ${milliseconds} ms`)),
      );
      work.then(
        () => {
          cancel();
          resolve();
        },
        (error: unknown) => {
          cancel();
          reject(error);
        },
      );
    });
  }
}
