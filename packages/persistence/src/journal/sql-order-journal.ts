// The order journal on PostgreSQL or PGlite: orders, fills and their events in one transaction per
// group of calls (group commit), the events in the outbox and relayed to the bus after the commit.
import {
  AtsError,
  type Money,
  type Order,
  type OrderEvent,
  type OrderFilled,
  type PlatformEvent,
  topics,
} from '@ats/core';
import type { Queryable } from '../database.js';
import {
  orderColumns,
  orderColumnTypes,
  orderRowValues,
  orderUpsertTail,
  unnestRows,
} from '../repositories/order-row.js';
import { tradeColumns, tradeColumnTypes, tradeRowValues, venueColumn } from '../repositories/trade-row.js';
import { timestampText } from '../sql-values.js';
import { GroupCommit } from './group-commit.js';
import type { OutboxEntry, OutboxRelay } from './outbox-relay.js';

type JournalItem =
  | {
      readonly kind: 'create';
      readonly id: string;
      readonly row: unknown[];
      readonly events: readonly OrderEvent[];
    }
  | { readonly kind: 'update'; readonly id: string; readonly row: unknown[]; readonly event: OrderEvent }
  | {
      readonly kind: 'fill';
      readonly id: string;
      readonly row: unknown[];
      readonly trade: unknown[];
      readonly key: string;
      readonly fill: OrderFilled;
    };

/** The lease an executor holds on its account: writes fail once another executor took it over. */
export interface ExecutorFence {
  readonly accountId: string;
  readonly token: number;
}

export interface SqlOrderJournalOptions {
  /** Runs the journal's transactions (on its database) and relays their rows (as its source). */
  readonly relay: OutboxRelay;
  /** Checked inside every transaction when set (multi-process mode: one executor per account). */
  readonly fence?: () => ExecutorFence | null;
  /** Most calls per transaction (bounded by PostgreSQL's 65,535 parameters per statement). */
  readonly maxBatch?: number;
}

// 27 order columns: 65,535 / 27 leaves room for about 2,400 rows in one statement.
const defaultMaxBatch = 1_000;

export class SqlOrderJournal {
  private readonly commits: GroupCommit<JournalItem, boolean>;

  constructor(private readonly options: SqlOrderJournalOptions) {
    this.commits = new GroupCommit((items) => this.commit(items), options.maxBatch ?? defaultMaxBatch);
  }

  createOrder(order: Order, events: readonly OrderEvent[]): Promise<boolean> {
    return this.commits.submit({ kind: 'create', id: order.id, row: orderRowValues(order), events });
  }

  async updateOrder(order: Order, event: OrderEvent): Promise<void> {
    await this.commits.submit({ kind: 'update', id: order.id, row: orderRowValues(order), event });
  }

  recordFill(order: Order, fill: OrderFilled, realizedPnl: Money | null): Promise<boolean> {
    return this.commits.submit({
      kind: 'fill',
      id: order.id,
      row: orderRowValues(order),
      trade: tradeRowValues(fill, realizedPnl),
      key: `${venueColumn(fill.venue)}|${fill.executionId}`,
      fill,
    });
  }

  /** Resolves when every call so far is committed (or failed). */
  idle(): Promise<void> {
    return this.commits.idle();
  }

  private async commit(items: readonly JournalItem[]): Promise<boolean[]> {
    const { created, recorded } = await this.options.relay.transaction(async (transaction) => {
      await this.checkFence(transaction);
      const creates = items.filter((item) => item.kind === 'create');
      const created = await insertOrders(transaction, creates);
      const fills = items.filter((item) => item.kind === 'fill');
      const recorded = await insertTrades(transaction, fills);
      // The newest state of each order changed by an update or a fill, written once.
      const latest = new Map<string, unknown[]>();
      for (const item of items) if (item.kind !== 'create') latest.set(item.id, item.row);
      await upsertOrders(transaction, [...latest.values()]);
      await recordAcknowledgements(transaction, items);
      const entries: OutboxEntry[] = [];
      for (const item of items) {
        if (item.kind === 'create') {
          if (created.has(item.id)) for (const event of item.events) entries.push(...entriesOf(event));
        } else if (item.kind === 'update') entries.push(...entriesOf(item.event));
        else if (recorded.has(item.key)) entries.push(...entriesOf(item.fill));
      }
      return { result: { created, recorded }, entries };
    });
    return items.map((item) =>
      item.kind === 'create' ? created.has(item.id) : item.kind === 'fill' ? recorded.has(item.key) : true,
    );
  }

