// The zone offsets read per span of four weeks match Intl's answer for every hour, daylight saving included.
import { describe, expect, it } from 'vitest';
import { ZonedTime } from './zoned-time.js';

function formatOf(timeZone: string): Intl.DateTimeFormat {
  return new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric',
  });
}

/** The offset Intl gives for one instant, read directly (the reference the cached lookup must match). */
function intlOffset(format: Intl.DateTimeFormat, instant: number): number {
  const parts = format.formatToParts(new Date(instant));
  const value = (type: string) => Number(parts.find((part) => part.type === type)?.value);
  const local = Date.UTC(
    value('year'),
    value('month') - 1,
    value('day'),
    value('hour'),
    value('minute'),
    value('second'),
  );
  return local - instant;
}

describe('ZonedTime', () => {
  it.each(['America/New_York', 'Europe/London', 'Australia/Sydney', 'America/Sao_Paulo', 'Asia/Kolkata'])(
    'gives Intl offset of %s for every hour of 2006-2008 (a change of US DST rules in 2007)',
    (zone) => {
      const zoned = new ZonedTime(zone);
      const reference = formatOf(zone);
      const mismatches: string[] = [];
      // Every hour, asked in order from the middle outward, so spans are filled from both directions.
      const first = Date.UTC(2006, 0, 1);
      const hours = 3 * 366 * 24;
      for (let step = 0; step < hours; step++) {
        const hour = step % 2 === 0 ? hours / 2 + step / 2 : hours / 2 - (step + 1) / 2;
        const instant = first + hour * 3_600_000 + 1_800_000;
        const expected = intlOffset(reference, instant);
        const actual = zoned.offsetAt(instant);
        if (actual !== expected)
          mismatches.push(`${new Date(instant).toISOString()}: ${actual} ≠ ${expected}`);
      }
      expect(mismatches).toEqual([]);
    },
  );

  it('maps New York wall-clock times around the 2026 changes to their UTC instants', () => {
    const zoned = new ZonedTime('America/New_York');
    const day = (date: string) => Date.parse(`${date}T00:00:00Z`) / 86_400_000;
    // 2026-03-08: 02:00 EST becomes 03:00 EDT; 2026-11-01: 02:00 EDT becomes 01:00 EST.
    expect(new Date(zoned.toInstant(day('2026-03-08'), 60)).toISOString()).toBe('2026-03-08T06:00:00.000Z');
    expect(new Date(zoned.toInstant(day('2026-03-08'), 180)).toISOString()).toBe('2026-03-08T07:00:00.000Z');
    expect(new Date(zoned.toInstant(day('2026-11-01'), 90)).toISOString()).toBe('2026-11-01T05:30:00.000Z');
    expect(new Date(zoned.toInstant(day('2026-11-01'), 180)).toISOString()).toBe('2026-11-01T08:00:00.000Z');
    expect(zoned.toLocal(Date.parse('2026-11-01T06:30:00Z'))).toEqual({
      dayNumber: day('2026-11-01'),
      minutes: 90,
    });
  });

  it.each(['America/New_York', 'Europe/London'])(
    'gives the same local day with localDayOf as toLocal for every half hour of 2026 in %s',
    (zone) => {
      const zoned = new ZonedTime(zone);
      const mismatches: number[] = [];
      for (let instant = Date.UTC(2026, 0, 1); instant < Date.UTC(2027, 0, 1); instant += 1_800_000) {
        if (zoned.localDayOf(instant) !== zoned.toLocal(instant).dayNumber) mismatches.push(instant);
      }
      expect(mismatches).toEqual([]);
    },
  );
});
