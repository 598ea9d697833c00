// Slack incoming webhooks: a text fallback and one section block per notification.
import type { StoredNotification } from '../notification-record.js';
import { type NotificationChannel, postJson } from './notification-channel.js';

const emoji = { info: ':information_source:', warning: ':warning:', critical: ':rotating_light:' } as const;

export class SlackChannel implements NotificationChannel {
  readonly name = 'slack' as const;

  constructor(private readonly webhookUrl: string) {}

  async deliver(notification: StoredNotification): Promise<void> {
    const marker = notification.state === 'resolved' ? ':white_check_mark:' : emoji[notification.severity];
    const text = `${marker} *${notification.title || notification.kind}*\n${notification.message}`;
    // Slack answers the plain text "ok" on success and 4xx with a reason otherwise.
    await postJson(this.webhookUrl, {
      text,
      blocks: [{ type: 'section', text: { type: 'mrkdwn', text } }],
    });
  }
}
