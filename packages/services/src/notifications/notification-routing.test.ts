// Routing by kind and severity, and quiet hours across midnight in a time zone.
import { describe, expect, it } from 'vitest';
import { notificationsConfig } from '../config/notifications-config.js';
import { ChannelRateLimiter, channelsFor, inQuietHours } from './notification-routing.js';

describe('notification routing', () => {
  const config = notificationsConfig.parse({
    routes: [
      { kinds: ['alert'], min_severity: 'critical', channels: ['pagerduty'] },
      { kinds: ['*'], min_severity: 'warning', channels: ['email', 'slack'] },
    ],
  });

  it('sends to every matching route whose minimum severity is reached', () => {
    expect(channelsFor(config.routes, 'alert', 'critical').sort()).toEqual(['email', 'pagerduty', 'slack']);
    expect(channelsFor(config.routes, 'alert', 'warning').sort()).toEqual(['email', 'slack']);
    expect(channelsFor(config.routes, 'risk', 'info')).toEqual([]);
  });

  it('holds notifications inside quiet hours that cross midnight, in the configured time zone', () => {
    const quiet = notificationsConfig.parse({
      quiet_hours: { start: '22:00', end: '07:00', time_zone: 'America/New_York' },
    }).quiet_hours;
    // 03:30 UTC is 22:30 in New York (EST): inside; 13:00 UTC is 08:00 there: outside.
    expect(inQuietHours(quiet, new Date('2026-12-01T03:30:00Z'))).toBe(true);
    expect(inQuietHours(quiet, new Date('2026-12-01T11:59:00Z'))).toBe(true);
    expect(inQuietHours(quiet, new Date('2026-12-01T13:00:00Z'))).toBe(false);
    expect(inQuietHours(notificationsConfig.parse({}).quiet_hours, new Date())).toBe(false);
  });

  it('refuses a quiet-hours time that is not HH:MM, naming the rule', () => {
    const result = notificationsConfig.safeParse({ quiet_hours: { start: '25:00', end: '07:00' } });
    expect(result.success).toBe(false);
    expect(JSON.stringify(result.error?.issues)).toContain('must be a time such as 22:00');
  });

  it('allows a channel its per-minute count and refuses the next until a minute has passed', () => {
    const limiter = new ChannelRateLimiter(2);
    expect([limiter.take('slack', 0), limiter.take('slack', 1), limiter.take('slack', 2)]).toEqual([
      true,
      true,
      false,
    ]);
    expect(limiter.take('email', 2)).toBe(true);
    expect(limiter.take('slack', 60_001)).toBe(true);
  });
});
