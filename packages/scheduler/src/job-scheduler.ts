// Runs jobs on their triggers: priorities, concurrency limits, retries with backoff, missed runs, exactly once.
import type { MarketCalendar } from '@ats/calendar';
import {
  AtsError,
  type Clock,
  type JobDefinitionRecord,
  type JobRepository,
  type PlatformEvent,
  type RandomSource,
} from '@ats/core';
import { checkJobDefinition, defaultHorizonMilliseconds, type JobCheckContext } from './job-checks.js';
import { fireTimesBetween, type JobTrigger, nextFireTime } from './job-trigger.js';

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
  /** How far ahead a job's next fire may be (trigger clock). Default 366 days. */
  readonly horizonMilliseconds?: number;
  /** The shortest interval trigger, in trigger-clock ms. Default 1000. */
  readonly minimumIntervalMilliseconds?: number;
  /** The least time between two fires per kind (trigger clock), for kinds with heavy runs. */
  readonly minimumSpacingOfKind?: Readonly<Record<string, number>>;
  /** Checks one kind's options before a job is saved or armed; throws an InvalidInputError. */
  readonly validateOptions?: (kind: string, options: Readonly<Record<string, unknown>>) => void;
  /**
   * A stored job that cannot be scheduled (a bad row, a trigger past the calendar) is paused and
   * reported here instead of stopping the scheduler; the services log it and raise an alert.
   */
  readonly onJobDisabled?: (jobId: string, reason: string) => void;
  /**
   * A run's bookkeeping could not be stored (its claim or its outcome, the database out): reported here
   * while the scheduler waits and tries again. Without it the failure rejected a promise nobody awaited
   * and ended the process (found by `ats chaos`: the scheduler exited during a PostgreSQL restart).
   */
  readonly onError?: (error: unknown) => void;
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

/** A job shown by `list()` with its next fire; `disabledReason` when it could not be scheduled. */
export interface ListedJob {
  readonly definition: JobDefinitionRecord;
  readonly nextFire: number | null;
  readonly running: number;
  readonly disabledReason?: string;
}

export class JobScheduler {
  private readonly jobs = new Map<string, ScheduledJob>();
  /** Stored jobs that failed their checks, by id, with the reason; kept out of the timers. */
  private readonly disabled = new Map<string, { definition: JobDefinitionRecord; reason: string }>();
  private readonly queue: PendingRun[] = [];
  private running = 0;
  private readonly active = new Set<Promise<void>>();
  private stopped = false;

  constructor(private readonly options: JobSchedulerOptions) {}

  /**
   * Loads the stored jobs, runs missed fires per policy, and arms every trigger. A stored job that
   * fails its checks is paused and reported, never allowed to stop the start.
   */
  async start(): Promise<void> {
    for (const definition of await this.options.repository.listJobs()) {
      try {
        checkJobDefinition(definition, this.checkContext());
        await this.install(definition, true);
      } catch (error) {
        await this.disable(definition, (error as Error).message);
      }
    }
  }

  private checkContext(): JobCheckContext {
    return {
      kinds: this.options.handlers,
      calendar: this.options.calendar,
      now: this.options.clock.now(),
      horizonMilliseconds: this.options.horizonMilliseconds ?? defaultHorizonMilliseconds,
      minimumIntervalMilliseconds: this.options.minimumIntervalMilliseconds ?? 1_000,
      topicsAvailable: this.options.subscribe !== undefined,
      ...(this.options.validateOptions ? { validateOptions: this.options.validateOptions } : {}),
      ...(this.options.minimumSpacingOfKind
        ? { minimumSpacingOfKind: this.options.minimumSpacingOfKind }
        : {}),
    };
  }

  /** Takes a job out of the timers, stores it paused, and reports why. */
  private async disable(definition: JobDefinitionRecord, reason: string): Promise<void> {
    this.jobs.get(definition.id)?.cancel?.();
    this.jobs.delete(definition.id);
    this.disabled.set(definition.id, { definition: { ...definition, paused: true }, reason });
    try {
      await this.options.repository.setPaused(definition.id, true);
    } catch {
      // The job is out of the timers either way; the report below says why.
    }
    this.options.onJobDisabled?.(definition.id, reason);
  }

