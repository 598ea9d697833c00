// Reads one durable subscription from a Redis stream with a consumer group: pending first, then new entries.
import { AtsError, decodeEvent, type MessageHandler, type PlatformEvent, topicMatches } from '@ats/core';
import type { RedisClient } from './redis-endpoint.js';

export interface StreamConsumerOptions {
  readonly connection: RedisClient;
  /** The connection for acknowledgements and bookkeeping (never blocked). */
  readonly commands: RedisClient;
  readonly streamKey: string;
  readonly group: string;
  readonly consumer: string;
  readonly pattern: string;
  readonly handler: MessageHandler;
  readonly processedKeyPrefix: string;
  readonly processedTtlSeconds: number;
  readonly blockMilliseconds: number;
  readonly claimIdleMilliseconds: number;
  readonly maxAttempts: number;
  /** Whether a new group starts at the stream's end ('$') or its beginning ('0'). */
  readonly startAt: '$' | '0';
  readonly onError: (error: unknown) => void;
}

type Entry = [id: string, fields: string[]];

const sleep = (milliseconds: number) => new Promise((resolve) => setTimeout(resolve, milliseconds));

/**
 * Entries are handled one at a time, in stream order. An entry is acknowledged after its handler
 * settled and the event id was recorded as processed; a redelivered entry whose id is recorded is
 * acknowledged without running the handler again. A handler that keeps failing with an error that is
 * not retryable moves the entry to `<stream>.dead` after `maxAttempts`; a retryable failure (an
 * AtsError whose code is retryable, such as DATABASE_UNAVAILABLE) is retried until it passes.
 */
/** A consumer's progress, for /health: when it last read, and what it is busy with since when. */
export interface ConsumerProgress {
  readonly stream: string;
  readonly group: string;
  /** Epoch ms of the last completed read of the stream (empty reads included); null before the first. */
  readonly lastReadAt: number | null;
  /** Epoch ms since which the current entry's handler runs; null when idle. */
  readonly handlingSince: number | null;
  readonly handled: number;
  readonly consecutiveFailures: number;
}

export class StreamConsumer {
  private running = false;
  private lastReadAt: number | null = null;
  private handlingSince: number | null = null;
  private handledCount = 0;
  private failureCount = 0;
  private loop: Promise<void> | null = null;
  private lastClaim = 0;

  constructor(private readonly options: StreamConsumerOptions) {}

  progress(): ConsumerProgress {
    return {
      stream: this.options.streamKey,
      group: this.options.group,
      lastReadAt: this.lastReadAt,
      handlingSince: this.handlingSince,
      handled: this.handledCount,
      consecutiveFailures: this.failureCount,
    };
  }

  async start(): Promise<void> {
    await this.createGroup(this.options.startAt);
    this.running = true;
    this.loop = this.run();
  }

  /** Creates the group (and the stream); a group that exists already is left as it is. */
  private async createGroup(startAt: '$' | '0'): Promise<void> {
    const { commands, streamKey, group } = this.options;
    try {
      await commands.xgroup('CREATE', streamKey, group, startAt, 'MKSTREAM');
    } catch (error) {
      if (!String((error as Error).message).includes('BUSYGROUP')) throw error;
    }
  }

  async stop(): Promise<void> {
    this.running = false;
    // Ends a blocking read at once; the loop sees `running` false and returns.
    this.options.connection.disconnect();
    await this.loop?.catch(() => {});
  }

