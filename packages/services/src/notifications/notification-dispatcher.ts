// Takes a notification from any source (Gotify's API, the bus, Alertmanager): stores it with the plan
// of its deliveries, then delivers to each channel with retries and records each outcome. Storing is
// the durable effect a bus acknowledgement waits for; delivery runs after it and resumes at start.
import type { Database } from '@ats/persistence';
import type { NotificationsConfig } from '../config/notifications-config.js';
import type { NotificationChannel } from './channels/notification-channel.js';
import { type NewNotification, type StoredNotification, severityRank } from './notification-record.js';
import { ChannelRateLimiter, channelsFor, inQuietHours } from './notification-routing.js';
import type { DeliveryStatus, NotificationStore } from './notification-store.js';

export interface NotificationDispatcherOptions {
  readonly database: Database;
  readonly store: NotificationStore;
  readonly config: NotificationsConfig;
  readonly channels: readonly NotificationChannel[];
  readonly dedupWindowMilliseconds: number;
  readonly retryBackoffMilliseconds: number;
  readonly wait: (milliseconds: number) => Promise<void>;
  readonly now?: () => number;
  /** Told of each stored notification (the WebSocket stream). */
  readonly onStored?: (notification: StoredNotification) => void;
  readonly onError?: (error: unknown) => void;
  readonly onDelivery?: (channel: string, status: DeliveryStatus) => void;
}

export class NotificationDispatcher {
  private readonly limiter: ChannelRateLimiter;
  private readonly now: () => number;
  private readonly inFlight = new Set<Promise<void>>();
  private readonly byName: Map<string, NotificationChannel>;
  private releasing: Promise<number> | null = null;

  constructor(private readonly options: NotificationDispatcherOptions) {
    this.limiter = new ChannelRateLimiter(options.config.rate_limit_per_minute);
    this.now = options.now ?? Date.now;
    this.byName = new Map(options.channels.map((channel) => [channel.name, channel]));
  }

  /** Stores the notification and its delivery plan; delivery continues in the background. */
  async submit(notification: NewNotification): Promise<StoredNotification> {
    const plan = await this.plan(notification);
    const stored = await this.options.store.insert(notification, plan, (work) =>
      this.options.database.transaction(work),
    );
    this.options.onStored?.(stored);
    for (const delivery of plan)
      if (delivery.status === 'pending') this.deliverLater(stored, delivery.channel);
    for (const delivery of plan)
      if (delivery.status === 'suppressed' || delivery.status === 'held')
        this.options.onDelivery?.(delivery.channel, delivery.status);
    return stored;
  }

  /**
   * Once the quiet hours are over, sends what they held, oldest first, within each channel's rate
   * limit (what the limit refuses stays held for the next call). Each is marked pending before it is
   * sent, so a stop in between resumes it at start. Returns how many were released.
   */
  releaseHeld(): Promise<number> {
    // One release at a time: two overlapping calls would both read the same held rows.
    this.releasing ??= this.release().finally(() => {
      this.releasing = null;
    });
    return this.releasing;
  }

  private async release(): Promise<number> {
    const now = this.now();
    if (inQuietHours(this.options.config.quiet_hours, new Date(now))) return 0;
    let released = 0;
    for (const { notification, channel } of await this.options.store.heldDeliveries()) {
      if (!this.limiter.take(channel, now)) continue;
      await this.options.store.recordDelivery(notification.id, channel, 'pending', 0, '');
      this.deliverLater(notification, channel);
      released += 1;
    }
    return released;
  }

  /** Deliveries a stopped process left pending are sent again at start. */
  async resumePending(): Promise<number> {
    const pending = await this.options.store.pendingDeliveries();
    for (const { notification, channel } of pending) this.deliverLater(notification, channel);
    return pending.length;
  }

  /** Waits for deliveries in progress (tests, and a clean stop). */
  async drain(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
  }

  private async plan(
    notification: NewNotification,
  ): Promise<{ channel: string; status: DeliveryStatus; detail: string }[]> {
    const { config } = this.options;
    const now = new Date(this.now());
    const routed = channelsFor(config.routes, notification.kind, notification.severity).filter((name) =>
      this.byName.has(name),
    );
    if (routed.length === 0) return [];
    let suppressed: string | null = null;
    if (notification.alertKey !== null) {
      const since = new Date(now.getTime() - this.options.dedupWindowMilliseconds);
      const previous = await this.options.store.lastOfKey(notification.alertKey, notification.state, since);
      if (previous) suppressed = `duplicate of notification ${previous.id} within the dedup window`;
    }
    // Below the quiet hours' severity: kept, and sent when they end (releaseHeld), not dropped.
    const held =
      suppressed === null &&
      inQuietHours(config.quiet_hours, now) &&
      severityRank[notification.severity] < severityRank[config.quiet_hours.min_severity];
    return routed.map((channel) => {
      if (suppressed !== null) return { channel, status: 'suppressed' as const, detail: suppressed };
      if (held)
        return {
          channel,
          status: 'held' as const,
          detail: `quiet hours (${config.quiet_hours.start}-${config.quiet_hours.end} ${config.quiet_hours.time_zone}): sent when they end`,
        };
      if (!this.limiter.take(channel, now.getTime()))
        return {
          channel,
          status: 'suppressed' as const,
          detail: `rate limit of ${config.rate_limit_per_minute} per minute reached`,
        };
      return { channel, status: 'pending' as const, detail: '' };
    });
  }

  private deliverLater(notification: StoredNotification, channelName: string): void {
    const work = this.deliver(notification, channelName)
      .catch((error) => this.options.onError?.(error))
      .finally(() => this.inFlight.delete(work));
    this.inFlight.add(work);
  }

  /** Tries the channel up to `retry.attempts` times, doubling the wait, and records the outcome. */
  private async deliver(notification: StoredNotification, channelName: string): Promise<void> {
    const channel = this.byName.get(channelName);
    const { store, config } = this.options;
    if (!channel) {
      await store.recordDelivery(notification.id, channelName, 'failed', 0, 'channel not configured');
      return;
    }
    let lastError = '';
    for (let attempt = 1; attempt <= config.retry.attempts; attempt += 1) {
      try {
        await channel.deliver(notification);
        await store.recordDelivery(notification.id, channelName, 'sent', attempt, '');
        this.options.onDelivery?.(channelName, 'sent');
        return;
      } catch (error) {
        lastError = (error as Error).message;
        if (attempt < config.retry.attempts)
          await this.options.wait(this.options.retryBackoffMilliseconds * 2 ** (attempt - 1));
      }
    }
    await store.recordDelivery(
      notification.id,
      channelName,
      'failed',
      config.retry.attempts,
      lastError.slice(0, 500),
    );
    this.options.onDelivery?.(channelName, 'failed');
  }
}
