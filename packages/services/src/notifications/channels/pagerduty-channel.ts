// PagerDuty Events API v2: a firing alert triggers an incident, its resolution resolves it, both under
// one dedup key so PagerDuty pairs them.
import type { StoredNotification } from '../notification-record.js';
import { type NotificationChannel, postJson } from './notification-channel.js';

export class PagerDutyChannel implements NotificationChannel {
  readonly name = 'pagerduty' as const;

  constructor(
    private readonly eventsUrl: string,
    private readonly routingKey: string,
    private readonly source = 'ats',
  ) {}

  async deliver(notification: StoredNotification): Promise<void> {
    const dedupKey = notification.alertKey ?? `ats-notification-${notification.id}`;
    if (notification.state === 'resolved') {
      await postJson(this.eventsUrl, {
        routing_key: this.routingKey,
        event_action: 'resolve',
        dedup_key: dedupKey,
      });
      return;
    }
    await postJson(this.eventsUrl, {
      routing_key: this.routingKey,
      event_action: 'trigger',
      dedup_key: dedupKey,
      payload: {
        summary: `${notification.title || notification.kind}: ${notification.message}`.slice(0, 1024),
        source: this.source,
        // PagerDuty's severities are critical, error, warning and info.
        severity: notification.severity,
        component: notification.kind,
        timestamp: notification.createdAt.toISOString(),
        custom_details: { notification: notification.id, ...(notification.extras ?? {}) },
      },
    });
  }
}