  /** Why a job is disabled, or null when it is scheduled normally (or unknown). */
  disabledReason(jobId: string): string | null {
    return this.disabled.get(jobId)?.reason ?? null;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    for (const job of this.jobs.values()) job.cancel?.();
    this.queue.length = 0;
    while (this.active.size > 0) await Promise.all([...this.active]);
  }

  /**
   * Adds or replaces a job, stores it and arms it. Every check runs before the store: a job that
   * would be refused (unknown kind, a trigger that never fires, bad options) is never saved.
   */
  async addJob(definition: JobDefinitionRecord): Promise<void> {
    checkJobDefinition(definition, this.checkContext());
    await this.options.repository.saveJob(definition);
    this.disabled.delete(definition.id);
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

  list(): ListedJob[] {
    const now = this.options.clock.now();
    const scheduled = [...this.jobs.values()].map((job) => ({
      definition: job.definition,
      nextFire: job.definition.paused ? null : this.nextFireOrNull(job.trigger, now),
      running: job.running,
    }));
    const disabled = [...this.disabled.values()].map(({ definition, reason }) => ({
      definition,
      nextFire: null,
      running: 0,
      disabledReason: reason,
    }));
    return [...scheduled, ...disabled];
  }

  private nextFireOrNull(trigger: JobTrigger, after: number): number | null {
    try {
      return nextFireTime(trigger, after, this.options.calendar);
    } catch {
      return null;
    }
  }

  private async install(definition: JobDefinitionRecord, recoverMissed: boolean): Promise<void> {
    const job: ScheduledJob = {
      definition,
      trigger: checkJobDefinition(definition, this.checkContext()),
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
    let next: number | null;
    try {
      next = nextFireTime(job.trigger, after, this.options.calendar);
    } catch (error) {
      // A trigger that cannot fire any more (past the calendar's range) disables its job, nothing else.
      void this.disable(job.definition, (error as Error).message);
      return;
    }
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
      // `execute` handles its own failures; the catch is the last guard, so no run can end the process.
      const done = this.execute(run)
        .catch((error: unknown) => this.report(error))
        .finally(() => {
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
      const claimed = await this.stored('claim', run, () =>
        repository.claimRun(run.claimKey, scheduledFor, instance, clock.now()),
      );
      if (claimed.failedFirst && claimed.value === false)
        // A claim whose first try failed may have been stored all the same (the reply lost, not the
        // insert): the run is not started twice, and the skipped fire is said.
        this.report(
          new AtsError(
            'DATABASE_UNAVAILABLE',
            `job ${run.job.definition.id}: its run for ${new Date(scheduledFor).toISOString()} was not started: its claim failed and then found a claim already stored (possibly its own, whose reply was lost)`,
          ),
        );
      if (claimed.value !== true) return;
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
      const at = clock.now();
      await this.stored('outcome', run, () =>
        repository.finishRun(run.claimKey, scheduledFor, { status, attempt, at, error }),
      );
      this.options.onRunFinished?.({ jobId: job.definition.id, scheduledFor, status, attempt, error });
    } finally {
      this.running--;
      job.running--;
    }
  }

  /**
   * A write of a run's bookkeeping, tried again while it fails with a retryable error (the database
   * restarting, its disk full) until it is stored or the scheduler stops; each failure is reported. A
   * failure that is not retryable, or a stop, gives no value. `failedFirst`: the first try failed.
   */
  private async stored<Value>(
    what: 'claim' | 'outcome',
    run: PendingRun,
    write: () => Promise<Value>,
  ): Promise<{ value: Value | undefined; failedFirst: boolean }> {
    let failedFirst = false;
    for (let attempt = 1; ; attempt++) {
      try {
        return { value: await write(), failedFirst };
      } catch (error) {
        failedFirst = true;
        this.report(
          new AtsError(
            'DATABASE_UNAVAILABLE',
            `job ${run.job.definition.id}: the ${what} of its run for ${new Date(run.scheduledFor).toISOString()} was not stored (attempt ${attempt}): ${(error as Error).message}`,
            { cause: error },
          ),
        );
        const retryable = (error as { retryable?: unknown } | null)?.retryable === true;
        if (!retryable || this.stopped) return { value: undefined, failedFirst };
        await this.sleep(Math.min(5_000, 100 * 2 ** Math.min(attempt, 6)));
      }
    }
  }

  private report(error: unknown): void {
    this.options.onError?.(error);
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
