// The shape of an outbound channel: deliver one notification or throw why not.
import type { StoredNotification } from '../notification-record.js';

export interface NotificationChannel {
  readonly name: 'email' | 'slack' | 'pagerduty' | 'gotify';
  /** Resolves once the far end accepted the notification; throws (with the far end's answer) otherwise. */
  deliver(notification: StoredNotification): Promise<void>;
}

/** Posts JSON and throws with the status and the start of the body unless the answer is 2xx. */
export async function postJson(
  url: string,
  body: unknown,
  headers: Readonly<Record<string, string>> = {},
  timeoutMilliseconds = 10_000,
): Promise<string> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(timeoutMilliseconds),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`HTTP ${response.status}: ${text.slice(0, 200)}`);
  return text;
}
