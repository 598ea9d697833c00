// The Redis transport of the bus: pub/sub for lossy market data, streams with consumer groups for the rest.
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import {
  AtsError,
  decodeEvent,
  encodeEvent,
  isDurableTopic,
  type MessageBus,
  type MessageHandler,
  type PlatformEvent,
  type SubscribeOptions,
  type Subscription,
  streamOfTopic,
  topicMatches,
} from '@ats/core';
import type { RedisClient } from './redis-endpoint.js';
import { connectRedis, isSentinelEndpoint, type RedisEndpoint } from './redis-endpoint.js';
import { type ConsumerProgress, StreamConsumer } from './stream-consumer.js';

/** The bus as /health reports it. */
export interface BusHealth {
  readonly connected: boolean;
  readonly consumers: readonly (ConsumerProgress & {
    readonly pending: number | null;
    readonly lag: number | null;
  })[];
}

export interface RedisMessageBusOptions {
  /** A redis:// URL, or a Sentinel-managed primary (redis-endpoint.ts). */
  readonly url: RedisEndpoint;
  /** Prefixes every key and channel, so several platforms (or tests) share one Redis. */
  readonly keyPrefix?: string;
  readonly onError?: (error: unknown) => void;
  /** Approximate cap of each stream (XADD MAXLEN ~). */
  readonly streamMaxLength?: number;
  readonly blockMilliseconds?: number;
  /** Entries unacknowledged this long by a consumer of the group are taken over by another. */
  readonly claimIdleMilliseconds?: number;
  readonly maxAttempts?: number;
  /** The consumer name within groups: the same name after a restart resumes the same pending entries. */
  readonly consumerName?: string;
  /** How long processed event ids are remembered for deduplication. */
  readonly processedTtlSeconds?: number;
}

/**
 * How far before the old primary last answered (checked every second) a failover reaches back: the
 * entries it acknowledged and had not replicated are its newest, within the replication lag (well
 * under a second when healthy); 10 s covers a lagging replica without relaying minutes of history.
 */
const serverChangeMarginMilliseconds = 10_000;

/** A value for the data-loss marker, new at every write (see onDataLoss). */
const newMarker = () => randomBytes(8).toString('hex');

interface LossyEntry {
  readonly pattern: string;
  readonly handler: MessageHandler;
}

export class RedisMessageBus implements MessageBus {
  private readonly prefix: string;
  private readonly publisher: RedisClient;
  private subscriber: RedisClient | null = null;
  private readonly lossy: LossyEntry[] = [];
  private readonly consumers = new Set<StreamConsumer>();
  private readonly inFlight = new Set<Promise<unknown>>();
  private readonly onError: (error: unknown) => void;
  private readonly consumerName: string;
  private readonly dataLossListeners: ((since: number | null) => void)[] = [];
  private epochTimer: ReturnType<typeof setInterval> | null = null;
  private epochWritten = false;
  private firstEpochCheck: Promise<void> | null = null;

  constructor(private readonly options: RedisMessageBusOptions) {
    this.prefix = options.keyPrefix ?? 'ats:';
    this.onError = options.onError ?? (() => {});
    this.consumerName = options.consumerName ?? `${hostname()}-${process.pid}`;
    // No retry limit and an offline queue: a publish during a Redis outage waits and is sent on reconnect.
    this.publisher = connectRedis(options.url, {
      maxRetriesPerRequest: null,
      enableOfflineQueue: true,
      lazyConnect: false,
    });
    this.publisher.on('error', (error) =>
      this.onError(new AtsError('BUS_UNAVAILABLE', error.message, { cause: error })),
    );
  }

