// The notification service's wiring, alike in one process and in its own: the configured channels, the
// dispatcher, `notifications.*` from the bus, and Gotify's API.
import { topics } from '@ats/core';
import type { AtsConfig } from '../config/config-schema.js';
import { EmailChannel } from '../notifications/channels/email-channel.js';
import { GotifyChannel } from '../notifications/channels/gotify-channel.js';
import type { NotificationChannel } from '../notifications/channels/notification-channel.js';
import { PagerDutyChannel } from '../notifications/channels/pagerduty-channel.js';
import { SlackChannel } from '../notifications/channels/slack-channel.js';
import { GotifyAuthentication } from '../notifications/gotify-authentication.js';
import { NotificationDispatcher } from '../notifications/notification-dispatcher.js';
import { NotificationModule } from '../notifications/notification-module.js';
import {
  type NotificationSeverity,
  type StoredNotification,
  severityOfPriority,
} from '../notifications/notification-record.js';
import { NotificationStore } from '../notifications/notification-store.js';
import { durationMilliseconds } from '../wiring/config-mapping.js';
import { delay, type ServiceContext, type ServiceInstance } from './service-context.js';

/** How often held deliveries are looked at once quiet hours may have ended. */
const heldReleaseIntervalMilliseconds = 60_000;

export interface NotificationService extends ServiceInstance {
  readonly dispatcher: NotificationDispatcher;
  readonly store: NotificationStore;
}

/** The channels whose settings and secrets are present; the others are left out of every route. */
export function channelsOfConfig(
  config: AtsConfig,
  options: { readonly rejectUnauthorizedSmtp?: boolean } = {},
): NotificationChannel[] {
  const { notifications, secrets } = config;
  const channels: NotificationChannel[] = [];
  const email = notifications.email;
  if (email.host && email.to.length > 0)
    channels.push(
      new EmailChannel({
        host: email.host,
        port: email.port,
        secure: email.secure,
        ...(email.user ? { user: email.user } : {}),
        ...(secrets.smtp_password ? { password: secrets.smtp_password } : {}),
        from: email.from,
        to: email.to,
        ...(options.rejectUnauthorizedSmtp === undefined
          ? {}
          : { rejectUnauthorized: options.rejectUnauthorizedSmtp }),
      }),
    );
  if (secrets.slack_webhook_url) channels.push(new SlackChannel(secrets.slack_webhook_url));
  if (secrets.pagerduty_routing_key)
    channels.push(new PagerDutyChannel(notifications.pagerduty.events_url, secrets.pagerduty_routing_key));
  if (notifications.gotify.url && secrets.gotify_upstream_token)
    channels.push(new GotifyChannel(notifications.gotify.url, secrets.gotify_upstream_token));
  return channels;
}

export function buildNotifications(
  context: ServiceContext,
  channels: readonly NotificationChannel[] = channelsOfConfig(context.config),
): NotificationService {
  const { config, bus, database, metrics, logger, onError } = context;
  const store = new NotificationStore(database);
  const listeners = new Set<(notification: StoredNotification) => void>();
  const dispatcher = new NotificationDispatcher({
    database,
    store,
    config: config.notifications,
    channels,
    dedupWindowMilliseconds: durationMilliseconds(config.notifications.dedup_window),
    retryBackoffMilliseconds: durationMilliseconds(config.notifications.retry.backoff),
    wait: delay,
    onStored: (notification) => {
      for (const listener of listeners) listener(notification);
    },
    onError,
    onDelivery: (channel, status) => metrics.count('notification_deliveries_total', { channel, status }),
  });
  const authentication = new GotifyAuthentication({
    store,
    ...(config.secrets.gotify_token ? { bootstrapClientToken: config.secrets.gotify_token } : {}),
  });
  let subscription: { unsubscribe(): Promise<void> } | null = null;
  let releaseTimer: NodeJS.Timeout | null = null;
  return {
    dispatcher,
    store,
    module: new NotificationModule({
      store,
      dispatcher,
      authentication,
      metrics,
      channels: channels.map((channel) => channel.name),
      onStored: (listener) => {
        listeners.add(listener);
        return () => listeners.delete(listener);
      },
    }),
    async start() {
      subscription = bus.subscribe(
        topics.allNotifications,
        async (event) => {
          if (event.type !== 'NotificationRaised') return;
          const severity: NotificationSeverity = event.severity ?? severityOfPriority(event.priority);
          // Stored (with its delivery plan) before the bus entry is acknowledged; sending follows.
          await dispatcher.submit({
            applicationId: null,
            source: 'bus',
            kind: event.kind,
            title: event.title,
            message: event.message,
            priority: event.priority,
            severity,
            alertKey: event.key ?? null,
            state: event.state ?? null,
            extras: { event: event.id },
          });
        },
        { group: 'notifications' },
      );
      const resumed = await dispatcher.resumePending();
      if (resumed > 0) logger.info({ resumed }, 'notification deliveries resumed after a restart');
      // What quiet hours held goes out within a minute of their end.
      const release = () =>
        void dispatcher
          .releaseHeld()
          .then((released) => {
            if (released > 0) logger.info({ released }, 'notifications held by quiet hours released');
          })
          .catch(onError);
      release();
      releaseTimer = setInterval(release, heldReleaseIntervalMilliseconds);
      releaseTimer.unref();
    },
    async stop() {
      if (releaseTimer) clearInterval(releaseTimer);
      releaseTimer = null;
      await subscription?.unsubscribe().catch(onError);
      await dispatcher.drain();
      for (const channel of channels) (channel as { close?: () => void }).close?.();
    },
  };
}
