// Tests of cron parsing and next-fire times, including daylight-saving days in New York.
import { describe, expect, it } from 'vitest';
import { CronExpression } from './cron-expression.js';

const iso = (instant: number) => new Date(instant).toISOString();

describe('CronExpression', () => {
  it('finds the next fire in a time zone', () => {
    const weekdayClose = new CronExpression('0 16 * * MON-FRI', 'America/New_York');
    // Friday 2026-11-20 17:00 ET -> Monday 16:00 ET (21:00Z in winter).
    expect(iso(weekdayClose.next(Date.parse('2026-11-20T22:00:00Z')))).toBe('2026-11-23T21:00:00.000Z');
    expect(iso(new CronExpression('*/15 9-10 * * *', 'UTC').next(Date.parse('2026-01-01T09:50:00Z')))).toBe(
      '2026-01-01T10:00:00.000Z',
    );
    expect(iso(new CronExpression('30 4 1,15 * *').next(Date.parse('2026-01-02T00:00:00Z')))).toBe(
      '2026-01-15T04:30:00.000Z',
    );
  });

  it('fires on either restricted day field, as Vixie cron does', () => {
    // The 13th or any Friday: from 2026-03-01, the first is Friday 2026-03-06.
    expect(iso(new CronExpression('0 12 13 * FRI').next(Date.parse('2026-03-01T00:00:00Z')))).toBe(
      '2026-03-06T12:00:00.000Z',
    );
  });

  it('moves a time skipped by spring forward to just after the gap, and fires a repeated time once', () => {
    const early = new CronExpression('30 2 * * *', 'America/New_York');
    // 2026-03-08 02:30 does not exist in New York; it fires at 03:30 EDT = 07:30Z.
    expect(iso(early.next(Date.parse('2026-03-08T05:00:00Z')))).toBe('2026-03-08T07:30:00.000Z');
    const repeated = new CronExpression('30 1 * * *', 'America/New_York');
    // 2026-11-01 01:30 happens twice; it fires at the first (EDT, 05:30Z), then next day.
    const first = repeated.next(Date.parse('2026-11-01T04:00:00Z'));
    expect(iso(first)).toBe('2026-11-01T05:30:00.000Z');
    expect(iso(repeated.next(first))).toBe('2026-11-02T06:30:00.000Z');
  });

  it('names what is wrong in a bad expression', () => {
    expect(() => new CronExpression('* * *')).toThrow(/needs 5 fields/);
    expect(() => new CronExpression('61 * * * *')).toThrow(/minute 61 is outside 0-59/);
    expect(() => new CronExpression('0 0 * FOO *')).toThrow(/month value 'FOO'/);
    expect(() => new CronExpression('*/0 * * * *')).toThrow(/step/);
    expect(() => new CronExpression('0 0 * * *', 'Mars/Olympus')).toThrow(/unknown time zone/);
  });
});
