// Alertmanager's webhook payload (version 4) read into notifications: one per alert, firing or resolved,
// keyed by the alert's fingerprint so PagerDuty and deduplication pair the two.
import { InvalidInputError } from '@ats/core';
import type { NewNotification, NotificationSeverity } from './notification-record.js';

export interface AlertmanagerAlert {
  readonly status: 'firing' | 'resolved';
  readonly labels: Readonly<Record<string, string>>;
  readonly annotations?: Readonly<Record<string, string>>;
  readonly startsAt?: string;
  readonly endsAt?: string;
  readonly fingerprint?: string;
  readonly generatorURL?: string;
}

export interface AlertmanagerPayload {
  readonly version: string;
  readonly status: 'firing' | 'resolved';
  readonly receiver: string;
  readonly groupKey: string;
  readonly alerts: readonly AlertmanagerAlert[];
}

/** The JSON schema of the payload, as Alertmanager documents it (extra fields allowed). */
export const alertmanagerPayloadSchema = {
  type: 'object',
  required: ['version', 'status', 'alerts'],
  properties: {
    version: { type: 'string', maxLength: 10 },
    status: { type: 'string', enum: ['firing', 'resolved'] },
    receiver: { type: 'string', maxLength: 300 },
    groupKey: { type: 'string', maxLength: 2000 },
    alerts: {
      type: 'array',
      maxItems: 1000,
      items: {
        type: 'object',
        required: ['status', 'labels'],
        properties: {
          status: { type: 'string', enum: ['firing', 'resolved'] },
          labels: { type: 'object', additionalProperties: { type: 'string', maxLength: 2000 } },
          annotations: { type: 'object', additionalProperties: { type: 'string', maxLength: 10000 } },
          fingerprint: { type: 'string', maxLength: 100 },
        },
      },
    },
  },
} as const;

function severityOfLabel(label: string | undefined): NotificationSeverity {
  if (label === 'critical' || label === 'page') return 'critical';
  if (label === 'warning') return 'warning';
  return 'info';
}

export function notificationsOfAlertmanager(
  payload: AlertmanagerPayload,
  applicationId: number | null,
): NewNotification[] {
  if (payload.version !== '4')
    throw new InvalidInputError(
      'version',
      'the Alertmanager webhook payload must be version "4"',
      payload.version,
    );
  return payload.alerts.map((alert) => {
    const name = alert.labels.alertname ?? 'alert';
    const severity = severityOfLabel(alert.labels.severity);
    const identity = Object.entries(alert.labels)
      .sort(([left], [right]) => left.localeCompare(right))
      .map(([key, value]) => `${key}=${value}`)
      .join(',');
    const summary = alert.annotations?.summary ?? name;
    return {
      applicationId,
      source: 'alertmanager',
      kind: 'alert',
      title: `${alert.status === 'firing' ? '[FIRING]' : '[RESOLVED]'} ${summary}`,
      message: alert.annotations?.description ?? identity,
      priority:
        alert.status === 'resolved' ? 2 : severity === 'critical' ? 8 : severity === 'warning' ? 5 : 2,
      severity,
      alertKey: `alertmanager:${alert.fingerprint ?? identity}`,
      state: alert.status,
      extras: { alertmanager: { labels: alert.labels, startsAt: alert.startsAt, endsAt: alert.endsAt } },
    };
  });
}
