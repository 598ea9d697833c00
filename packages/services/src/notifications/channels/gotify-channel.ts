// Forwards to a real Gotify server with an application token (POST /message, Gotify's documented API).
import type { StoredNotification } from '../notification-record.js';
import { type NotificationChannel, postJson } from './notification-channel.js';

export class GotifyChannel implements NotificationChannel {
  readonly name = 'gotify' as const;

  constructor(
    private readonly serverUrl: string,
    private readonly applicationToken: string,
  ) {}

  async deliver(notification: StoredNotification): Promise<void> {
    await postJson(
      `${this.serverUrl.replace(/\/$/, '')}/message`,
      {
        title: notification.title || notification.kind,
        message: notification.message,
        priority: notification.priority,
        ...(notification.extras ? { extras: notification.extras } : {}),
      },
      { 'x-gotify-key': this.applicationToken },
    );
  }
}
