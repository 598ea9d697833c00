// Fans bus events out to the connected browsers: each event is serialized once, filtered per client
// (permission, topic filter) and pushed into that client's bounded buffer; nothing here waits on a socket.
import { encodeEvent, type MessageBus, type PlatformEvent, type Subscription, topicMatches } from '@ats/core';
import type { PrometheusMetrics } from '../metrics/prometheus-metrics.js';
import { type Role, roleMay } from '../security/principal.js';
import type { LiveFrame } from './live-client-buffer.js';
import { coalesceKeyOf, liveTopicPatterns, permissionOfTopic } from './live-topics.js';

/** What the hub needs of a connection: who it is, what it asked for, and where frames go. */
export interface LiveSubscriber {
  readonly role: Role;
  /** Topic patterns the page asked for (`orders.events`, `market_data.*`); empty means every topic. */
  readonly patterns: readonly string[];
  deliver(frame: LiveFrame): void;
}

export interface LiveHubStatistics {
  readonly clients: number;
  readonly published: number;
}

export class LiveEventHub {
  private readonly subscribers = new Set<LiveSubscriber>();
  private subscriptions: Subscription[] = [];
  private sequence = 0;

  constructor(
    private readonly bus: MessageBus,
    private readonly metrics: PrometheusMetrics,
    readonly maxClients: number,
  ) {}

  start(): void {
    if (this.subscriptions.length > 0) return;
    this.subscriptions = liveTopicPatterns.map((pattern) =>
      // The handler never awaits: a durable transport acknowledges at once, and the bus is never held up.
      this.bus.subscribe(pattern, (event, topic) => this.publish(topic, event)),
    );
  }

  async stop(): Promise<void> {
    const subscriptions = this.subscriptions;
    this.subscriptions = [];
    await Promise.all(subscriptions.map((subscription) => subscription.unsubscribe()));
  }

  hasRoom(): boolean {
    return this.subscribers.size < this.maxClients;
  }

  add(subscriber: LiveSubscriber): void {
    this.subscribers.add(subscriber);
  }

  remove(subscriber: LiveSubscriber): void {
    this.subscribers.delete(subscriber);
  }

  statistics(): LiveHubStatistics {
    return { clients: this.subscribers.size, published: this.sequence };
  }

  publish(topic: string, event: PlatformEvent): void {
    // With nobody watching the stream costs one set lookup per event.
    if (this.subscribers.size === 0) return;
    const permission = permissionOfTopic(topic);
    let frame: LiveFrame | null = null;
    for (const subscriber of this.subscribers) {
      if (!roleMay(subscriber.role, permission)) continue;
      if (
        subscriber.patterns.length > 0 &&
        !subscriber.patterns.some((pattern) => topicMatches(pattern, topic))
      )
        continue;
      if (frame === null) {
        this.sequence += 1;
        frame = {
          topic,
          coalesceKey: coalesceKeyOf(topic, event),
          text: `id: ${this.sequence}\nevent: ${topic}\ndata: ${encodeEvent(event)}\n\n`,
        };
      }
      subscriber.deliver(frame);
    }
    if (frame !== null)
      this.metrics.count('dashboard_live_events_total', { topic: topic.split('.')[0] ?? topic });
  }
}
