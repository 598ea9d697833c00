// Which channels a notification goes to (routes by kind and severity) and why one is held back
// (quiet hours, a duplicate within the window, the channel's rate limit).
import type { NotificationsConfig } from '../config/notifications-config.js';
import { type NotificationSeverity, severityRank } from './notification-record.js';

/** Channels of the first route whose kinds match and whose minimum severity is reached. */
export function channelsFor(
  routes: NotificationsConfig['routes'],
  kind: string,
  severity: NotificationSeverity,
): string[] {
  const channels = new Set<string>();
  for (const route of routes) {
    const kindMatches = route.kinds.some((each) => each === '*' || each === kind);
    if (kindMatches && severityRank[severity] >= severityRank[route.min_severity])
      for (const channel of route.channels) channels.add(channel);
  }
  return [...channels];
}

/** Minutes since midnight of an instant in a time zone. */
function minutesOfDay(at: Date, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone,
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  })
    .formatToParts(at)
    .reduce<Record<string, string>>((all, part) => {
      all[part.type] = part.value;
      return all;
    }, {});
  return Number(parts.hour) * 60 + Number(parts.minute);
}

const minutesOf = (clock: string) => Number(clock.slice(0, 2)) * 60 + Number(clock.slice(3, 5));

/** Whether the instant is inside the quiet hours (a window may cross midnight: 22:00 to 07:00). */
export function inQuietHours(quiet: NotificationsConfig['quiet_hours'], at: Date): boolean {
  if (quiet.start === undefined || quiet.end === undefined) return false;
  const now = minutesOfDay(at, quiet.time_zone);
  const start = minutesOf(quiet.start);
  const end = minutesOf(quiet.end);
  return start <= end ? now >= start && now < end : now >= start || now < end;
}

/** Deliveries per channel in the last minute, in memory (one notification service per deployment). */
export class ChannelRateLimiter {
  private readonly sent = new Map<string, number[]>();

  constructor(private readonly perMinute: number) {}

  /** Takes a slot for the channel; false when its last minute is full. */
  take(channel: string, now: number): boolean {
    const recent = (this.sent.get(channel) ?? []).filter((at) => now - at < 60_000);
    if (recent.length >= this.perMinute) {
      this.sent.set(channel, recent);
      return false;
    }
    recent.push(now);
    this.sent.set(channel, recent);
    return true;
  }
}
