// A journal of one kind of record: the rows and the events they publish, in one transaction per
// group of calls; an event goes to the outbox only when its row is new (a redelivery adds nothing).
import type { Queryable } from '../database.js';
import { GroupCommit } from './group-commit.js';
import type { OutboxEntry, OutboxRelay } from './outbox-relay.js';

export interface RowOutboxJournalOptions<Item> {
  /** Runs the transactions (on its database) and relays their rows (as its source). */
  readonly relay: OutboxRelay;
  /** Inserts the rows (skipping those already stored); returns the keys of the rows it inserted. */
  readonly insert: (transaction: Queryable, items: readonly Item[]) => Promise<ReadonlySet<string>>;
  readonly keyOf: (item: Item) => string;
  readonly entriesOf: (item: Item) => readonly OutboxEntry[];
  readonly maxBatch?: number;
}

export class RowOutboxJournal<Item> {
  private readonly commits: GroupCommit<Item, boolean>;

  constructor(private readonly options: RowOutboxJournalOptions<Item>) {
    this.commits = new GroupCommit((items) => this.commit(items), options.maxBatch ?? 500);
  }

  /** Stores the item and relays its events; false when it was stored before. */
  record(item: Item): Promise<boolean> {
    return this.commits.submit(item);
  }

  idle(): Promise<void> {
    return this.commits.idle();
  }

  private async commit(items: readonly Item[]): Promise<boolean[]> {
    const { options } = this;
    const inserted = await options.relay.transaction(async (transaction) => {
      const inserted = await options.insert(transaction, items);
      const entries = items.filter((item) => inserted.has(options.keyOf(item))).flatMap(options.entriesOf);
      return { result: inserted, entries };
    });
    return items.map((item) => inserted.has(options.keyOf(item)));
  }
}
