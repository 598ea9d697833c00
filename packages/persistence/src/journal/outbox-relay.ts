// Relays outbox rows to the bus: at once after their commit, again at start for rows a crash left
// unrelayed, and again after the bus lost its data (Redis restarted empty). The relayed position never
// passes a row whose transaction's outcome this process does not know yet, so a restart finds it.
import { decodeEvent, encodeEvent, type MessageBus, type PlatformEvent } from '@ats/core';
import type { Database, Queryable } from '../database.js';
import { unnestRows } from '../repositories/order-row.js';

/** One event and the topics it is published on, as it goes into the outbox. */
export interface OutboxEntry {
  readonly topics: readonly string[];
  readonly event: PlatformEvent;
}

/** An outbox row written by a transaction (committed, or not yet known to be). */
export interface CommittedEntry extends OutboxEntry {
  readonly sequence: number;
  /** The writing transaction's id (txid_current()), to ask PostgreSQL its outcome when the client could not tell. */
  readonly transaction: string;
}

/** Writes entries in the caller's transaction, one row each; returns them with their sequence, in order. */
export async function writeOutbox(
  transaction: Queryable,
  source: string,
  entries: readonly OutboxEntry[],
): Promise<CommittedEntry[]> {
  if (entries.length === 0) return [];
  const { select, parameters } = unnestRows(
    entries.map((entry, index) => [
      index,
      source,
      entry.event.id,
      entry.topics.join(' '),
      encodeEvent(entry.event),
    ]),
    ['int', 'text', 'text', 'text', 'text'],
    ['ordinal', 'source', 'event_id', 'topics', 'payload'],
  );
  // The sequence is drawn row by row in the order of `ordinal`, so it follows the entries' order.
  const rows = await transaction.query<{ sequence: string; transaction: string }>(
    `WITH inserted AS (
       INSERT INTO event_outbox (source, event_id, topics, payload)
       SELECT source, event_id, topics, payload FROM (${select}) rows ORDER BY ordinal RETURNING sequence)
     SELECT sequence, txid_current()::text AS transaction FROM inserted ORDER BY sequence`,
    parameters,
  );
  return entries.map((entry, index) => ({
    ...entry,
    sequence: Number(rows[index]?.sequence),
    transaction: String(rows[index]?.transaction),
  }));
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
  /** Rows of transactions with an unknown outcome, still to be looked up (see `uncertain`). */
  private readonly unsure: CommittedEntry[] = [];
  /**
   * Sequences written by this process's transactions whose outcome is not known yet: in flight, or
   * failed as seen by the client (see `uncertain`). The relayed position stays below each of them.
   */
  private readonly unresolved = new Set<number>();
  /**
   * Writes whose INSERT has not returned yet, each with the highest sequence known when it began: its
   * rows will be above that (a sequence only grows), so the position may pass that and no further.
   */
  private readonly writesInFlight = new Map<number, number>();
  private writeCount = 0;
  /** The highest sequence of this source seen so far (written, published or swept). */
  private highestSeen = 0;
  private recheckTimer: ReturnType<typeof setTimeout> | null = null;
  private rechecking: Promise<void> | null = null;

  constructor(private readonly options: OutboxRelayOptions) {}

  get publishedCount(): number {
    return this.published;
  }

  /**
   * Runs `work` in one transaction of the relay's database, writes the outbox entries it returns in that
   * same transaction, and relays them once it committed. When the client sees an error (the transaction
   * may still have committed), the rows are looked up (`uncertain`) and the error is thrown on. Until
   * the outcome is known the relayed position stays below the rows, so a process killed meanwhile
   * relays them at its next start if they committed.
   */
  async transaction<Result>(
    work: (
      transaction: Queryable,
    ) => Promise<{ readonly result: Result; readonly entries: readonly OutboxEntry[] }>,
  ): Promise<Result> {
    const write = ++this.writeCount;
    // highestSeen already covers every published sequence; the recorded position may be ahead of it at start.
    this.writesInFlight.set(write, Math.max(this.highestSeen, this.relayedThrough));
    // The rows written, kept outside the transaction: if it fails, it may still have committed.
    let written: CommittedEntry[] = [];
    let outcome: Result;
    try {
      outcome = await this.options.database.transaction(async (transaction) => {
        const { result, entries } = await work(transaction);
        written = await writeOutbox(transaction, this.options.source, entries);
        // Known before COMMIT is sent: a transaction can only commit once its rows are held here.
        for (const entry of written) {
          this.unresolved.add(entry.sequence);
          if (entry.sequence > this.highestSeen) this.highestSeen = entry.sequence;
        }
        this.writesInFlight.delete(write);
        return result;
      });
    } catch (error) {
      this.writesInFlight.delete(write);
      this.uncertain(written);
      throw error;
    }
    this.committed(written);
    return outcome;
  }

  /** Publishes rows just committed, in sequence order; they are marked relayed once the bus stored them. */
  committed(entries: readonly CommittedEntry[]): void {
    for (const entry of entries) {
      for (const topic of entry.topics) this.publish(topic, entry.event);
      this.unresolved.delete(entry.sequence);
      if (entry.sequence > this.pendingThrough) this.pendingThrough = entry.sequence;
      if (entry.sequence > this.highestSeen) this.highestSeen = entry.sequence;
    }
    this.scheduleMarking();
  }

  /**
   * Rows written by a transaction whose client saw an error, so whether it committed is not known (a
   * connection lost at COMMIT, a server failing on a full disk): the rows may well be in the table.
   * Once PostgreSQL says the transaction is over (txid_status; asked now, then every second until it
   * answers), the rows found in the table are published.
   * Before this, such a row stayed unpublished for good: `committed` is told only of transactions that
   * returned, and the relayed position moved past it with the next commits (found by `ats chaos`, full
   * disk: a stored signal never assessed).
   */
  uncertain(entries: readonly CommittedEntry[]): void {
    if (entries.length === 0) return;
    this.unsure.push(...entries);
    this.scheduleRecheck(0);
  }

  /** Resolves once no row of an uncertain commit waits to be looked up. */
  async settled(): Promise<void> {
    while (this.unsure.length > 0 || this.rechecking !== null)
      await (this.rechecking ?? new Promise((resolve) => setTimeout(resolve, 10)));
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
    const rows = await this.options.database.query<{ sequence: string; topics: string; payload: string }>(
      `SELECT sequence, topics, payload FROM event_outbox WHERE source = $1 AND created_at >= $2 ORDER BY sequence`,
      [this.options.source, new Date(since).toISOString()],
    );
    for (const row of rows) this.publishRow(row);
    await this.options.bus.flush();
    return rows.length;
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    if (this.recheckTimer) clearTimeout(this.recheckTimer);
    this.recheckTimer = null;
    await this.rechecking;
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
    const rows = await database.query<{ sequence: string; topics: string; payload: string }>(
      'SELECT sequence, topics, payload FROM event_outbox WHERE source = $1 AND sequence > $2 ORDER BY sequence LIMIT 10000',
      [source, from],
    );
    for (const row of rows) {
      this.publishRow(row);
      this.pendingThrough = Math.max(this.pendingThrough, Number(row.sequence));
      this.highestSeen = Math.max(this.highestSeen, Number(row.sequence));
    }
    await this.markNow();
    return rows.length;
  }

  private publishRow(row: { topics: string; payload: string }): void {
    let event: PlatformEvent;
    try {
      event = decodeEvent(row.payload);
    } catch (error) {
      this.options.onError(error);
      return;
    }
    for (const topic of row.topics.split(' ')) this.publish(topic, event);
  }

  private publish(topic: string, event: PlatformEvent): void {
    this.published++;
    this.options.bus.publish(topic, event);
  }

  private scheduleRecheck(delay: number): void {
    if (this.recheckTimer !== null || this.rechecking !== null) return;
    this.recheckTimer = setTimeout(() => {
      this.recheckTimer = null;
      this.rechecking = this.recheck()
        .then(
          () => false,
          (error: unknown) => {
            this.options.onError(error);
            return true;
          },
        )
        .then((failed) => {
          this.rechecking = null;
          // Rows left: the lookup failed (a second later), or a transaction is still in progress or
          // rows came meanwhile (a tenth of a second).
          if (this.unsure.length > 0) this.scheduleRecheck(failed ? 1_000 : 100);
        });
    }, delay);
    this.recheckTimer.unref?.();
  }

  /**
   * Publishes the uncertain rows that are in the table and lets go of the others, once their
   * transaction is over; rows of a transaction still in progress wait for the next look. PostgreSQL is
   * asked whether the transaction is still in progress (by its id), so a lookup cannot run just before
   * a COMMIT in flight becomes visible. The decision is the rows' own: a row counts only with both its
   * sequence and its event id, since after a server crash that lost the end of its log a transaction id
   * and a sequence number can be handed out again, to another transaction and another row.
   */
  private async recheck(): Promise<void> {
    const entries = this.unsure.splice(0);
    let inProgress: Set<string>;
    let present: Set<number>;
    try {
      const transactions = [...new Set(entries.map((entry) => entry.transaction))];
      // An id at or past the next one to be assigned was lost with the server's log: never committed
      // (txid_status would refuse it as "in the future").
      const statuses = await this.options.database.query<{ transaction: string; status: string | null }>(
        `SELECT id AS transaction,
                CASE WHEN id::bigint >= txid_snapshot_xmax(txid_current_snapshot()) THEN 'aborted'
                     ELSE txid_status(id::bigint) END AS status
           FROM unnest($1::text[]) AS id`,
        [transactions],
      );
      inProgress = new Set(
        statuses.filter((row) => row.status === 'in progress').map((row) => row.transaction),
      );
      const over = entries.filter((entry) => !inProgress.has(entry.transaction));
      const found =
        over.length === 0
          ? []
          : await this.options.database.query<{ sequence: string }>(
              `SELECT o.sequence FROM event_outbox o
                 JOIN unnest($2::bigint[], $3::text[]) AS written (sequence, event_id)
                   ON o.sequence = written.sequence AND o.event_id = written.event_id
                WHERE o.source = $1`,
              [
                this.options.source,
                over.map((entry) => String(entry.sequence)),
                over.map((entry) => entry.event.id),
              ],
            );
      present = new Set(found.map((row) => Number(row.sequence)));
    } catch (error) {
      // Not answered: asked again a second later.
      this.unsure.unshift(...entries);
      throw error;
    }
    const landed: CommittedEntry[] = [];
    for (const entry of entries) {
      if (inProgress.has(entry.transaction)) this.unsure.push(entry);
      else if (present.has(entry.sequence)) landed.push(entry);
      else this.unresolved.delete(entry.sequence);
    }
    if (landed.length > 0) this.committed(landed);
    else this.scheduleMarking();
  }

  private scheduleMarking(): void {
    this.marking = this.marking.then(() => this.markNow()).catch(this.options.onError);
  }

  /**
   * The position every row of this source at or below is on the bus or never committed: what was
   * published, short of any row whose outcome is unknown and of what writes still in flight may add.
   */
  private safeThrough(): number {
    let through = this.pendingThrough;
    for (const sequence of this.unresolved) if (sequence - 1 < through) through = sequence - 1;
    for (const floor of this.writesInFlight.values()) if (floor < through) through = floor;
    return through;
  }

  /** Waits until the bus stored what was published, then records the position as relayed. */
  private async markNow(): Promise<void> {
    const through = this.safeThrough();
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