  private async run(): Promise<void> {
    let pendingFirst = true;
    let failures = 0;
    let lastReported = 0;
    while (this.running) {
      try {
        await this.claimAbandoned();
        const id = pendingFirst ? '0' : '>';
        const block = pendingFirst ? [] : ['BLOCK', String(this.options.blockMilliseconds)];
        const reply = (await this.options.connection.call(
          'XREADGROUP',
          'GROUP',
          this.options.group,
          this.options.consumer,
          'COUNT',
          '100',
          ...block,
          'STREAMS',
          this.options.streamKey,
          id,
        )) as [string, Entry[]][] | null;
        const entries = reply?.[0]?.[1] ?? [];
        if (pendingFirst && entries.length === 0) pendingFirst = false;
        this.lastReadAt = Date.now();
        for (const entry of entries) {
          if (!this.running) return;
          this.handlingSince = Date.now();
          await this.handle(entry);
          this.handlingSince = null;
          this.handledCount++;
        }
        failures = 0;
        this.failureCount = 0;
      } catch (error) {
        if (!this.running) return;
        const message = String((error as Error).message);
        if (message.includes('NOGROUP')) {
          // Redis lost the stream or the group (restarted without its data): recreate the group from the
          // stream's start, so what the outbox relays again is read; consumers are idempotent.
          await this.createGroup('0').catch(() => {});
          pendingFirst = true;
        }
        failures++;
        this.failureCount = failures;
        this.handlingSince = null;
        // One report per outage and then at most one every 30 s: an unreachable Redis must not flood the log.
        const now = Date.now();
        if (failures === 1 || now - lastReported > 30_000) {
          lastReported = now;
          this.options.onError(
            new AtsError(
              'BUS_UNAVAILABLE',
              `stream ${this.options.streamKey}: ${message} (attempt ${failures})`,
              {
                cause: error,
              },
            ),
          );
        }
        await sleep(Math.min(5_000, 100 * 2 ** Math.min(failures, 6)));
      }
    }
  }

  /** Takes over entries another consumer of the group read but never acknowledged (it crashed). */
  private async claimAbandoned(): Promise<void> {
    const now = Date.now();
    if (now - this.lastClaim < this.options.claimIdleMilliseconds) return;
    this.lastClaim = now;
    const reply = (await this.options.commands.call(
      'XAUTOCLAIM',
      this.options.streamKey,
      this.options.group,
      this.options.consumer,
      String(this.options.claimIdleMilliseconds),
      '0',
      'COUNT',
      '100',
    )) as [string, (Entry | null)[]];
    for (const entry of reply[1] ?? []) if (entry && this.running) await this.handle(entry);
  }

  private async handle([id, fields]: Entry): Promise<void> {
    const { commands, streamKey, group } = this.options;
    const field = (name: string) => {
      const index = fields.indexOf(name);
      return index >= 0 && index % 2 === 0 ? fields[index + 1] : undefined;
    };
    const topic = field('topic') ?? '';
    if (!topicMatches(this.options.pattern, topic)) {
      await commands.xack(streamKey, group, id);
      return;
    }
    let event: PlatformEvent;
    try {
      event = decodeEvent(field('data') ?? '');
    } catch (error) {
      await this.deadLetter(id, fields, `undecodable: ${(error as Error).message}`);
      return;
    }
    const processedKey = `${this.options.processedKeyPrefix}${group}:${event.id}`;
    if (await commands.exists(processedKey)) {
      await commands.xack(streamKey, group, id);
      return;
    }
    for (let attempt = 1; ; attempt++) {
      try {
        await this.options.handler(event, topic);
        break;
      } catch (error) {
        this.options.onError(error);
        // A retryable failure (the database unavailable or its disk full) is retried until it passes:
        // dead letters are for entries that can never succeed, and a signal dead-lettered during a
        // database outage was lost (found by `ats chaos`, full disk).
        const retryable = (error as { retryable?: unknown }).retryable === true;
        if (attempt >= this.options.maxAttempts && !retryable) {
          await this.deadLetter(id, fields, `handler failed ${attempt} times: ${(error as Error).message}`);
          return;
        }
        if (!this.running) return;
        await sleep(Math.min(5_000, 50 * 2 ** attempt));
        // Stopped while waiting: the entry stays pending (never acknowledged without its handler passing).
        if (!this.running) return;
      }
    }
    await commands.set(processedKey, '1', 'EX', this.options.processedTtlSeconds);
    await commands.xack(streamKey, group, id);
  }

  private async deadLetter(id: string, fields: string[], reason: string): Promise<void> {
    const { commands, streamKey, group } = this.options;
    await commands.xadd(
      `${streamKey}.dead`,
      '*',
      ...fields,
      'reason',
      reason,
      'group',
      group,
      'original',
      id,
    );
    await commands.xack(streamKey, group, id);
    this.options.onError(
      new AtsError('INVALID_INPUT', `${streamKey} entry ${id} moved to dead letters: ${reason}`),
    );
  }
}