  /**
   * Calls `listener` when Redis may have lost stream entries it had acknowledged: with null when it lost
   * its data (the marker key the buses write is gone, or was written again by another bus: restarted
   * empty, flushed), and with an epoch-ms
   * time when another server answers for a Sentinel-managed primary (its run_id changed: the replica
   * was promoted). Replication is asynchronous, so what the old primary acknowledged in its last
   * moments may be missing; the time given is 10 s before it last answered. Services then have their
   * outbox relays publish again what was written since. The promise settles once the first check
   * has read the marker.
   */
  onDataLoss(listener: (since: number | null) => void, checkEveryMilliseconds = 1_000): Promise<void> {
    this.dataLossListeners.push(listener);
    if (this.firstEpochCheck) return this.firstEpochCheck;
    const key = `${this.prefix}epoch`;
    // Only a Sentinel-managed primary is followed: there another server answering means a failover. A
    // single server restarted from its own files lost at most its unsynced append-only tail (not
    // relayed again: docs/messaging.md), and a cluster's INFO comes from any node.
    const followServer = isSentinelEndpoint(this.options.url);
    let server: { runId: string; answeredAt: number } | null = null;
    // The marker is shared by every bus on the prefix, so the first to see it gone writes it again. The
    // others must still notice: a marker whose value changed since this bus last read it was written
    // again after a loss (before, they saw a marker present and never relayed their own outboxes). Each
    // write is a new value: the bus that wrote the first marker may be the one that writes it again.
    let markerSeen: string | null = null;
    const check = async () => {
      const runId = followServer ? await this.serverRunId() : null;
      const answeredAt = Date.now();
      const previous = server;
      if (runId) server = { runId, answeredAt };
      if (!this.epochWritten) {
        await this.publisher.set(key, newMarker(), 'NX');
        markerSeen = await this.publisher.get(key);
        this.epochWritten = true;
        return;
      }
      const marker = await this.publisher.get(key);
      if (marker === null || marker !== markerSeen) {
        if (marker === null) await this.publisher.set(key, newMarker(), 'NX');
        markerSeen = marker ?? (await this.publisher.get(key));
        for (const notify of this.dataLossListeners) notify(null);
        return;
      }
      if (previous && runId && runId !== previous.runId)
        for (const notify of this.dataLossListeners)
          notify(previous.answeredAt - serverChangeMarginMilliseconds);
    };
    // One check at a time: two overlapping checks could both see the loss and report it twice.
    let checking: Promise<void> | null = null;
    const checkOnce = () => {
      checking ??= check()
        .catch(() => {})
        .finally(() => {
          checking = null;
        });
      return checking;
    };
    this.epochTimer = setInterval(() => {
      void checkOnce();
    }, checkEveryMilliseconds);
    this.epochTimer.unref?.();
    // Settles (never rejects: a Redis down now is seen at a later check) once the first check read the
    // marker; a loss before that is not this bus's to notice.
    this.firstEpochCheck = checkOnce();
    return this.firstEpochCheck;
  }

  /** The run_id of the server that answers (INFO server), or null when it does not say. */
  private async serverRunId(): Promise<string | null> {
    const info = String(await this.publisher.call('INFO', 'server'));
    return /^run_id:(\w+)/m.exec(info)?.[1] ?? null;
  }

  /** Connection state and each durable consumer's progress, pending entries and lag (XINFO GROUPS). */
  async health(): Promise<BusHealth> {
    const connected = this.publisher.status === 'ready';
    const consumers = await Promise.all(
      [...this.consumers].map(async (consumer) => {
        const progress = consumer.progress();
        let pending: number | null = null;
        let lag: number | null = null;
        if (connected) {
          try {
            const groups = (await this.publisher.call('XINFO', 'GROUPS', progress.stream)) as unknown[][];
            for (const fields of groups) {
              const info = new Map<string, unknown>();
              for (let index = 0; index + 1 < fields.length; index += 2)
                info.set(String(fields[index]), fields[index + 1]);
              if (info.get('name') !== progress.group) continue;
              pending = Number(info.get('pending'));
              const reportedLag = info.get('lag');
              lag = reportedLag === null || reportedLag === undefined ? null : Number(reportedLag);
            }
          } catch {
            // The stream may be gone (Redis lost its data): the consumer recreates it; nothing to report yet.
          }
        }
        return { ...progress, pending, lag };
      }),
    );
    return { connected, consumers };
  }

  streamKey(topic: string): string {
    return `${this.prefix}stream:${streamOfTopic(topic)}`;
  }

  publish(topic: string, message: PlatformEvent): void {
    const payload = encodeEvent(message);
    const write = isDurableTopic(topic)
      ? this.publisher.xadd(
          this.streamKey(topic),
          'MAXLEN',
          '~',
          String(this.options.streamMaxLength ?? 100_000),
          '*',
          'topic',
          topic,
          'data',
          payload,
        )
      : this.publisher.publish(`${this.prefix}${topic}`, payload);
    const tracked = write.catch((error: unknown) =>
      this.onError(
        new AtsError('BUS_UNAVAILABLE', `publish to ${topic} failed: ${(error as Error).message}`, {
          cause: error,
        }),
      ),
    );
    this.inFlight.add(tracked);
    void tracked.finally(() => this.inFlight.delete(tracked));
  }

