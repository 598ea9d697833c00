// The UTC instant of midnight of a calendar date in an IANA time zone (LEAN stamps times from it).

/** One formatter per zone: building an Intl.DateTimeFormat costs far more than using one. */
const formatters = new Map<string, Intl.DateTimeFormat>();
/** Midnights already found, by zone and date: a file's rows share a few dates. */
const midnights = new Map<string, number>();

/** The zone's offset from UTC in ms at an instant, from Intl (e.g. -4 h for New York in summer). */
function offsetAt(instant: number, timeZone: string): number {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'longOffset' });
    formatters.set(timeZone, formatter);
  }
  const name = formatter.formatToParts(instant).find((part) => part.type === 'timeZoneName')?.value;
  const match = /GMT([+-])(\d{2}):(\d{2})/.exec(name ?? '');
  if (!match) return 0; // "GMT" alone: UTC
  const minutes = Number(match[2]) * 60 + Number(match[3]);
  return (match[1] === '-' ? -minutes : minutes) * 60_000;
}

/** Epoch ms of 00:00 on `date` (YYYY-MM-DD) in `timeZone`. */
export function zonedMidnight(date: string, timeZone: string): number {
  const key = `${timeZone} ${date}`;
  const known = midnights.get(key);
  if (known !== undefined) return known;
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || Number.isNaN(Date.parse(`${date}T00:00:00Z`))) {
    throw new RangeError(`'${date}' is not a YYYY-MM-DD date`);
  }
  const utcMidnight = Date.parse(`${date}T00:00:00Z`);
  // The offset at local midnight: take it at UTC midnight, then correct once (DST changes at 02:00).
  const guess = utcMidnight - offsetAt(utcMidnight, timeZone);
  const midnight = utcMidnight - offsetAt(guess, timeZone);
  if (midnights.size > 100_000) midnights.clear(); // bounded: a few hundred years of dates per zone
  midnights.set(key, midnight);
  return midnight;
}
