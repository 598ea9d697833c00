// Local time in an IANA time zone to UTC and back, through Intl (daylight saving included): from a shipped
// table of transitions where one exists, else read from Intl per span of four weeks.
import { newYorkOffsets } from './new-york-offsets.js';
import { intlOffsetAt, offsetFormat, type ZoneOffsetTable } from './zone-offset-table.js';

const millisecondsPerMinute = 60_000;
const millisecondsPerDay = 86_400_000;
const millisecondsPerHour = 3_600_000;
/** Offsets are looked up by spans of 28 days: a zone changes its offset at most once within one. */
const hoursPerSpan = 28 * 24;

/** Zones whose offsets over the calendars' years ship as tables read from Intl (checked against it). */
const offsetTables: ReadonlyMap<string, ZoneOffsetTable> = new Map([
  [newYorkOffsets.timeZone, newYorkOffsets],
]);

/** One span's offsets: `before` until the hour `changeHour`, `after` from it (equal when no change). */
interface SpanOffsets {
  readonly before: number;
  readonly changeHour: number;
  readonly after: number;
}

/**
 * Converts between UTC instants and wall-clock times of one zone. The zone's offset is read from
 * Intl (the IANA database), never assumed.
 * - A zone with a shipped table (read from the same database and tested against it) answers from the
 *   table inside its years: the first use of Intl in a process loads ICU (50-150 ms), which a
 *   backtest's first run would otherwise pay.
 * - Elsewhere, reading Intl costs about 10-20 µs a call, so it is read per span of 28 days: at the
 *   span's two ends, and where they differ, a binary search finds the hour of the change (offsets
 *   change on the hour, and at most once in four weeks, in the zones exchanges use). About 14 reads a
 *   year instead of one per hour asked for.
 */
export class ZonedTime {
  private format: Intl.DateTimeFormat | null = null;
  private readonly spans = new Map<number, SpanOffsets>();
  private readonly table: ZoneOffsetTable | undefined;
  /** The table's span the last instant fell in (instants mostly come in order). */
  private span = 0;

  constructor(readonly timeZone: string) {
    this.table = offsetTables.get(timeZone);
    // An unknown zone fails here, as before, rather than at the first conversion.
    if (!this.table) this.format = offsetFormat(timeZone);
  }

  /** The zone's offset from UTC (local − UTC) in ms at an instant. */
  offsetAt(instant: number): number {
    const table = this.table;
    if (table !== undefined && instant >= table.from && instant < table.until)
      return this.tableOffset(table, instant);
    const hour = Math.floor(instant / millisecondsPerHour);
    const span = Math.floor(hour / hoursPerSpan);
    let offsets = this.spans.get(span);
    if (offsets === undefined) {
      offsets = this.spanOffsets(span);
      this.spans.set(span, offsets);
    }
    return hour < offsets.changeHour ? offsets.before : offsets.after;
  }

  private spanOffsets(span: number): SpanOffsets {
    let low = span * hoursPerSpan;
    let high = low + hoursPerSpan;
    const before = this.offsetOfHour(low);
    const after = this.offsetOfHour(high);
    if (before === after) return { before, changeHour: high, after };
    // The first hour with the new offset: `low` has the old one, `high` the new one.
    while (high - low > 1) {
      const middle = Math.floor((low + high) / 2);
      if (this.offsetOfHour(middle) === before) low = middle;
      else high = middle;
    }
    return { before, changeHour: high, after };
  }

  /** The offset at the start of an hour since the epoch, read from Intl. */
  private offsetOfHour(hour: number): number {
    this.format ??= offsetFormat(this.timeZone);
    return intlOffsetAt(this.format, hour * millisecondsPerHour);
  }

  private tableOffset(table: ZoneOffsetTable, instant: number): number {
    const { times, offsets } = table;
    let span = this.span;
    const end = times[span + 1] ?? table.until;
    if (!(instant >= (times[span] as number) && instant < end)) {
      // Binary search: the last span starting at or before the instant.
      let low = 0;
      let high = times.length - 1;
      while (low < high) {
        const middle = (low + high + 1) >> 1;
        if ((times[middle] as number) <= instant) low = middle;
        else high = middle - 1;
      }
      span = low;
      this.span = span;
    }
    return offsets[span] as number;
  }

  /**
   * The UTC instant of a local wall-clock time (`dayNumber` days since 1970-01-01, `minutes` after
   * midnight). A time skipped by a spring-forward change maps to the instant an hour later; a time
   * repeated by a fall-back change maps to its first occurrence.
   */
  toInstant(dayNumber: number, minutes: number): number {
    const local = dayNumber * millisecondsPerDay + minutes * millisecondsPerMinute;
    // The offsets in force half a day before and after: they differ only around a change.
    const before = local - this.offsetAt(local - 12 * 3_600_000);
    const after = local - this.offsetAt(local + 12 * 3_600_000);
    const beforeValid = before + this.offsetAt(before) === local;
    const afterValid = after + this.offsetAt(after) === local;
    if (beforeValid && afterValid) return Math.min(before, after);
    if (beforeValid) return before;
    if (afterValid) return after;
    // In a spring-forward gap: the old offset lands just after the gap, at the same distance into it.
    return before;
  }

  /** The local day number (days since 1970-01-01) of an instant, with no object built for it. */
  localDayOf(instant: number): number {
    return Math.floor((instant + this.offsetAt(instant)) / millisecondsPerDay);
  }

  /** The local day number and minutes after midnight of an instant. */
  toLocal(instant: number): { dayNumber: number; minutes: number } {
    const local = instant + this.offsetAt(instant);
    const dayNumber = Math.floor(local / millisecondsPerDay);
    return {
      dayNumber,
      minutes: Math.floor((local - dayNumber * millisecondsPerDay) / millisecondsPerMinute),
    };
  }
}
