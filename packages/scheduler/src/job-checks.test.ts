// Jobs that would crash or brick a scheduler are refused before they are saved, or disabled when already stored.
import { NyseCalendar } from '@ats/calendar';
import { type JobDefinitionRecord, SeededRandom, TestClock } from '@ats/core';
import { describe, expect, it } from 'vitest';
import { InMemoryJobRepository } from './in-memory-job-repository.js';
import { JobScheduler, type JobSchedulerOptions } from './job-scheduler.js';

const start = Date.parse('2026-11-30T15:00:00Z');

function job(id: string, trigger: Record<string, unknown>, extra: Partial<JobDefinitionRecord> = {}) {
  return {
    id,
    kind: 'record',
    trigger,
    options: {},
    paused: false,
    priority: 0,
    ...extra,
  } as JobDefinitionRecord;
}

function schedulerWith(repository: InMemoryJobRepository, extra: Partial<JobSchedulerOptions> = {}) {
  const runs: string[] = [];
  const clock = new TestClock(start);
  const scheduler = new JobScheduler({
    clock,
    repository,
    calendar: new NyseCalendar(),
    random: new SeededRandom(1),
    instance: 'one',
    handlers: { record: (context) => void runs.push(context.jobId) },
    ...extra,
  });
  return { scheduler, clock, runs };
}

describe('refused before saving', () => {
  it.each([1e308, 1e14, Number.POSITIVE_INFINITY, 1.5e3 + 0.5])(
    'refuses an interval of %s ms and saves nothing',
    async (every) => {
      const repository = new InMemoryJobRepository();
      const { scheduler } = schedulerWith(repository);
      await expect(
        scheduler.addJob(job('huge', { type: 'interval', everyMilliseconds: every })),
      ).rejects.toThrow(/trigger.everyMilliseconds/);
      expect(await repository.listJobs()).toEqual([]);
    },
  );

  it('refuses a cron that never fires and saves nothing', async () => {
    const repository = new InMemoryJobRepository();
    const { scheduler } = schedulerWith(repository);
    await expect(scheduler.addJob(job('never', { type: 'cron', expression: '0 0 30 2 *' }))).rejects.toThrow(
      /trigger: never fires/,
    );
    expect(await repository.listJobs()).toEqual([]);
  });

  it('refuses an interval shorter than the minimum in wall time', async () => {
    const repository = new InMemoryJobRepository();
    const { scheduler } = schedulerWith(repository, { minimumIntervalMilliseconds: 120_000 });
    await expect(
      scheduler.addJob(job('fast', { type: 'interval', everyMilliseconds: 1_000 })),
    ).rejects.toThrow(/must be at least 120000/);
    expect(await repository.listJobs()).toEqual([]);
  });

  it.each(['constructor', '__proto__', 'toString', 'hasOwnProperty'])(
    "refuses the inherited name '%s' as a job kind and as a job id",
    async (name) => {
      const repository = new InMemoryJobRepository();
      const { scheduler } = schedulerWith(repository);
      const trigger = { type: 'interval', everyMilliseconds: 60_000 };
      await expect(scheduler.addJob(job('fine', trigger, { kind: name }))).rejects.toThrow(/kind: job kind/);
      await expect(scheduler.addJob(job(name, trigger))).rejects.toThrow(/id: /);
      expect(await repository.listJobs()).toEqual([]);
    },
  );

  it('refuses a trigger firing closer together than its kind allows', async () => {
    const repository = new InMemoryJobRepository();
    const { scheduler } = schedulerWith(repository, { minimumSpacingOfKind: { record: 3_600_000 } });
    await expect(scheduler.addJob(job('often', { type: 'cron', expression: '*/5 * * * *' }))).rejects.toThrow(
      /fires 300000 ms apart/,
    );
    await scheduler.addJob(job('hourly', { type: 'cron', expression: '0 * * * *' }));
    expect((await repository.listJobs()).map((row) => row.id)).toEqual(['hourly']);
  });

  it('refuses run options out of range and options the kind check refuses', async () => {
    const repository = new InMemoryJobRepository();
    const { scheduler } = schedulerWith(repository, {
      validateOptions: (_kind, options) => {
        if (options.retention === 0) throw new RangeError('options.retention must be at least 1');
      },
    });
    const trigger = { type: 'interval', everyMilliseconds: 60_000 };
    await expect(scheduler.addJob(job('a', trigger, { options: { maxAttempts: 0 } }))).rejects.toThrow(
      /options.maxAttempts/,
    );
    await expect(scheduler.addJob(job('b', trigger, { options: { retention: 0 } }))).rejects.toThrow(
      /options.retention/,
    );
    expect(await repository.listJobs()).toEqual([]);
  });
});

describe('stored jobs that cannot be scheduled', () => {
  it('disables a bad stored row with a report and still schedules the good ones', async () => {
    const repository = new InMemoryJobRepository();
    await repository.saveJob(job('huge', { type: 'interval', everyMilliseconds: 1e308 }));
    await repository.saveJob(job('never', { type: 'cron', expression: '0 0 30 2 *' }));
    await repository.saveJob(job('good', { type: 'interval', everyMilliseconds: 60_000 }));
    const reports: string[] = [];
    const { scheduler, clock, runs } = schedulerWith(repository, {
      onJobDisabled: (jobId, reason) => reports.push(`${jobId}: ${reason}`),
    });
    await scheduler.start();
    expect(reports.map((line) => line.split(':')[0]).sort()).toEqual(['huge', 'never']);
    const stored = await repository.listJobs();
    expect(
      stored
        .filter((row) => row.paused)
        .map((row) => row.id)
        .sort(),
    ).toEqual(['huge', 'never']);
    expect(scheduler.list().find((entry) => entry.definition.id === 'never')?.disabledReason).toMatch(
      /never fires/,
    );
    clock.advanceTo(start + 61_000);
    for (let round = 0; round < 20; round++) await new Promise((resolve) => setImmediate(resolve));
    expect(runs).toContain('good');
    await scheduler.stop();
  });
});
