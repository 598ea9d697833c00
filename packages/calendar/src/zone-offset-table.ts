// A zone's UTC offsets as spans between its transitions, read from Intl (the IANA database), so a
// process can know a zone's offsets without paying for Intl (its first use loads ICU: 50-150 ms).

const millisecondsPerHour = 3_600_000;
const millisecondsPerDay = 86_400_000;

/** Offsets of one zone over [from, until): `offsets[i]` is in force from `times[i]` to `times[i + 1]`. */
export interface ZoneOffsetTable {
  readonly timeZone: string;
  readonly from: number;
  readonly until: number;
  /** Span starts, ascending; `times[0]` is `from`, the rest are transitions (on the hour). */
  readonly times: readonly number[];
  /** Local − UTC in ms of each span. */
  readonly offsets: readonly number[];
}

/** The offset of the zone at an instant by Intl (local − UTC, ms), the way ZonedTime reads it. */
export function intlOffsetAt(format: Intl.DateTimeFormat, instant: number): number {
  const hourStart = Math.floor(instant / millisecondsPerHour) * millisecondsPerHour;
  const parts = format.formatToParts(new Date(hourStart));
  const value = (type: string) => Number(parts.find((part) => part.type === type)?.value);
  const local = Date.UTC(
    value('year'),
    value('month') - 1,
    value('day'),
    value('hour'),
    value('minute'),
    value('second'),
  );
  return local - hourStart;
}

/** The formatter ZonedTime and the table read offsets with. */
export function offsetFormat(timeZone: string): Intl.DateTimeFormat {
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

/**
 * Reads a zone's transitions from Intl for whole years: the offset at every UTC midnight, and where two
 * midnights differ, the hour the change happened. Assumes (as ZonedTime's hourly cache does) that
 * changes fall on the hour and that no zone changes twice within one day.
 */
export function zoneOffsetTableFromIntl(
  timeZone: string,
  fromYear: number,
  untilYear: number,
): ZoneOffsetTable {
  const format = offsetFormat(timeZone);
  const from = Date.UTC(fromYear, 0, 1);
  const until = Date.UTC(untilYear + 1, 0, 1);
  const times = [from];
  const offsets = [intlOffsetAt(format, from)];
  for (let day = from + millisecondsPerDay; day <= until; day += millisecondsPerDay) {
    const offset = intlOffsetAt(format, day);
    if (offset === offsets[offsets.length - 1]) continue;
    let hour = day - millisecondsPerDay + millisecondsPerHour;
    while (intlOffsetAt(format, hour) !== offset) hour += millisecondsPerHour;
    times.push(hour);
    offsets.push(offset);
  }
  return { timeZone, from, until, times, offsets };
}
