// The notification service's configuration: channels, routing by kind and severity, deduplication,
// rate limits, retries and quiet hours. Secrets (SMTP password, Slack URL, PagerDuty key) come from
// the environment, never from here.
import { z } from 'zod';

const duration = z.union([
  z.number().int().nonnegative(),
  z.string().regex(/^\d+(ms|s|m|h|d)$/, { message: 'must be a duration such as 500ms, 30s, 5m, 2h or 30d' }),
]);
const severity = z.enum(['info', 'warning', 'critical']);
export const notificationChannels = ['email', 'slack', 'pagerduty', 'gotify'] as const;
const channel = z.enum(notificationChannels);
const clockTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, { message: 'must be a time such as 22:00' });

export const notificationsConfig = z.strictObject({
  /** Email over SMTP; off until `host` and at least one recipient are set (password: SMTP_PASSWORD). */
  email: z
    .strictObject({
      host: z.string().min(1).optional(),
      port: z.number().int().min(1).max(65535).default(587),
      /** TLS from the first byte (port 465); otherwise STARTTLS when the server offers it. */
      secure: z.boolean().default(false),
      user: z.string().min(1).optional(),
      from: z.string().email().default('ats@localhost.localdomain'),
      to: z.array(z.string().email()).default([]),
    })
    .prefault({}),
  /** PagerDuty's Events API v2; on when PAGERDUTY_ROUTING_KEY is set. */
  pagerduty: z
    .strictObject({ events_url: z.string().url().default('https://events.pagerduty.com/v2/enqueue') })
    .prefault({}),
  /** A real Gotify server to forward to; on when `url` and GOTIFY_UPSTREAM_TOKEN are set. */
  gotify: z.strictObject({ url: z.string().url().optional() }).prefault({}),
  /** The first route whose kinds match sends to its channels when the severity reaches `min_severity`. */
  routes: z
    .array(
      z.strictObject({
        kinds: z.array(z.string().min(1)).min(1).default(['*']),
        min_severity: severity.default('warning'),
        channels: z.array(channel).min(1),
      }),
    )
    .default([
      { kinds: ['*'], min_severity: 'critical', channels: ['email', 'slack', 'gotify', 'pagerduty'] },
      { kinds: ['*'], min_severity: 'warning', channels: ['email', 'slack', 'gotify'] },
    ]),
  /** A second notification of one alert key and state within this time is stored but not sent. */
  dedup_window: duration.default('5m'),
  /** Deliveries per channel per minute; past it notifications are stored and marked suppressed. */
  rate_limit_per_minute: z.number().int().min(1).max(10_000).default(30),
  retry: z
    .strictObject({
      attempts: z.number().int().min(1).max(20).default(4),
      /** The first wait; each next one doubles. */
      backoff: duration.default('1s'),
    })
    .prefault({}),
  /** Between start and end (in `time_zone`) only notifications of `min_severity` or above are sent. */
  quiet_hours: z
    .strictObject({
      start: clockTime.optional(),
      end: clockTime.optional(),
      time_zone: z.string().default('UTC'),
      min_severity: severity.default('critical'),
    })
    .prefault({}),
});

export type NotificationsConfig = z.infer<typeof notificationsConfig>;
