// Tests the NYSE calendar against every session of the exchange_calendars reference file, and known days.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { NyseCalendar } from './nyse-calendar.js';

const calendar = new NyseCalendar();
const reference = readFileSync(new URL('../fixtures/xnys.csv', import.meta.url), 'utf8')
  .trim()
  .split('\n')
  .slice(1)
  .map((line) => {
    const [date, open, close] = line.split(',');
    return {
      date: (date as string).slice(0, 10),
      open: Date.parse(open as string),
      close: Date.parse(close as string),
    };
  });

describe('NyseCalendar against xnys.csv (1990-01-02 .. 2023-01-13)', () => {
  it('has the same sessions with the same open and close, zero mismatches', () => {
    const first = reference[0]?.date as string;
    const last = reference[reference.length - 1]?.date as string;
    const ours = calendar.sessionsBetween(first, last);
    const theirs = new Map(reference.map((row) => [row.date, row]));
    const mismatches: string[] = [];
    for (const session of ours) {
      const row = theirs.get(session.date);
      if (!row) mismatches.push(`${session.date}: a session here, closed in the reference`);
      else if (row.open !== session.open || row.close !== session.close) {
        mismatches.push(
          `${session.date}: ${new Date(session.open).toISOString()}-${new Date(session.close).toISOString()} here, ` +
            `${new Date(row.open).toISOString()}-${new Date(row.close).toISOString()} in the reference`,
        );
      }
    }
    const ourDates = new Set(ours.map((session) => session.date));
    for (const row of reference)
      if (!ourDates.has(row.date)) mismatches.push(`${row.date}: closed here, a session in the reference`);
    expect(mismatches).toEqual([]);
    expect(ours).toHaveLength(8324);
  });
});

describe('NyseCalendar rules after the reference file', () => {
  it('knows the holidays and closures of 2023-2026', () => {
    for (const date of [
      '2023-06-19',
      '2024-03-29',
      '2024-07-04',
      '2025-01-01',
      '2025-01-09',
      '2025-04-18',
      '2025-06-19',
      '2025-11-27',
      '2025-12-25',
      '2026-01-19',
      '2026-04-03',
      '2026-07-03',
      '2026-09-07',
    ]) {
      expect(calendar.isSession(date), date).toBe(false);
    }
    expect(calendar.closureReason('2025-01-09')).toBe('Day of mourning for President Carter');
    expect(calendar.closureReason('2026-07-03')).toBe('Independence Day');
    expect(calendar.isSession('2026-07-02')).toBe(true);
  });

  it('closes early at 13:00 on the days before and after holidays', () => {
    for (const date of [
      '2024-07-03',
      '2024-11-29',
      '2024-12-24',
      '2025-07-03',
      '2025-11-28',
      '2025-12-24',
      '2026-11-27',
      '2026-12-24',
    ]) {
      const session = calendar.session(date);
      expect(session?.earlyClose, date).toBe(true);
      expect(
        new Date(session?.close as number).toLocaleTimeString('en-US', {
          timeZone: 'America/New_York',
          hour12: false,
        }),
      ).toBe('13:00:00');
    }
  });

  it('follows daylight saving through the IANA database', () => {
    // 2026-03-09 is the first session after the spring change: 09:30 EDT = 13:30Z.
    expect(new Date(calendar.session('2026-03-06')?.open as number).toISOString()).toBe(
      '2026-03-06T14:30:00.000Z',
    );
    expect(new Date(calendar.session('2026-03-09')?.open as number).toISOString()).toBe(
      '2026-03-09T13:30:00.000Z',
    );
    expect(new Date(calendar.session('2026-11-02')?.open as number).toISOString()).toBe(
      '2026-11-02T14:30:00.000Z',
    );
  });

  it('answers where an instant falls, and the next and previous sessions', () => {
    const friday = calendar.session('2026-11-20');
    expect(calendar.phaseAt(Date.parse('2026-11-20T09:00:00Z'))).toBe('pre');
    expect(calendar.phaseAt(Date.parse('2026-11-20T15:00:00Z'))).toBe('regular');
    expect(calendar.phaseAt(Date.parse('2026-11-20T22:00:00Z'))).toBe('post');
    expect(calendar.phaseAt(Date.parse('2026-11-21T15:00:00Z'))).toBe('closed');
    expect(calendar.isOpen(Date.parse('2026-11-20T20:59:59Z'))).toBe(true);
    expect(calendar.isOpen(Date.parse('2026-11-20T21:00:00Z'))).toBe(false);
    expect(calendar.nextSession('2026-11-20').date).toBe('2026-11-23');
    expect(calendar.previousSession('2026-11-23').date).toBe('2026-11-20');
    expect(calendar.nextSession('2026-11-25').date).toBe('2026-11-27');
    expect(calendar.nextOpen(Date.parse('2026-11-21T15:00:00Z'))).toBe(calendar.session('2026-11-23')?.open);
    expect(calendar.nextClose(Date.parse('2026-11-20T15:00:00Z'))).toBe(friday?.close);
    expect(calendar.previousOpen(Date.parse('2026-11-22T15:00:00Z'))).toBe(friday?.open);
    expect(calendar.localDate(Date.parse('2026-11-21T03:00:00Z'))).toBe('2026-11-20');
    expect(calendar.sessionsBetween('2026-12-21', '2026-12-31').map((session) => session.date)).toEqual([
      '2026-12-21',
      '2026-12-22',
      '2026-12-23',
      '2026-12-24',
      '2026-12-28',
      '2026-12-29',
      '2026-12-30',
      '2026-12-31',
    ]);
  });

  it('names a bad date and a year out of range', () => {
    expect(() => calendar.isSession('2026-02-30')).toThrow(/not a real date/);
    expect(() => calendar.isSession('tomorrow')).toThrow(/YYYY-MM-DD/);
    expect(() => calendar.isSession('2051-01-03')).toThrow(/covers 1990-2050/);
  });
});
