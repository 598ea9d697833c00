// The jobs a new installation starts with; stored once, then managed through the scheduler's API.
import type { JobDefinitionRecord } from '@ats/core';

export const defaultJobs: readonly JobDefinitionRecord[] = [
  {
    id: 'pre-open-warm-up',
    kind: 'pre-open-warm-up',
    trigger: { type: 'session', at: 'open', offsetMinutes: -15 },
    options: { bars: 120, missedRuns: 'skip' },
    paused: false,
    priority: 10,
  },
  {
    id: 'session-open',
    kind: 'session-open',
    trigger: { type: 'session', at: 'open' },
    options: {},
    paused: false,
    priority: 20,
  },
  {
    id: 'session-close',
    kind: 'session-close',
    trigger: { type: 'session', at: 'close' },
    options: {},
    paused: false,
    priority: 20,
  },
  {
    id: 'end-of-day-snapshot',
    kind: 'portfolio-snapshot',
    trigger: { type: 'session', at: 'close', offsetMinutes: 5 },
    options: {},
    paused: false,
    priority: 5,
  },
  {
    id: 'daily-backup',
    kind: 'database-backup',
    trigger: { type: 'session', at: 'close', offsetMinutes: 60 },
    options: { retention: 7 },
    paused: false,
    priority: 0,
  },
  {
    id: 'stale-market-data-check',
    kind: 'stale-market-data-check',
    trigger: { type: 'session-interval', everyMinutes: 1 },
    options: { maxAgeMilliseconds: 10_000, missedRuns: 'skip', maxAttempts: 1 },
    paused: false,
    priority: 15,
  },
];
