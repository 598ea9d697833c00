// Two scheduler instances against one database (PostgreSQL when DATABASE_URL is set): each due job runs exactly once.
import { NyseCalendar } from '@ats/calendar';
import { SeededRandom, TestClock } from '@ats/core';
import {
  type Database,
  openTestDatabase,
  PostgresDatabase,
  SqlJobRepository,
  testDatabaseKinds,
} from '@ats/persistence';
import { type JobHandler, JobScheduler } from '@ats/scheduler';
import { describe, expect, it } from 'vitest';

const iso = (instant: number) => new Date(instant).toISOString();

async function settle(): Promise<void> {
  for (let round = 0; round < 30; round++) await new Promise((resolve) => setImmediate(resolve));
}

describe.each(testDatabaseKinds())('scheduler on %s', (kind) => {
  it('runs each due job exactly once with two instances, and keeps the run history', async () => {
    const test = await openTestDatabase(kind);
    // A second instance has its own connection pool to the same database (or shares the embedded one).
    const other: Database =
      kind === 'postgres'
        ? await PostgresDatabase.open({ url: test.url as string, schema: test.schema as string })
        : test.database;
    const clock = new TestClock(Date.parse('2026-11-23T14:00:00Z'));
    const runs: string[] = [];
    const record: JobHandler = async ({ jobId, scheduledFor }) => {
      runs.push(`${jobId}@${iso(scheduledFor)}`);
    };
    const make = (database: Database, instance: string) =>
      new JobScheduler({
        clock,
        repository: new SqlJobRepository(database),
        calendar: new NyseCalendar(),
        random: new SeededRandom(3),
        instance,
        handlers: { record },
      });
    const first = make(test.database, 'first');
    const second = make(other, 'second');
    await first.start();
    await second.start();
    await first.addJob({
      id: 'warm-up',
      kind: 'record',
      trigger: { type: 'session', at: 'open', offsetMinutes: -15 },
      options: {},
      paused: false,
      priority: 5,
    });
    await first.addJob({
      id: 'every-ten',
      kind: 'record',
      trigger: { type: 'session-interval', everyMinutes: 10 },
      options: {},
      paused: false,
      priority: 0,
    });
    // The second instance learns of the jobs the first added, as a restart would load them.
    await second.stop();
    const secondAgain = make(other, 'second');
    await secondAgain.start();
    for (let minute = 0; minute <= 52; minute++) {
      clock.advanceTo(Date.parse('2026-11-23T14:00:00Z') + minute * 60_000);
      // Real database round trips: give the claims time to settle between steps.
      await settle();
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    // Database round trips take their time under load: wait for the runs to be recorded, then a little
    // longer so a duplicate run, if there were one, would show.
    const deadline = Date.now() + 15_000;
    while (
      Date.now() < deadline &&
      (await new SqlJobRepository(test.database).listRuns()).filter((run) => run.status !== 'running')
        .length < 4
    ) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(runs.sort()).toEqual([
      'every-ten@2026-11-23T14:30:00.000Z',
      'every-ten@2026-11-23T14:40:00.000Z',
      'every-ten@2026-11-23T14:50:00.000Z',
      'warm-up@2026-11-23T14:15:00.000Z',
    ]);
    const history = await new SqlJobRepository(test.database).listRuns();
    expect(history).toHaveLength(4);
    expect(history.every((run) => run.status === 'succeeded' && run.attempt === 1)).toBe(true);
    expect(new Set(history.map((run) => run.instance)).size).toBeGreaterThanOrEqual(1);
    await first.stop();
    await secondAgain.stop();
    if (other !== test.database) await other.close();
    await test.dispose();
  }, 60_000);
});
