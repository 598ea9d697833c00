// Tests of the job scheduler on a test clock: calendar triggers, retries, missed runs, exactly once.
import { NyseCalendar } from '@ats/calendar';
import { AtsError, type JobDefinitionRecord, SeededRandom, TestClock } from '@ats/core';
import { describe, expect, it } from 'vitest';
import { InMemoryJobRepository } from './in-memory-job-repository.js';
import { type JobHandler, JobScheduler } from './job-scheduler.js';
import { nextFireTime } from './job-trigger.js';

const calendar = new NyseCalendar();
const iso = (instant: number) => new Date(instant).toISOString();

async function settle(): Promise<void> {
  for (let round = 0; round < 20; round++) await new Promise((resolve) => setImmediate(resolve));
}

async function advance(clock: TestClock, to: number): Promise<void> {
  // Step a second at a time so timers armed by handlers (retries) fire at their time too.
  while (clock.now() < to) {
    clock.advanceTo(Math.min(to, clock.now() + 1_000));
    await settle();
  }
}

function job(
  id: string,
  trigger: Record<string, unknown>,
  options: Record<string, unknown> = {},
): JobDefinitionRecord {
  return { id, kind: 'record', trigger, options, paused: false, priority: 0 };
}

function scheduler(
  clock: TestClock,
  repository: InMemoryJobRepository,
  handler: JobHandler,
  instance = 'one',
) {
  return new JobScheduler({
    clock,
    repository,
    calendar,
    random: new SeededRandom(1),
    instance,
    handlers: { record: handler },
  });
}

describe('calendar triggers', () => {
  it('fires 15 minutes before the open on trading days, skipping a holiday', () => {
    const before = { type: 'session', at: 'open', offsetMinutes: -15 } as const;
    // Wednesday 2026-11-25 after the open -> Thanksgiving is closed -> Friday 2026-11-27 09:15 ET.
    expect(iso(nextFireTime(before, Date.parse('2026-11-25T15:00:00Z'), calendar) as number)).toBe(
      '2026-11-27T14:15:00.000Z',
    );
  });

  it('fires at the close, an early close included', () => {
    const atClose = { type: 'session', at: 'close' } as const;
    expect(iso(nextFireTime(atClose, Date.parse('2026-11-27T15:00:00Z'), calendar) as number)).toBe(
      '2026-11-27T18:00:00.000Z',
    );
  });

  it('fires every 5 minutes during the regular session only', () => {
    const every = { type: 'session-interval', everyMinutes: 5 } as const;
    expect(iso(nextFireTime(every, Date.parse('2026-11-23T14:31:00Z'), calendar) as number)).toBe(
      '2026-11-23T14:35:00.000Z',
    );
    // The last fire before the 16:00 close is 15:55; then the next session's open.
    expect(iso(nextFireTime(every, Date.parse('2026-11-23T20:55:00Z'), calendar) as number)).toBe(
      '2026-11-24T14:30:00.000Z',
    );
  });
});

