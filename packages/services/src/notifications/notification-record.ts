// One notification as stored and as Gotify's API shows it, and the severities it is routed by.
export type NotificationSeverity = 'info' | 'warning' | 'critical';
export const severityRank: Readonly<Record<NotificationSeverity, number>> = {
  info: 0,
  warning: 1,
  critical: 2,
};

/** Gotify's priority scale (0-10) read as a severity: 8 and above critical, 4 and above a warning. */
export function severityOfPriority(priority: number): NotificationSeverity {
  return priority >= 8 ? 'critical' : priority >= 4 ? 'warning' : 'info';
}

export interface NewNotification {
  readonly applicationId: number | null;
  /** Where it came from: Gotify's API, the bus (`notifications.{type}`) or an Alertmanager webhook. */
  readonly source: 'gotify' | 'bus' | 'alertmanager';
  readonly kind: string;
  readonly title: string;
  readonly message: string;
  readonly priority: number;
  readonly severity: NotificationSeverity;
  /** The alert it is about: firing and resolved messages of one key are deduplicated and paired. */
  readonly alertKey: string | null;
  readonly state: 'firing' | 'resolved' | null;
  readonly extras: Readonly<Record<string, unknown>> | null;
}

export interface StoredNotification extends NewNotification {
  readonly id: number;
  readonly createdAt: Date;
}

/** A message as Gotify's API answers it (its documented `Message` model). */
export interface GotifyMessage {
  readonly id: number;
  readonly appid: number;
  readonly message: string;
  readonly title: string;
  readonly priority: number;
  readonly extras?: Readonly<Record<string, unknown>>;
  readonly date: string;
}

export function gotifyMessageOf(notification: StoredNotification): GotifyMessage {
  return {
    id: notification.id,
    appid: notification.applicationId ?? 0,
    message: notification.message,
    title: notification.title,
    priority: notification.priority,
    ...(notification.extras ? { extras: notification.extras } : {}),
    date: notification.createdAt.toISOString(),
  };
}
