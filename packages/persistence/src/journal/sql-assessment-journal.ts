// Risk decisions on PostgreSQL or PGlite: the risk_assessments row and the decision's event in one
// transaction; the approval reaches the executor only through the outbox, so it cannot be lost.
import { encodeEvent, type SignalApproved, type SignalRejected, topics } from '@ats/core';
import type { Queryable } from '../database.js';
import { placeholders } from '../repositories/order-row.js';
import { timestampText } from '../sql-values.js';
import type { OutboxRelay } from './outbox-relay.js';
import { RowOutboxJournal } from './row-outbox-journal.js';

type Decision = SignalApproved | SignalRejected;

const columns = [
  'id',
  'signal_id',
  'strategy_id',
  'symbol',
  'approved',
  'reason_code',
  'reason',
  'side',
  'quantity',
  'sizing',
  'assessed_at',
  'payload',
];

function rowOf(decision: Decision): unknown[] {
  const approved = decision.type === 'SignalApproved';
  return [
    decision.assessmentId,
    decision.signalId,
    decision.strategyId,
    decision.symbol,
    approved,
    approved ? null : decision.reasonCode,
    approved ? null : decision.reason,
    approved ? decision.side : null,
    approved ? decision.quantity.value : null,
    approved ? decision.sizing : null,
    timestampText(decision.occurredAt),
    encodeEvent(decision),
  ];
}

async function insertDecisions(transaction: Queryable, decisions: readonly Decision[]): Promise<Set<string>> {
  const rows = await transaction.query<{ id: string }>(
    `INSERT INTO risk_assessments (${columns.join(', ')}) VALUES ${placeholders(decisions.length, columns.length)}
     ON CONFLICT (id) DO NOTHING RETURNING id`,
    decisions.flatMap(rowOf),
  );
  return new Set(rows.map((row) => row.id));
}

export class SqlAssessmentJournal {
  private readonly journal: RowOutboxJournal<Decision>;

  /** `relay` runs the journal's transactions on its database and relays the rows as its source. */
  constructor(relay: OutboxRelay) {
    this.journal = new RowOutboxJournal<Decision>({
      relay,
      insert: insertDecisions,
      keyOf: (decision) => decision.assessmentId,
      entriesOf: (decision) => [
        {
          topics: [decision.type === 'SignalApproved' ? topics.ordersApproved : topics.riskAssessments],
          event: decision,
        },
      ],
    });
  }

  record(decision: Decision): Promise<boolean> {
    return this.journal.record(decision);
  }

  idle(): Promise<void> {
    return this.journal.idle();
  }
}