describe('JobScheduler', () => {
  it('retries a failing run with backoff and records the outcome', async () => {
    const clock = new TestClock(Date.parse('2026-11-23T00:00:00Z'));
    const repository = new InMemoryJobRepository();
    let calls = 0;
    const times: number[] = [];
    await repository.saveJob(
      job(
        'flaky',
        { type: 'interval', everyMilliseconds: 60_000 },
        { maxAttempts: 3, initialBackoffMilliseconds: 2_000 },
      ),
    );
    const instance = scheduler(clock, repository, () => {
      calls++;
      times.push(clock.now());
      if (calls < 3) throw new Error(`failure ${calls}`);
    });
    await instance.start();
    await advance(clock, Date.parse('2026-11-23T00:01:30Z'));
    expect(calls).toBe(3);
    // Backoff: about 2 s, then about 4 s (jittered between half and all of it).
    expect(times[1]! - times[0]!).toBeGreaterThanOrEqual(1_000);
    expect(times[2]! - times[1]!).toBeGreaterThanOrEqual(2_000);
    const [run] = await repository.listRuns({ jobId: 'flaky' });
    expect(run).toMatchObject({ status: 'succeeded', attempt: 3, error: null });
    await instance.stop();
  });

  it('applies the missed-run policy after downtime', async () => {
    for (const [policy, expected] of [
      ['skip', 0],
      ['run-once', 1],
      ['run-all', 3],
    ] as const) {
      const repository = new InMemoryJobRepository();
      const start = Date.parse('2026-11-23T00:00:00Z');
      await repository.saveJob(
        job('hourly', { type: 'interval', everyMilliseconds: 3_600_000 }, { missedRuns: policy }),
      );
      await repository.claimRun('hourly', start, 'earlier', start);
      // Down from 00:00 to 03:30: fires at 01:00, 02:00, 03:00 were missed.
      const clock = new TestClock(start + 3.5 * 3_600_000);
      const ran: number[] = [];
      const instance = scheduler(clock, repository, ({ scheduledFor }) => void ran.push(scheduledFor));
      await instance.start();
      await settle();
      expect(ran, policy).toHaveLength(expected);
      if (policy === 'run-once') expect(iso(ran[0] as number)).toBe('2026-11-23T03:00:00.000Z');
      await instance.stop();
    }
  });

  it('runs each due job exactly once when two instances share the store', async () => {
    const clock = new TestClock(Date.parse('2026-11-23T14:00:00Z'));
    const repository = new InMemoryJobRepository();
    await repository.saveJob(job('warm-up', { type: 'session', at: 'open', offsetMinutes: -15 }));
    await repository.saveJob(job('every-five', { type: 'session-interval', everyMinutes: 5 }));
    const runs: string[] = [];
    const record: JobHandler = ({ jobId, scheduledFor }) => void runs.push(`${jobId}@${iso(scheduledFor)}`);
    const first = scheduler(clock, repository, record, 'first');
    const second = scheduler(clock, repository, record, 'second');
    await first.start();
    await second.start();
    await advance(clock, Date.parse('2026-11-23T14:46:00Z'));
    expect(runs.sort()).toEqual([
      'every-five@2026-11-23T14:30:00.000Z',
      'every-five@2026-11-23T14:35:00.000Z',
      'every-five@2026-11-23T14:40:00.000Z',
      'every-five@2026-11-23T14:45:00.000Z',
      'warm-up@2026-11-23T14:15:00.000Z',
    ]);
    await first.stop();
    await second.stop();
  });

  it('pauses, resumes and triggers on demand, and refuses unknown kinds', async () => {
    const clock = new TestClock(Date.parse('2026-11-23T00:00:00Z'));
    const repository = new InMemoryJobRepository();
    const ran: number[] = [];
    const instance = scheduler(clock, repository, ({ scheduledFor }) => void ran.push(scheduledFor));
    await instance.start();
    await instance.addJob(job('minutely', { type: 'cron', expression: '* * * * *' }));
    await instance.pause('minutely');
    await advance(clock, Date.parse('2026-11-23T00:03:00Z'));
    expect(ran).toHaveLength(0);
    await instance.resume('minutely');
    await advance(clock, Date.parse('2026-11-23T00:05:00Z'));
    expect(ran).toHaveLength(2);
    await instance.trigger('minutely');
    expect(ran).toHaveLength(3);
    await expect(
      instance.addJob({ ...job('bad', { type: 'cron', expression: '* * * * *' }), kind: 'nope' }),
    ).rejects.toThrow(/job kind 'nope' is not registered/);
    await expect(instance.addJob(job('bad', { type: 'weekly' }))).rejects.toThrow(/trigger.type: 'weekly'/);
    await instance.stop();
  });

  it('runs topic-triggered jobs once per event', async () => {
    const clock = new TestClock(Date.parse('2026-11-23T00:00:00Z'));
    const repository = new InMemoryJobRepository();
    const listeners: ((event: never) => void)[] = [];
    const order: string[] = [];
    const instance = new JobScheduler({
      clock,
      repository,
      calendar,
      random: new SeededRandom(1),
      instance: 'one',
      maxConcurrency: 1,
      handlers: { record: ({ jobId, event }) => void order.push(`${jobId}:${event?.id ?? ''}`) },
      subscribe: (_topic, handler) => {
        listeners.push(handler as (event: never) => void);
        return () => {};
      },
    });
    await instance.start();
    await instance.addJob({ ...job('low', { type: 'topic', topic: 'risk.alerts' }), priority: 1 });
    await instance.addJob({ ...job('high', { type: 'topic', topic: 'risk.alerts' }), priority: 9 });
    const event = { id: 'alert-1', occurredAt: clock.now() } as never;
    for (const listener of listeners) listener(event);
    await settle();
    expect(order.sort()).toEqual(['high:alert-1', 'low:alert-1']);
    const again = { id: 'alert-2', occurredAt: clock.now() + 1 } as never;
    for (const listener of listeners) listener(again);
    await settle();
    expect(order).toHaveLength(4);
    await instance.stop();
  });

  it('gives a freed slot to the highest-priority waiting run', async () => {
    const clock = new TestClock(Date.parse('2026-11-23T00:00:00Z'));
    const repository = new InMemoryJobRepository();
    let release: () => void = () => {};
    const blocker = new Promise<void>((resolve) => {
      release = resolve;
    });
    const order: string[] = [];
    const instance = new JobScheduler({
      clock,
      repository,
      calendar,
      random: new SeededRandom(1),
      instance: 'one',
      maxConcurrency: 1,
      handlers: {
        block: async () => {
          await blocker;
          order.push('block');
        },
        record: ({ jobId }) => void order.push(jobId),
      },
    });
    await instance.start();
    await instance.addJob({
      ...job('block', { type: 'cron', expression: '* * * * *' }),
      kind: 'block',
      priority: 0,
    });
    await instance.addJob({ ...job('low', { type: 'cron', expression: '* * * * *' }), priority: 1 });
    await instance.addJob({ ...job('high', { type: 'cron', expression: '* * * * *' }), priority: 9 });
    // All three fire at 00:01. The blocker, queued first, takes the only slot; low and high wait, and
    // when the slot frees, high (priority 9) runs before low (priority 1) although low was queued first.
    clock.advanceTo(Date.parse('2026-11-23T00:01:00Z'));
    await settle();
    expect(order).toEqual([]);
    release();
    await settle();
    expect(order).toEqual(['block', 'high', 'low']);
    await instance.stop();
  });
});

