// Provider timestamps to UTC: wall-clock times of an exchange's zone (Alpha Vantage's US/Eastern
// strings) and the session date of an instant (daily bars). Offsets come from Intl (the IANA database).
// The calendar package has its own cached zone arithmetic; adapters may import only core, so the few
// conversions they need live here.
import { InvalidInputError } from '../errors/ats-error.js';

const formats = new Map<string, Intl.DateTimeFormat>();

function formatFor(timeZone: string): Intl.DateTimeFormat {
  let format = formats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formats.set(timeZone, format);
  }
  return format;
}

/** The zone's offset from UTC (local − UTC) in ms at an instant. */
export function zoneOffsetAt(timeZone: string, instant: number): number {
  const whole = Math.floor(instant / 1000) * 1000;
  const parts = formatFor(timeZone).formatToParts(new Date(whole));
  const value = (type: string) => Number(parts.find((part) => part.type === type)?.value);
  const local = Date.UTC(
    value('year'),
    value('month') - 1,
    value('day'),
    value('hour'),
    value('minute'),
    value('second'),
  );
  return local - whole;
}

/**
 * The UTC instant of a wall-clock time in a zone (`local` is the wall clock read as if it were UTC).
 * A repeated fall-back hour maps to its first occurrence; a skipped spring-forward time to an hour later.
 */
export function zonedToUtc(timeZone: string, local: number): number {
  const before = local - zoneOffsetAt(timeZone, local - 12 * 3_600_000);
  const after = local - zoneOffsetAt(timeZone, local + 12 * 3_600_000);
  const beforeValid = before + zoneOffsetAt(timeZone, before) === local;
  const afterValid = after + zoneOffsetAt(timeZone, after) === local;
  if (beforeValid && afterValid) return Math.min(before, after);
  if (afterValid && !beforeValid) return after;
  return before;
}

/** Parses "YYYY-MM-DD" or "YYYY-MM-DD HH:MM[:SS]" as a wall-clock time of the zone, to epoch ms UTC. */
export function parseZonedDateTime(text: string, timeZone: string, field: string): number {
  const match = /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2}))?)?$/.exec(text.trim());
  if (!match) throw new InvalidInputError(field, `'${text}' is not YYYY-MM-DD[ HH:MM[:SS]]`, text);
  const [, year, month, day, hour = '0', minute = '0', second = '0'] = match;
  const local = Date.UTC(
    Number(year),
    Number(month) - 1,
    Number(day),
    Number(hour),
    Number(minute),
    Number(second),
  );
  if (Number.isNaN(local) || new Date(local).getUTCDate() !== Number(day))
    throw new InvalidInputError(field, `'${text}' is not a real date`, text);
  return zonedToUtc(timeZone, local);
}

/**
 * ATS stamps a daily bar at 00:00 UTC of its session date. Providers stamp the same bar at midnight
 * New York (Alpaca, Polygon) or at the session open (Yahoo): this is the session date of any instant
 * of that day, as 00:00 UTC.
 */
export function sessionDateStamp(instant: number, timeZone: string): number {
  const local = instant + zoneOffsetAt(timeZone, instant);
  return Math.floor(local / 86_400_000) * 86_400_000;
}

const rfc3339Pattern = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(Z|[+-]\d{2}:\d{2})$/;

/** RFC 3339 text (Alpaca: nanoseconds, "Z" or an offset) to epoch ms UTC, sub-millisecond digits cut. */
export function parseRfc3339(text: string, field: string): number {
  const match = rfc3339Pattern.exec(text);
  if (!match) throw new InvalidInputError(field, `'${text}' is not an RFC 3339 time`, text);
  const [, year, month, day, hour, minute, second, fraction = '', zone = 'Z'] = match;
  const milliseconds = Number(fraction.padEnd(3, '0').slice(0, 3));
  let time = Date.UTC(
    Number(year),
    Number(month) - 1,
    Number(day),
    Number(hour),
    Number(minute),
    Number(second),
    milliseconds,
  );
  if (zone !== 'Z') {
    const sign = zone.startsWith('-') ? -1 : 1;
    time -= sign * (Number(zone.slice(1, 3)) * 60 + Number(zone.slice(4, 6))) * 60_000;
  }
  if (Number.isNaN(time)) throw new InvalidInputError(field, `'${text}' is not a real time`, text);
  return time;
}