  subscribe(pattern: string, handler: MessageHandler, options: SubscribeOptions = {}): Subscription {
    if (isDurableTopic(pattern.replace(/\*$/, 'x'))) return this.subscribeDurable(pattern, handler, options);
    return this.subscribeLossy(pattern, handler);
  }

  async flush(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.all([...this.inFlight]);
  }

  async close(): Promise<void> {
    if (this.epochTimer) clearInterval(this.epochTimer);
    await this.flush();
    await Promise.all([...this.consumers].map((consumer) => consumer.stop()));
    this.consumers.clear();
    this.subscriber?.disconnect();
    this.subscriber = null;
    await this.publisher.quit().catch(() => this.publisher.disconnect());
  }

  private subscribeLossy(pattern: string, handler: MessageHandler): Subscription {
    if (!this.subscriber) {
      // No ready check: it sends INFO, which a connection already in subscriber mode refuses.
      this.subscriber = connectRedis(this.options.url, {
        maxRetriesPerRequest: null,
        enableReadyCheck: false,
      });
      this.subscriber.on('error', (error) =>
        this.onError(new AtsError('BUS_UNAVAILABLE', error.message, { cause: error })),
      );
      this.subscriber.on('pmessage', (_pattern: string, channel: string, payload: string) =>
        this.dispatchLossy(channel, payload),
      );
    }
    const entry: LossyEntry = { pattern, handler };
    this.lossy.push(entry);
    const channelPattern = `${this.prefix}${pattern}`;
    const ready = this.subscriber.psubscribe(channelPattern).catch((error: unknown) => this.onError(error));
    this.inFlight.add(ready);
    void ready.finally(() => this.inFlight.delete(ready));
    return {
      unsubscribe: async () => {
        const index = this.lossy.indexOf(entry);
        if (index >= 0) this.lossy.splice(index, 1);
        if (!this.lossy.some((other) => other.pattern === pattern))
          await this.subscriber?.punsubscribe(channelPattern);
      },
    };
  }

  private dispatchLossy(channel: string, payload: string): void {
    const topic = channel.slice(this.prefix.length);
    let event: PlatformEvent;
    try {
      event = decodeEvent(payload);
    } catch (error) {
      this.onError(error);
      return;
    }
    for (const entry of this.lossy) {
      if (!topicMatches(entry.pattern, topic)) continue;
      try {
        const result = entry.handler(event, topic);
        if (result && typeof (result as Promise<void>).then === 'function')
          (result as Promise<void>).catch(this.onError);
      } catch (error) {
        this.onError(error);
      }
    }
  }

  private subscribeDurable(
    pattern: string,
    handler: MessageHandler,
    options: SubscribeOptions,
  ): Subscription {
    if (pattern === '*')
      throw new AtsError('INVALID_INPUT', 'durable subscriptions need a topic or a family pattern, not *');
    const named = options.group !== undefined;
    const group = options.group ?? `ephemeral-${randomBytes(6).toString('hex')}`;
    const streamKey = this.streamKey(pattern.endsWith('.*') ? pattern.replace(/\*$/, 'x') : pattern);
    const connection = connectRedis(this.options.url, { maxRetriesPerRequest: null });
    connection.on('error', () => {});
    const consumer = new StreamConsumer({
      connection,
      commands: this.publisher,
      streamKey,
      group,
      consumer: this.consumerName,
      pattern,
      handler,
      processedKeyPrefix: `${this.prefix}processed:`,
      processedTtlSeconds: this.options.processedTtlSeconds ?? 7 * 86_400,
      blockMilliseconds: this.options.blockMilliseconds ?? 1_000,
      claimIdleMilliseconds: this.options.claimIdleMilliseconds ?? 30_000,
      maxAttempts: this.options.maxAttempts ?? 5,
      // A named group is the service's durable position: created at the stream's start, so nothing
      // published before the service first subscribed is skipped (its consumers are idempotent).
      startAt: named ? '0' : '$',
      onError: this.onError,
    });
    this.consumers.add(consumer);
    const started = consumer.start().catch((error: unknown) => this.onError(error));
    this.inFlight.add(started);
    void started.finally(() => this.inFlight.delete(started));
    return {
      unsubscribe: async () => {
        await started;
        await consumer.stop();
        this.consumers.delete(consumer);
        // An unnamed group belongs to this subscription alone; a named group outlives it on purpose.
        if (!named) await this.publisher.xgroup('DESTROY', streamKey, group).catch(() => {});
      },
    };
  }
}
