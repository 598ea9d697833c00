// The notifications of business continuity (protective stops, emergency liquidation, manual override),
// raised on notifications.continuity: the notification service stores each one and routes it to the
// configured channels (Gotify, e-mail, Slack, PagerDuty) like any other.
import { type IdGenerator, type MessageBus, type NotificationRaised, topics } from '@ats/core';

export type ContinuityEvent =
  | 'protective-stop-placed'
  | 'protective-stop-resized'
  | 'protective-stop-removed'
  | 'protective-stop-refused'
  | 'emergency-liquidation'
  | 'manual-override-on'
  | 'manual-override-off';

/** Gotify priority and severity of each: a liquidation wakes someone (8 and above). */
const levels: Record<ContinuityEvent, { priority: number; severity: 'info' | 'warning' | 'critical' }> = {
  'protective-stop-placed': { priority: 3, severity: 'info' },
  'protective-stop-resized': { priority: 3, severity: 'info' },
  'protective-stop-removed': { priority: 2, severity: 'info' },
  'protective-stop-refused': { priority: 7, severity: 'warning' },
  'emergency-liquidation': { priority: 9, severity: 'critical' },
  'manual-override-on': { priority: 8, severity: 'warning' },
  'manual-override-off': { priority: 5, severity: 'info' },
};

export const continuityNotificationKind = 'continuity';

export function continuityNotification(
  ids: Pick<IdGenerator, 'eventId'>,
  event: ContinuityEvent,
  title: string,
  message: string,
  now = Date.now(),
): NotificationRaised {
  const level = levels[event];
  return {
    type: 'NotificationRaised',
    id: ids.eventId(),
    occurredAt: now,
    receivedAt: now,
    causationId: null,
    kind: continuityNotificationKind,
    title,
    message,
    priority: level.priority,
    severity: level.severity,
  };
}

/** Publishes one continuity notification on the bus. */
export function notifyContinuity(
  bus: MessageBus,
  ids: Pick<IdGenerator, 'eventId'>,
  event: ContinuityEvent,
  title: string,
  message: string,
): void {
  bus.publish(
    topics.notifications(continuityNotificationKind),
    continuityNotification(ids, event, title, message),
  );
}