  private async checkFence(transaction: Queryable): Promise<void> {
    const fence = this.options.fence?.();
    if (!fence) return;
    const rows = await transaction.query<{ token: string }>(
      'SELECT token FROM executor_leases WHERE account_id = $1 FOR SHARE',
      [fence.accountId],
    );
    const current = rows[0] ? Number(rows[0].token) : null;
    if (current !== fence.token) {
      throw new AtsError(
        'CONFLICT',
        `another executor holds account ${fence.accountId} (lease token ${current}, ours ${fence.token}): nothing is written or sent`,
      );
    }
  }
}

function entriesOf(event: OrderEvent): OutboxEntry[] {
  const platformEvent = event as PlatformEvent;
  return [
    {
      topics:
        event.type === 'OrderFilled' ? [topics.orderEvents, topics.tradesExecuted] : [topics.orderEvents],
      event: platformEvent,
    },
  ];
}

async function insertOrders(
  transaction: Queryable,
  creates: readonly Extract<JournalItem, { kind: 'create' }>[],
): Promise<Set<string>> {
  if (creates.length === 0) return new Set();
  const { select, parameters } = unnestRows(
    creates.map((item) => item.row),
    orderColumnTypes,
  );
  const rows = await transaction.query<{ id: string }>(
    `INSERT INTO orders (${orderColumns.join(', ')}) ${select} ON CONFLICT (id) DO NOTHING RETURNING id`,
    parameters,
  );
  return new Set(rows.map((row) => row.id));
}

async function insertTrades(
  transaction: Queryable,
  fills: readonly Extract<JournalItem, { kind: 'fill' }>[],
): Promise<Set<string>> {
  if (fills.length === 0) return new Set();
  const { select, parameters } = unnestRows(
    fills.map((item) => item.trade),
    tradeColumnTypes,
  );
  const rows = await transaction.query<{ venue: string; execution_id: string }>(
    `INSERT INTO trades (${tradeColumns.join(', ')}) ${select} ON CONFLICT DO NOTHING RETURNING venue, execution_id`,
    parameters,
  );
  return new Set(rows.map((row) => `${row.venue}|${row.execution_id}`));
}

/**
 * Stores when the venue first acknowledged each order: its OrderAccepted, or its first fill when a venue
 * fills without acknowledging first (the fill proves it had the order). Later ones never move it.
 */
async function recordAcknowledgements(transaction: Queryable, items: readonly JournalItem[]): Promise<void> {
  const first = new Map<string, number>();
  for (const item of items) {
    const at =
      item.kind === 'update' && item.event.type === 'OrderAccepted'
        ? item.event.occurredAt
        : item.kind === 'fill'
          ? item.fill.occurredAt
          : null;
    if (at === null) continue;
    const known = first.get(item.id);
    if (known === undefined || at < known) first.set(item.id, at);
  }
  if (first.size === 0) return;
  const { select, parameters } = unnestRows(
    [...first].map(([id, at]) => [id, timestampText(at)]),
    ['uuid', 'timestamptz'],
    ['id', 'at'],
  );
  await transaction.query(
    `UPDATE orders o SET acknowledged_at = input.at FROM (${select}) input
      WHERE o.id = input.id AND o.acknowledged_at IS NULL`,
    parameters,
  );
}

async function upsertOrders(transaction: Queryable, rows: readonly unknown[][]): Promise<void> {
  if (rows.length === 0) return;
  const { select, parameters } = unnestRows(rows, orderColumnTypes);
  await transaction.query(
    `INSERT INTO orders (${orderColumns.join(', ')}) ${select} ${orderUpsertTail}`,
    parameters,
  );
}