/** The in-memory store with the database out for its first `outage` claim and outcome writes. */
class FailingStore extends InMemoryJobRepository {
  claimFailures = 0;
  outcomeFailures = 0;
  /** A claim stored before its failure is reported (the reply lost, not the insert). */
  storeBeforeFailing = false;

  constructor(
    private readonly outage: number,
    private readonly retryable = true,
  ) {
    super();
  }

  private failure(what: string): AtsError {
    return new AtsError(this.retryable ? 'DATABASE_UNAVAILABLE' : 'DATABASE_QUERY_FAILED', `${what} refused`);
  }

  override async claimRun(jobId: string, scheduledFor: number, instance: string, at: number) {
    if (this.claimFailures < this.outage) {
      this.claimFailures++;
      if (this.storeBeforeFailing) await super.claimRun(jobId, scheduledFor, instance, at);
      throw this.failure('claim');
    }
    return super.claimRun(jobId, scheduledFor, instance, at);
  }

  override async finishRun(...args: Parameters<InMemoryJobRepository['finishRun']>) {
    if (this.outcomeFailures < this.outage) {
      this.outcomeFailures++;
      throw this.failure('outcome');
    }
    return super.finishRun(...args);
  }
}

describe('JobScheduler with its store failing', () => {
  /** A scheduler started on `store` with one job firing every minute from midnight; what it ran and said. */
  async function startedOn(store: FailingStore) {
    const clock = new TestClock(Date.parse('2026-11-23T00:00:00Z'));
    await store.saveJob(job('minute', { type: 'interval', everyMilliseconds: 60_000 }));
    const ran: number[] = [];
    const errors: string[] = [];
    const instance = new JobScheduler({
      clock,
      repository: store,
      calendar,
      random: new SeededRandom(1),
      instance: 'one',
      handlers: { record: ({ scheduledFor }) => void ran.push(scheduledFor) },
      onError: (error) => errors.push((error as Error).message),
    });
    await instance.start();
    return { clock, ran, errors, instance };
  }

  it('waits out a database outage at the claim and at the outcome: the run happens once and its outcome is stored', async () => {
    const store = new FailingStore(3);
    const { clock, ran, errors, instance } = await startedOn(store);
    await advance(clock, Date.parse('2026-11-23T00:01:30Z'));
    expect(ran).toEqual([Date.parse('2026-11-23T00:01:00Z')]);
    const [run] = await store.listRuns({ jobId: 'minute' });
    expect(run).toMatchObject({ status: 'succeeded', attempt: 1 });
    expect(errors.filter((error) => /the claim of its run/.test(error))).toHaveLength(3);
    expect(errors.filter((error) => /the outcome of its run/.test(error))).toHaveLength(3);
    expect(errors[0]).toMatch(
      /job minute: the claim of its run for 2026-11-23T00:01:00.000Z was not stored \(attempt 1\): claim refused/,
    );
    await instance.stop();
  });

  it('skips a run whose claim fails for good, says so, and runs the next fire', async () => {
    const store = new FailingStore(1, false);
    const { clock, ran, errors, instance } = await startedOn(store);
    await advance(clock, Date.parse('2026-11-23T00:02:30Z'));
    expect(ran).toEqual([Date.parse('2026-11-23T00:02:00Z')]);
    expect(errors).toHaveLength(2);
    expect(errors[0]).toMatch(
      /the claim of its run for 2026-11-23T00:01:00.000Z was not stored \(attempt 1\)/,
    );
    // The outcome write of the 00:02 run failed for good too: said, and the scheduler goes on.
    expect(errors[1]).toMatch(/the outcome of its run for 2026-11-23T00:02:00.000Z was not stored/);
    await instance.stop();
  });

  it('does not start a run whose failed claim was stored all the same, and says why', async () => {
    const store = new FailingStore(1);
    store.storeBeforeFailing = true;
    const { clock, ran, errors, instance } = await startedOn(store);
    await advance(clock, Date.parse('2026-11-23T00:01:30Z'));
    expect(ran).toEqual([]);
    expect(errors.at(-1)).toMatch(
      /its run for 2026-11-23T00:01:00.000Z was not started: its claim failed and then found a claim already stored/,
    );
    await instance.stop();
  });
});
