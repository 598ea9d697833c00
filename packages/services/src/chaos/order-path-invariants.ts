// The order path's invariants as counts that are all zero once a deployment has settled: orders,
// executions and positions against the paper venue's own books, each execution once, the position
// projection against the trades, every signal the strategies emitted stored, one assessment per signal
// and one order per approval.
import type { Database } from '@ats/persistence';

export interface OrderPathInvariants {
  readonly venueOrdersMissing: number;
  readonly venueExecutionsMissing: number;
  readonly tradesNotAtVenue: number;
  readonly duplicatedExecutions: number;
  readonly closedAtVenueOpenHere: number;
  readonly positionDifferences: number;
  readonly projectionDifferences: number;
  readonly duplicatedAssessments: number;
  readonly ordersPerApprovalOverOne: number;
  /**
   * Signals the Strategy Engine emitted (its `ats_signals_total`) beyond those in the signals table: a
   * signal lost before it was stored. A restarted engine counts from zero again, so this can only
   * miss a loss then, never report one that did not happen.
   */
  readonly signalsNeverStored: number;
  readonly signalsNeverAssessed: number;
  readonly approvalsNeverOrdered: number;
}

const net = "SUM(CASE WHEN side = 'BUY' THEN quantity ELSE -quantity END)";

const checks: Record<Exclude<keyof OrderPathInvariants, 'signalsNeverStored'>, string> = {
  venueOrdersMissing: 'SELECT order_id FROM paper_venue_orders EXCEPT SELECT id FROM orders',
  venueExecutionsMissing:
    'SELECT venue, execution_id FROM paper_venue_executions EXCEPT SELECT venue, execution_id FROM trades',
  tradesNotAtVenue:
    'SELECT venue, execution_id FROM trades EXCEPT SELECT venue, execution_id FROM paper_venue_executions',
  duplicatedExecutions:
    'SELECT venue, execution_id FROM trades GROUP BY venue, execution_id HAVING COUNT(*) > 1',
  closedAtVenueOpenHere: `SELECT o.id FROM orders o JOIN paper_venue_orders v ON v.order_id = o.id
     WHERE v.status IN ('filled', 'canceled', 'expired', 'rejected')
       AND o.status NOT IN ('DENIED', 'REJECTED', 'FILLED', 'CANCELED', 'EXPIRED')`,
  positionDifferences: `SELECT symbol, ${net} FROM paper_venue_executions GROUP BY symbol
     EXCEPT SELECT symbol, ${net} FROM trades GROUP BY symbol`,
  projectionDifferences: `SELECT symbol, net FROM (SELECT symbol, ${net} AS net FROM trades GROUP BY symbol) traded
     WHERE net <> 0 EXCEPT SELECT symbol, quantity FROM portfolio_positions WHERE quantity <> 0`,
  duplicatedAssessments: 'SELECT signal_id FROM risk_assessments GROUP BY signal_id HAVING COUNT(*) > 1',
  ordersPerApprovalOverOne: `SELECT risk_assessment_id FROM orders WHERE risk_assessment_id IS NOT NULL
     GROUP BY risk_assessment_id HAVING COUNT(*) > 1`,
  // With the event id too, which the services' log lines carry as a correlation id.
  signalsNeverAssessed: `SELECT s.id, s.event_id FROM signals s
     WHERE NOT EXISTS (SELECT 1 FROM risk_assessments a WHERE a.signal_id = s.id)`,
  approvalsNeverOrdered: `SELECT id FROM risk_assessments WHERE approved
     EXCEPT SELECT risk_assessment_id FROM orders WHERE risk_assessment_id IS NOT NULL`,
};

/**
 * The counts on the database; `signalsEmitted` reads how many signals the Strategy Engine emitted (null
 * when it cannot be read: the count is then 0).
 */
export async function orderPathInvariants(
  database: Database,
  signalsEmitted: () => Promise<number | null> = async () => null,
): Promise<OrderPathInvariants> {
  // Read before the table: a signal emitted between the two reads is not counted as missing.
  const emitted = await signalsEmitted();
  const counts: Record<string, number> = {};
  for (const [name, sql] of Object.entries(checks)) {
    const [row] = await database.query(`SELECT COUNT(*) AS count FROM (${sql}) differences`);
    counts[name] = Number(row?.count ?? 0);
  }
  const [stored] = await database.query('SELECT COUNT(*) AS count FROM signals');
  counts.signalsNeverStored = emitted === null ? 0 : Math.max(0, emitted - Number(stored?.count ?? 0));
  return counts as unknown as OrderPathInvariants;
}

/**
 * Up to `limit` rows behind each count that is not zero, each row's values joined with '/' (an order id,
 * a signal id, a venue and execution id): what a post-mortem looks up in the services' lines.
 */
export async function invariantExamples(
  database: Database,
  invariants: OrderPathInvariants,
  limit = 5,
): Promise<Record<string, string[]>> {
  const examples: Record<string, string[]> = {};
  for (const [name, sql] of Object.entries(checks)) {
    if (invariants[name as keyof OrderPathInvariants] === 0) continue;
    const rows = await database.query(`SELECT * FROM (${sql}) differences LIMIT ${limit}`);
    examples[name] = rows.map((row) => Object.values(row).map(String).join('/'));
  }
  return examples;
}

/** The total of every count: 0 when nothing is lost, duplicated or disagreeing. */
export function differencesOf(invariants: OrderPathInvariants): number {
  return Object.values(invariants).reduce((sum, count) => sum + count, 0);
}
