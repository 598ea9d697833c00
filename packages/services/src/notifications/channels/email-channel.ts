// Email over SMTP with nodemailer: one message per notification to the configured recipients.
import { createTransport, type Transporter } from 'nodemailer';
import type { StoredNotification } from '../notification-record.js';
import type { NotificationChannel } from './notification-channel.js';

export interface EmailChannelOptions {
  readonly host: string;
  readonly port: number;
  readonly secure: boolean;
  readonly user?: string;
  readonly password?: string;
  readonly from: string;
  readonly to: readonly string[];
  /** Tests against a loopback server with a self-signed certificate turn certificate checks off. */
  readonly rejectUnauthorized?: boolean;
}

export class EmailChannel implements NotificationChannel {
  readonly name = 'email' as const;
  private readonly transport: Transporter;

  constructor(private readonly options: EmailChannelOptions) {
    this.transport = createTransport({
      host: options.host,
      port: options.port,
      secure: options.secure,
      ...(options.user ? { auth: { user: options.user, pass: options.password ?? '' } } : {}),
      tls: { rejectUnauthorized: options.rejectUnauthorized ?? true },
      connectionTimeout: 10_000,
      socketTimeout: 10_000,
    });
  }

  async deliver(notification: StoredNotification): Promise<void> {
    const severity = notification.severity.toUpperCase();
    await this.transport.sendMail({
      from: this.options.from,
      to: [...this.options.to],
      subject: `[ATS ${severity}] ${notification.title || notification.kind}`,
      text: [
        notification.message,
        '',
        `kind: ${notification.kind}`,
        `severity: ${notification.severity}`,
        ...(notification.state ? [`state: ${notification.state}`] : []),
        ...(notification.alertKey ? [`alert: ${notification.alertKey}`] : []),
        `at: ${notification.createdAt.toISOString()}`,
        `notification: ${notification.id}`,
      ].join('\n'),
      headers: { 'X-ATS-Notification-Id': String(notification.id) },
    });
  }

  close(): void {
    this.transport.close();
  }
}
