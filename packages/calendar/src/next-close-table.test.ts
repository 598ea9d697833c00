// NextCloseTable against NyseCalendar.nextClose: the same answer (or the same error) at every instant tried.
import { describe, expect, it } from 'vitest';
import { dayNumber } from './civil-date.js';
import { NextCloseTable } from './next-close-table.js';
import { NyseCalendar } from './nyse-calendar.js';

const millisecondsPerDay = 86_400_000;
// Two calendars, so the table's answers cannot come from the reference's caches.
const reference = new NyseCalendar();
const table = new NextCloseTable(new NyseCalendar());
const sessions = reference.sessionsBetween('1990-01-01', '2050-12-31');
const firstMidnight = Date.parse('1990-01-01T05:00:00Z');
const lastClose = sessions[sessions.length - 1]?.close as number;

/** The value, or the error's name and message, so that throwing alike counts as agreeing. */
function outcome(answer: () => number): string {
  try {
    return String(answer());
  } catch (error) {
    return `${(error as Error).name}: ${(error as Error).message}`;
  }
}

/** The instants where a table and the calendar disagree, each with both answers. */
function mismatches(instants: Iterable<number>, asked = table): string[] {
  const found: string[] = [];
  for (const instant of instants) {
    const expected = outcome(() => reference.nextClose(instant));
    const actual = outcome(() => asked.nextClose(instant));
    if (actual !== expected) found.push(`${instant}: table ${actual}, calendar ${expected}`);
  }
  return found;
}

/** Deterministic uniform numbers in [0, 1) (mulberry32), so a failure can be replayed. */
function randomNumbers(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let mixed = Math.imul(state ^ (state >>> 15), 1 | state);
    mixed = (mixed + Math.imul(mixed ^ (mixed >>> 7), 61 | mixed)) ^ mixed;
    return ((mixed ^ (mixed >>> 14)) >>> 0) / 4_294_967_296;
  };
}

describe('NextCloseTable', () => {
  it('agrees with the calendar at every close of 1990-2050, 1 ms before it and 1 ms after it', () => {
    expect(sessions).toHaveLength(15_343);
    const instants: number[] = [];
    for (const session of sessions) instants.push(session.close - 1, session.close, session.close + 1);
    expect(mismatches(instants)).toEqual([]);
  });

  it('agrees with the calendar at 00:00 and 14:30 UTC of every day 1990-2050, sessions or not', () => {
    const instants: number[] = [];
    for (let day = dayNumber(1990, 1, 1); day <= dayNumber(2050, 12, 31); day++) {
      // Midnight UTC and 14:30 UTC fall on both sides of the New York day, weekends and holidays included.
      instants.push(day * millisecondsPerDay, day * millisecondsPerDay + 14.5 * 3_600_000);
    }
    expect(mismatches(instants)).toEqual([]);
  });

  it('agrees with the calendar at 500,000 random instants from a week before 1990 to a week after 2050', () => {
    const random = randomNumbers(20_261_201);
    const from = Date.UTC(1989, 11, 25);
    const span = Date.UTC(2051, 0, 8) - from;
    const instants = Array.from({ length: 500_000 }, () => from + Math.floor(random() * span));
    // A fresh table, so its entries are filled in random order.
    expect(mismatches(instants, new NextCloseTable(new NyseCalendar()))).toEqual([]);
  }, 60_000);

  it('answers in any order: asked first 1 ms after the last close of 2003, a fresh table gives the first close of 2004', () => {
    const fresh = new NextCloseTable(new NyseCalendar());
    const lastOf2003 = reference.previousSession('2004-01-01').close;
    expect(fresh.nextClose(lastOf2003 + 1)).toBe(reference.nextSession('2003-12-31').close);
    expect(fresh.nextClose(lastOf2003)).toBe(lastOf2003);
    expect(fresh.nextClose(Date.parse('2003-06-02T12:00:00Z'))).toBe(Date.parse('2003-06-02T20:00:00Z'));
  });

  it('answers from local midnight of 1990-01-01 and throws the calendar RangeError 1 ms before it', () => {
    expect(table.nextClose(firstMidnight)).toBe(Date.parse('1990-01-02T21:00:00Z'));
    expect(() => table.nextClose(firstMidnight - 1)).toThrow(/covers 1990-2050, not 1989/);
    expect(() => reference.nextClose(firstMidnight - 1)).toThrow(/covers 1990-2050, not 1989/);
    expect(
      mismatches([firstMidnight - 1, firstMidnight, Date.UTC(1990, 0, 1), Date.UTC(1970, 0, 1)]),
    ).toEqual([]);
  });

  it('answers up to the last close of 2050 and throws the calendar RangeError 1 ms after it', () => {
    expect(lastClose).toBe(Date.parse('2050-12-30T21:00:00Z'));
    expect(table.nextClose(lastClose)).toBe(lastClose);
    expect(() => table.nextClose(lastClose + 1)).toThrow(/covers 1990-2050, not 2051/);
    expect(mismatches([lastClose + 1, Date.UTC(2050, 11, 1), Date.UTC(2060, 0, 1), Number.NaN])).toEqual([]);
  });

  it('gives the close itself at a close, the same day close before it, and the next session close after it', () => {
    // Friday 2026-11-20 closes at 16:00 EST (21:00Z); the next session is Monday 2026-11-23.
    const friday = Date.parse('2026-11-20T21:00:00Z');
    const monday = Date.parse('2026-11-23T21:00:00Z');
    expect(table.nextClose(Date.parse('2026-11-20T05:00:00Z'))).toBe(friday);
    expect(table.nextClose(Date.parse('2026-11-20T14:00:00Z'))).toBe(friday);
    expect(table.nextClose(friday)).toBe(friday);
    expect(table.nextClose(friday + 1)).toBe(monday);
    expect(table.nextClose(Date.parse('2026-11-21T15:00:00Z'))).toBe(monday);
  });

  it('skips holidays and special closures and keeps early closes', () => {
    // 2025-01-09 (President Carter) was closed: Wednesday evening's next close is Friday's.
    expect(table.nextClose(Date.parse('2025-01-08T22:00:00Z'))).toBe(Date.parse('2025-01-10T21:00:00Z'));
    // The day after Thanksgiving 2024 closed at 13:00 EST (18:00Z); after it, Monday's close.
    const early = Date.parse('2024-11-29T18:00:00Z');
    expect(table.nextClose(Date.parse('2024-11-27T22:00:00Z'))).toBe(early);
    expect(table.nextClose(early)).toBe(early);
    expect(table.nextClose(early + 1)).toBe(Date.parse('2024-12-02T21:00:00Z'));
    // Summer time: 16:00 EDT is 20:00Z.
    expect(table.nextClose(Date.parse('2024-07-01T12:00:00Z'))).toBe(Date.parse('2024-07-01T20:00:00Z'));
  });
});
