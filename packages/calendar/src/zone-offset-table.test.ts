// The shipped zone offset table against the running Intl (IANA database), and ZonedTime reading it.
import { describe, expect, it } from 'vitest';
import { newYorkOffsets } from './new-york-offsets.js';
import { intlOffsetAt, offsetFormat, zoneOffsetTableFromIntl } from './zone-offset-table.js';
import { ZonedTime } from './zoned-time.js';

const hour = 3_600_000;

describe('zone offset tables', () => {
  it('the shipped New York table equals the transitions read from the running Intl for 1989-2051', () => {
    const read = zoneOffsetTableFromIntl('America/New_York', 1989, 2051);
    expect(newYorkOffsets.from).toBe(read.from);
    expect(newYorkOffsets.until).toBe(read.until);
    expect(newYorkOffsets.times).toEqual(read.times);
    expect(newYorkOffsets.offsets).toEqual(read.offsets);
  }, 120_000);

  it('ZonedTime on New York gives the Intl offset at every hour around each transition and at random hours', () => {
    const zone = new ZonedTime('America/New_York');
    const format = offsetFormat('America/New_York');
    const instants: number[] = [];
    for (const transition of newYorkOffsets.times)
      for (let step = -3; step <= 3; step++)
        instants.push(transition + step * hour - 1, transition + step * hour);
    // Out of order on purpose (the table remembers its last span), and outside the table's years.
    let seed = 7;
    for (let draw = 0; draw < 2_000; draw++) {
      seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
      instants.push(Date.UTC(1960, 0, 1) + (seed % (110 * 8_766)) * hour + (seed % 3_600) * 1_000);
    }
    for (const instant of instants)
      expect(zone.offsetAt(instant), new Date(instant).toISOString()).toBe(intlOffsetAt(format, instant));
  }, 120_000);

  it('a zone without a table still reads its offsets from Intl', () => {
    const london = new ZonedTime('Europe/London');
    expect(london.offsetAt(Date.UTC(2024, 6, 1, 12))).toBe(hour);
    expect(london.offsetAt(Date.UTC(2024, 0, 1, 12))).toBe(0);
  });

  it('an unknown time zone is refused when the ZonedTime is made', () => {
    expect(() => new ZonedTime('Mars/Olympus_Mons')).toThrow(RangeError);
  });
});
