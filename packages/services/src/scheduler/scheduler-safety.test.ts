// A job the scheduler disables raises an alert and a degraded health report; the shortest interval follows the market's speed.
import { IdGenerator, type PlatformEvent, SeededRandom, topics } from '@ats/core';
import { InProcessMessageBus } from '@ats/engine';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../config/load-config.js';
import { createLogger } from '../logging/create-logger.js';
import { checkBuiltInJobOptions } from './built-in-job-options.js';
import { schedulerSafetyOf } from './scheduler-safety.js';

function safetyAt(speed: number) {
  const config = loadConfig({
    directory: '/nonexistent-ats-config',
    env: {},
    overrides: { market: { speed } },
  });
  const bus = new InProcessMessageBus(() => {});
  const events: PlatformEvent[] = [];
  bus.subscribe(topics.riskAlerts, (event) => void events.push(event));
  bus.subscribe(topics.systemHealth, (event) => void events.push(event));
  const safety = schedulerSafetyOf({
    config,
    bus,
    ids: new IdGenerator(new SeededRandom(1)),
    clock: { now: () => 1_000 },
    logger: createLogger({ level: 'silent', service: 'test' }),
  });
  return { safety, events, bus };
}

describe('scheduler safety', () => {
  it('raises a critical alert and a degraded scheduler health when a job is disabled', async () => {
    const { safety, events, bus } = safetyAt(120);
    safety.onJobDisabled('broken', "cron '0 0 30 2 *': no fire time within five years");
    await bus.flush();
    expect(events).toMatchObject([
      { type: 'RiskAlertRaised', code: 'SCHEDULER_JOB_DISABLED', severity: 'critical' },
      { type: 'HealthReported', service: 'scheduler', status: 'degraded' },
    ]);
    expect((events[0] as { message: string }).message).toContain("job 'broken'");
  });

  it('sets the shortest interval to one wall second of market time', () => {
    expect(safetyAt(120).safety.minimumIntervalMilliseconds).toBe(120_000);
    expect(safetyAt(0.5).safety.minimumIntervalMilliseconds).toBe(1_000);
  });

  it('refuses a backup retention below 1 and options a kind does not take', () => {
    expect(() => checkBuiltInJobOptions('database-backup', { retention: 0 })).toThrow(/options.retention/);
    expect(() => checkBuiltInJobOptions('session-open', { retention: 3 })).toThrow(/options.retention/);
    expect(() => checkBuiltInJobOptions('database-backup', { retention: 7, maxAttempts: 2 })).not.toThrow();
  });
});
