// The notification tables: Gotify applications and clients (by token hash), messages, and deliveries.
import { createHash, randomBytes } from 'node:crypto';
import type { Queryable } from '@ats/persistence';
import type { NewNotification, NotificationSeverity, StoredNotification } from './notification-record.js';

export type TokenKind = 'application' | 'client';

export interface NotificationToken {
  readonly id: number;
  readonly kind: TokenKind;
  readonly name: string;
  readonly description: string;
  readonly defaultPriority: number;
}

/** `held`: inside quiet hours, below their severity; sent once they end (`NotificationDispatcher.releaseHeld`). */
export type DeliveryStatus = 'pending' | 'held' | 'sent' | 'failed' | 'suppressed';

export interface DeliveryRow {
  readonly notificationId: number;
  readonly channel: string;
  readonly status: DeliveryStatus;
  readonly attempts: number;
  readonly detail: string;
}

export function tokenHash(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** Gotify's token shape: a letter for the kind (A application, C client) and 14 random characters. */
function newToken(kind: TokenKind): string {
  return `${kind === 'application' ? 'A' : 'C'}${randomBytes(12).toString('base64url').slice(0, 14)}`;
}

interface NotificationRow {
  id: string | number;
  application_id: number | null;
  source: NewNotification['source'];
  kind: string;
  title: string;
  message: string;
  priority: number;
  severity: NotificationSeverity;
  alert_key: string | null;
  state: 'firing' | 'resolved' | null;
  extras: Record<string, unknown> | string | null;
  created_at: Date | string;
  [key: string]: unknown;
}

function notificationOfRow(row: NotificationRow): StoredNotification {
  return {
    id: Number(row.id),
    applicationId: row.application_id,
    source: row.source,
    kind: row.kind,
    title: row.title,
    message: row.message,
    priority: row.priority,
    severity: row.severity,
    alertKey: row.alert_key,
    state: row.state,
    extras: typeof row.extras === 'string' ? (JSON.parse(row.extras) as Record<string, unknown>) : row.extras,
    createdAt: new Date(row.created_at),
  };
}

const tokenColumns = 'id, kind, name, description, default_priority';
const tokenOfRow = (row: Record<string, unknown>): NotificationToken => ({
  id: Number(row.id),
  kind: row.kind as TokenKind,
  name: String(row.name),
  description: String(row.description),
  defaultPriority: Number(row.default_priority),
});

export class NotificationStore {
  constructor(private readonly database: Queryable) {}

  /** Creates an application or client; the token is returned here only (the table keeps its hash). */
  async createToken(
    kind: TokenKind,
    name: string,
    description = '',
    defaultPriority = 0,
  ): Promise<NotificationToken & { token: string }> {
    const token = newToken(kind);
    const [row] = await this.database.query(
      `INSERT INTO notification_tokens (kind, name, description, token_hash, default_priority)
       VALUES ($1, $2, $3, $4, $5) RETURNING ${tokenColumns}`,
      [kind, name, description, tokenHash(token), defaultPriority],
    );
    return { ...tokenOfRow(row as Record<string, unknown>), token };
  }

  async tokenOf(token: string): Promise<NotificationToken | null> {
    const [row] = await this.database.query(
      `SELECT ${tokenColumns} FROM notification_tokens WHERE token_hash = $1`,
      [tokenHash(token)],
    );
    return row ? tokenOfRow(row) : null;
  }

  async tokens(kind: TokenKind): Promise<NotificationToken[]> {
    const rows = await this.database.query(
      `SELECT ${tokenColumns} FROM notification_tokens WHERE kind = $1 ORDER BY id`,
      [kind],
    );
    return rows.map(tokenOfRow);
  }

  async deleteToken(kind: TokenKind, id: number): Promise<boolean> {
    const rows = await this.database.query(
      'DELETE FROM notification_tokens WHERE kind = $1 AND id = $2 RETURNING id',
      [kind, id],
    );
    return rows.length > 0;
  }

  /** Stores a notification and the planned delivery of each channel in one transaction. */
  async insert(
    notification: NewNotification,
    deliveries: readonly { channel: string; status: DeliveryStatus; detail: string }[],
    transaction: (work: (queryable: Queryable) => Promise<StoredNotification>) => Promise<StoredNotification>,
  ): Promise<StoredNotification> {
    return transaction(async (queryable) => {
      const [row] = await queryable.query<NotificationRow>(
        `INSERT INTO notifications (application_id, source, kind, title, message, priority, severity, alert_key, state, extras)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING *`,
        [
          notification.applicationId,
          notification.source,
          notification.kind,
          notification.title,
          notification.message,
          notification.priority,
          notification.severity,
          notification.alertKey,
          notification.state,
          notification.extras === null ? null : JSON.stringify(notification.extras),
        ],
      );
      const stored = notificationOfRow(row as NotificationRow);
      for (const delivery of deliveries)
        await queryable.query(
          'INSERT INTO notification_deliveries (notification_id, channel, status, detail) VALUES ($1, $2, $3, $4)',
          [stored.id, delivery.channel, delivery.status, delivery.detail],
        );
      return stored;
    });
  }

  async recordDelivery(
    notificationId: number,
    channel: string,
    status: DeliveryStatus,
    attempts: number,
    detail: string,
  ): Promise<void> {
    await this.database.query(
      `UPDATE notification_deliveries SET status = $3, attempts = $4, detail = $5, updated_at = NOW()
       WHERE notification_id = $1 AND channel = $2`,
      [notificationId, channel, status, attempts, detail],
    );
  }

  async deliveries(notificationId: number): Promise<DeliveryRow[]> {
    const rows = await this.database.query(
      'SELECT notification_id, channel, status, attempts, detail FROM notification_deliveries WHERE notification_id = $1 ORDER BY channel',
      [notificationId],
    );
    return rows.map((row) => ({
      notificationId: Number(row.notification_id),
      channel: String(row.channel),
      status: row.status as DeliveryStatus,
      attempts: Number(row.attempts),
      detail: String(row.detail),
    }));
  }

  /** Deliveries left pending by a stopped process, oldest first, with their notifications. */
  pendingDeliveries(limit = 500): Promise<{ notification: StoredNotification; channel: string }[]> {
    return this.deliveriesIn('pending', limit);
  }

  /** Deliveries held by quiet hours, oldest first, with their notifications. */
  heldDeliveries(limit = 500): Promise<{ notification: StoredNotification; channel: string }[]> {
    return this.deliveriesIn('held', limit);
  }

  private async deliveriesIn(
    status: 'pending' | 'held',
    limit: number,
  ): Promise<{ notification: StoredNotification; channel: string }[]> {
    const rows = await this.database.query<NotificationRow & { channel: string }>(
      `SELECT n.*, d.channel FROM notification_deliveries d JOIN notifications n ON n.id = d.notification_id
       WHERE d.status = $1 ORDER BY n.id, d.channel LIMIT $2`,
      [status, limit],
    );
    return rows.map((row) => ({ notification: notificationOfRow(row), channel: row.channel }));
  }

  /** The last notification sent for an alert key since a time (deduplication). */
  async lastOfKey(alertKey: string, state: string | null, since: Date): Promise<StoredNotification | null> {
    const [row] = await this.database.query<NotificationRow>(
      `SELECT * FROM notifications WHERE alert_key = $1 AND state IS NOT DISTINCT FROM $2 AND created_at >= $3
       ORDER BY id DESC LIMIT 1`,
      [alertKey, state, since],
    );
    return row ? notificationOfRow(row) : null;
  }

  /** Gotify's paging: newest first, ids below `since` (0: from the newest). */
  async messages(options: {
    applicationId?: number;
    limit: number;
    since: number;
  }): Promise<StoredNotification[]> {
    const parameters: unknown[] = [options.limit];
    const where: string[] = [];
    if (options.since > 0) {
      parameters.push(options.since);
      where.push(`id < $${parameters.length}`);
    }
    if (options.applicationId !== undefined) {
      parameters.push(options.applicationId);
      where.push(`application_id = $${parameters.length}`);
    }
    const rows = await this.database.query<NotificationRow>(
      `SELECT * FROM notifications ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY id DESC LIMIT $1`,
      parameters,
    );
    return rows.map(notificationOfRow);
  }

  async message(id: number): Promise<StoredNotification | null> {
    const [row] = await this.database.query<NotificationRow>('SELECT * FROM notifications WHERE id = $1', [
      id,
    ]);
    return row ? notificationOfRow(row) : null;
  }

  async deleteMessage(id: number): Promise<boolean> {
    return (
      (await this.database.query('DELETE FROM notifications WHERE id = $1 RETURNING id', [id])).length > 0
    );
  }

  async deleteMessages(applicationId?: number): Promise<number> {
    const rows =
      applicationId === undefined
        ? await this.database.query('DELETE FROM notifications RETURNING id')
        : await this.database.query('DELETE FROM notifications WHERE application_id = $1 RETURNING id', [
            applicationId,
          ]);
    return rows.length;
  }
}
