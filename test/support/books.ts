// The invariants of the order path, as counts that must all be zero once the platform has settled:
// the platform's orders, trades and positions against the venue's books, exactly once, and the
// projection and the live portfolio against the trades.
import type { PostgresDatabase } from '@ats/persistence';
import { testAdminHeaders } from '@ats/services';
import { waitFor } from './distributed-deployment.js';

/** What the checks need of a deployment: its database and the address of a service. */
export interface InspectedDeployment {
  readonly database: PostgresDatabase;
  url(service: string): string;
}

export interface Books {
  readonly venueOrdersMissing: number;
  readonly venueExecutionsMissing: number;
  readonly tradesNotAtVenue: number;
  readonly duplicatedExecutions: number;
  readonly closedAtVenueOpenHere: number;
  readonly positionDifferences: number;
  readonly projectionDifferences: number;
  readonly duplicatedApprovals: number;
  readonly ordersPerAssessmentOverOne: number;
  readonly signalsNeverAssessed: number;
  readonly approvalsNeverOrdered: number;
}

async function count(database: PostgresDatabase, sql: string): Promise<number> {
  const [row] = await database.query<{ count: string }>(`SELECT COUNT(*) AS count FROM (${sql}) differences`);
  return Number(row?.count ?? 0);
}

/** Every invariant the issue names, as counts that must all be zero. */
export async function books(database: PostgresDatabase): Promise<Books> {
  return {
    venueOrdersMissing: await count(
      database,
      'SELECT order_id FROM paper_venue_orders EXCEPT SELECT id FROM orders',
    ),
    venueExecutionsMissing: await count(
      database,
      'SELECT venue, execution_id FROM paper_venue_executions EXCEPT SELECT venue, execution_id FROM trades',
    ),
    tradesNotAtVenue: await count(
      database,
      'SELECT venue, execution_id FROM trades EXCEPT SELECT venue, execution_id FROM paper_venue_executions',
    ),
    duplicatedExecutions: await count(
      database,
      'SELECT venue, execution_id FROM trades GROUP BY venue, execution_id HAVING COUNT(*) > 1',
    ),
    closedAtVenueOpenHere: await count(
      database,
      `SELECT o.id FROM orders o JOIN paper_venue_orders v ON v.order_id = o.id
       WHERE v.status IN ('filled', 'canceled', 'expired', 'rejected')
         AND o.status NOT IN ('DENIED', 'REJECTED', 'FILLED', 'CANCELED', 'EXPIRED')`,
    ),
    positionDifferences: await count(
      database,
      `SELECT symbol, SUM(CASE WHEN side = 'BUY' THEN quantity ELSE -quantity END) FROM paper_venue_executions GROUP BY symbol
       EXCEPT SELECT symbol, SUM(CASE WHEN side = 'BUY' THEN quantity ELSE -quantity END) FROM trades GROUP BY symbol`,
    ),
    projectionDifferences: await count(
      database,
      `SELECT symbol, net FROM (SELECT symbol, SUM(CASE WHEN side = 'BUY' THEN quantity ELSE -quantity END) AS net
         FROM trades GROUP BY symbol) traded WHERE net <> 0
       EXCEPT SELECT symbol, quantity FROM portfolio_positions WHERE quantity <> 0`,
    ),
    duplicatedApprovals: await count(
      database,
      'SELECT signal_id FROM risk_assessments GROUP BY signal_id HAVING COUNT(*) > 1',
    ),
    signalsNeverAssessed: await count(
      database,
      'SELECT id FROM signals EXCEPT SELECT signal_id FROM risk_assessments',
    ),
    approvalsNeverOrdered: await count(
      database,
      'SELECT id FROM risk_assessments WHERE approved EXCEPT SELECT risk_assessment_id FROM orders WHERE risk_assessment_id IS NOT NULL',
    ),
    ordersPerAssessmentOverOne: await count(
      database,
      'SELECT risk_assessment_id FROM orders WHERE risk_assessment_id IS NOT NULL GROUP BY risk_assessment_id HAVING COUNT(*) > 1',
    ),
  };
}

export const clean = (value: Books) => Object.values(value).every((count) => count === 0);

export async function livePortfolioMatchesTrades(deployment: InspectedDeployment): Promise<boolean> {
  const response = await fetch(`${deployment.url('trade-executor')}/portfolio`, {
    headers: testAdminHeaders,
  });
  if (!response.ok) return false;
  const live = (await response.json()) as { positions: { symbol: string; netQuantity: number }[] };
  const rows = await deployment.database.query<{ symbol: string; net: string }>(
    `SELECT symbol, SUM(CASE WHEN side = 'BUY' THEN quantity ELSE -quantity END) AS net FROM trades GROUP BY symbol`,
  );
  const traded = new Map(rows.map((row) => [row.symbol, Number(row.net)]));
  const held = new Map(live.positions.map((position) => [position.symbol, position.netQuantity]));
  for (const symbol of new Set([...traded.keys(), ...held.keys()]))
    if ((traded.get(symbol) ?? 0) !== (held.get(symbol) ?? 0)) return false;
  return true;
}

/**
 * Waits until the books agree (a fill in flight when we look is not a difference) and the live portfolio too.
 * The window is 60 s: the supervisor reports a restarted service up as soon as it answers, so the wait
 * starts while the restarted service still works through the backlog its kill left; and after Redis
 * restarts empty every service relays its outbox of the redelivery window (the whole run here) and the
 * consumers skip what they had handled, in order, before the entries the loss took. On a loaded
 * machine (load 11-15 on two cores) that took 31.8 s, with every signal assessed in the end.
 */
export async function settledBooks(deployment: InspectedDeployment, what: string): Promise<Books> {
  const result = await waitFor(() => books(deployment.database), clean, 60_000, `books agree ${what}`);
  await waitFor(
    () => livePortfolioMatchesTrades(deployment),
    Boolean,
    30_000,
    `live portfolio equals trades ${what}`,
  );
  return result;
}
