// Local time in an IANA time zone to UTC and back, through Intl (daylight saving included), cached per day.

const millisecondsPerMinute = 60_000;
const millisecondsPerDay = 86_400_000;

/**
 * Converts between UTC instants and wall-clock times of one zone. The zone's offset is read from
 * Intl (the IANA database), never assumed; results are cached by the hour, since offsets only
 * change on the hour in the zones exchanges use.
 */
export class ZonedTime {
  private readonly format: Intl.DateTimeFormat;
  private readonly offsets = new Map<number, number>();

  constructor(readonly timeZone: string) {
    this.format = new Intl.DateTimeFormat('en-US', {
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

  /** The zone's offset from UTC (local − UTC) in ms at an instant. */
  offsetAt(instant: number): number {
    const hour = Math.floor(instant / 3_600_000);
    const cached = this.offsets.get(hour);
    if (cached !== undefined) return cached;
    const parts = this.format.formatToParts(new Date(hour * 3_600_000));
    const value = (type: string) => Number(parts.find((part) => part.type === type)?.value);
    const local = Date.UTC(
      value('year'),
      value('month') - 1,
      value('day'),
      value('hour'),
      value('minute'),
      value('second'),
    );
    const offset = local - hour * 3_600_000;
    this.offsets.set(hour, offset);
    return offset;
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
