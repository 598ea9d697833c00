// Relays outbox rows to the bus: at once after their commit, again at start for rows a crash left
// unrelayed, and again after the bus lost its data (Redis restarted empty).
import { decodeEvent, encodeEvent, type MessageBus, type PlatformEvent } from '@ats/core';
import type { Database, Queryable } from '../database.js';
import { unnestRows } from '../repositories/order-row.js';

/** One event on one topic, as it goes into the outbox. */
export interface OutboxEntry {
  readonly topic: string;
  readonly event: PlatformEvent;
}

/** An outbox row written by a committed transaction. */
export interface CommittedEntry extends OutboxEntry {
  readonly sequence: number;
}

/** Writes entries in the caller's transaction; returns the rows written (duplicates by (topic, event id) skipped). */
export async function writeOutbox(
  transaction: Queryable,
  source: string,
  entries: readonly OutboxEntry[],
): Promise<CommittedEntry[]> {
  if (entries.length === 0) return [];
  const { select, parameters } = unnestRows(
    entries.map((entry) => [source, entry.event.id, entry.topic, encodeEvent(entry.event)]),
    ['text', 'text', 'text', 'text'],
  );
  // Rows keep the entries' order (unnest keeps it, and the sequence is drawn row by row).
  const rows = await transaction.query<{ sequence: string; topic: string; event_id: string }>(
    `INSERT INTO event_outbox (source, event_id, topic, payload) ${select}
     ON CONFLICT (topic, event_id) DO NOTHING RETURNING sequence, topic, event_id`,
    parameters,
  );
  const written = new Map(rows.map((row) => [`${row.topic}|${row.event_id}`, Number(row.sequence)]));
  const committed: CommittedEntry[] = [];
  for (const entry of entries) {
    const sequence = written.get(`${entry.topic}|${entry.event.id}`);
    if (sequence !== undefined) committed.push({ ...entry, sequence });
  }
  return committed.sort((left, right) => left.sequence - right.sequence);
}

export interface OutboxRelayOptions {
  readonly database: Database;
  readonly bus: MessageBus;
  /** The service whose rows this relay owns. */
  readonly source: string;
  readonly onError: (error: unknown) => void;
  /** How often relayed rows past the retention are pruned. Default 5 s. */
  readonly sweepMilliseconds?: number;
  /** How long relayed rows are kept for redelivery after a bus data loss. Default one day. */
  readonly retentionMilliseconds?: number;
}

export class OutboxRelay {
  /** The highest sequence published and not yet recorded as relayed. */
  private pendingThrough = 0;
  /** The highest sequence recorded as relayed (in outbox_relay_positions). */
  private relayedThrough = 0;
  private marking: Promise<void> = Promise.resolve();
  private timer: ReturnType<typeof setInterval> | null = null;
  private published = 0;

  constructor(private readonly options: OutboxRelayOptions) {}

  get publishedCount(): number {
    return this.published;
  }

  /** Publishes rows just committed, in sequence order; they are marked relayed once the bus stored them. */
  committed(entries: readonly CommittedEntry[]): void {
    for (const entry of entries) {
      this.publish(entry.topic, entry.event);
      if (entry.sequence > this.pendingThrough) this.pendingThrough = entry.sequence;
    }
    this.scheduleMarking();
  }

  /** Relays what a previous run committed but did not relay, then sweeps periodically. */
  async start(): Promise<number> {
    let count = 0;
    for (let swept = await this.sweep(); swept > 0; swept = await this.sweep()) count += swept;
    const every = this.options.sweepMilliseconds ?? 5_000;
    this.timer = setInterval(() => {
      this.prune().catch(this.options.onError);
    }, every);
    this.timer.unref?.();
    return count;
  }

  /**
   * After the bus lost its data: publishes again every row of this source written since `since`
   * (epoch ms). Consumers are idempotent by event id, so what they had handled is skipped.
   */
  async redeliverSince(since: number): Promise<number> {
    const rows = await this.options.database.query<{ sequence: string; topic: string; payload: string }>(
      `SELECT sequence, topic, payload FROM event_outbox WHERE source = $1 AND created_at >= $2 ORDER BY sequence`,
      [this.options.source, new Date(since).toISOString()],
    );
    for (const row of rows) this.publishRow(row);
    await this.options.bus.flush();
    return rows.length;
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.marking;
    await this.markNow();
  }

  /** Publishes the rows of this source after the recorded position (a crash left them unrelayed). */
  private async sweep(): Promise<number> {
    const { database, source } = this.options;
    if (this.relayedThrough === 0) {
      const [position] = await database.query<{ relayed_through: string }>(
        'SELECT relayed_through FROM outbox_relay_positions WHERE source = $1',
        [source],
      );
      this.relayedThrough = position ? Number(position.relayed_through) : 0;
    }
    const from = Math.max(this.relayedThrough, this.pendingThrough);
    const rows = await database.query<{ sequence: string; topic: string; payload: string }>(
      'SELECT sequence, topic, payload FROM event_outbox WHERE source = $1 AND sequence > $2 ORDER BY sequence LIMIT 10000',
      [source, from],
    );
    for (const row of rows) {
      this.publishRow(row);
      this.pendingThrough = Math.max(this.pendingThrough, Number(row.sequence));
    }
    await this.markNow();
    return rows.length;
  }

  private publishRow(row: { topic: string; payload: string }): void {
    let event: PlatformEvent;
    try {
      event = decodeEvent(row.payload);
    } catch (error) {
      this.options.onError(error);
      return;
    }
    this.publish(row.topic, event);
  }

  private publish(topic: string, event: PlatformEvent): void {
    this.published++;
    this.options.bus.publish(topic, event);
  }

  private scheduleMarking(): void {
    this.marking = this.marking.then(() => this.markNow()).catch(this.options.onError);
  }

  /** Waits until the bus stored what was published, then records the position as relayed. */
  private async markNow(): Promise<void> {
    const through = this.pendingThrough;
    if (through <= this.relayedThrough) return;
    await this.options.bus.flush();
    try {
      await this.options.database.query(
        `INSERT INTO outbox_relay_positions (source, relayed_through, updated_at) VALUES ($1, $2, NOW())
         ON CONFLICT (source) DO UPDATE SET relayed_through = GREATEST(outbox_relay_positions.relayed_through, EXCLUDED.relayed_through), updated_at = NOW()`,
        [this.options.source, through],
      );
      this.relayedThrough = through;
    } catch (error) {
      // Not recorded: the next start publishes those rows again (consumers are idempotent).
      this.options.onError(error);
    }
  }

  private async prune(): Promise<void> {
    const retention = this.options.retentionMilliseconds ?? 86_400_000;
    await this.options.database.query(
      'DELETE FROM event_outbox WHERE source = $1 AND sequence <= $2 AND created_at < $3',
      [this.options.source, this.relayedThrough, new Date(Date.now() - retention).toISOString()],
    );
  }
}
