// Signals on PostgreSQL or PGlite: the signals row and the signal's event in one transaction, relayed
// to the bus from the outbox, so a signal the strategies emitted survives a crash or a bus outage.
import { encodeEvent, type SignalGenerated, topics } from '@ats/core';
import type { Queryable } from '../database.js';
import { placeholders } from '../repositories/order-row.js';
import { timestampText } from '../sql-values.js';
import type { OutboxRelay } from './outbox-relay.js';
import { RowOutboxJournal } from './row-outbox-journal.js';

const columns = [
  'id',
  'event_id',
  'strategy_id',
  'symbol',
  'direction',
  'strength',
  'reference_price',
  'generated_at',
  'payload',
];

async function insertSignals(
  transaction: Queryable,
  signals: readonly SignalGenerated[],
): Promise<Set<string>> {
  const rows = await transaction.query<{ id: string }>(
    `INSERT INTO signals (${columns.join(', ')}) VALUES ${placeholders(signals.length, columns.length)}
     ON CONFLICT DO NOTHING RETURNING id`,
    signals.flatMap((signal) => [
      signal.signalId,
      signal.id,
      signal.strategyId,
      signal.symbol,
      signal.direction,
      signal.strength,
      signal.referencePrice.toString(),
      timestampText(signal.occurredAt),
      encodeEvent(signal),
    ]),
  );
  return new Set(rows.map((row) => row.id));
}

export class SqlSignalJournal {
  private readonly journal: RowOutboxJournal<SignalGenerated>;

  /** `relay` runs the journal's transactions on its database and relays the rows as its source. */
  constructor(relay: OutboxRelay) {
    this.journal = new RowOutboxJournal<SignalGenerated>({
      relay,
      insert: insertSignals,
      keyOf: (signal) => signal.signalId,
      entriesOf: (signal) => [{ topics: [topics.signals(signal.strategyId)], event: signal }],
    });
  }

  record(signal: SignalGenerated): Promise<boolean> {
    return this.journal.record(signal);
  }

  idle(): Promise<void> {
    return this.journal.idle();
  }
}
