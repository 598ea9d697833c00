// What the executor keeps besides orders and trades: reconciliation differences, per-symbol trading
// halts, the executor lease that fences a second executor off an account, and the reconciliation
// inputs read from the trades table (positions, the newest execution time).
import { AtsError, type ReconciliationDifferenceFound } from '@ats/core';
import type { Database } from '../database.js';
import { millisecondsOf, timestampText } from '../sql-values.js';

export interface TradingHaltRecord {
  readonly accountId: string;
  readonly symbol: string;
  readonly reason: string;
  readonly haltedAt: number;
}

export interface ReconciliationEventRecord {
  readonly id: number;
  readonly kind: string;
  readonly symbol: string | null;
  readonly orderId: string | null;
  readonly detail: string;
  readonly occurredAt: number;
}

export class SqlExecutionControlStore {
  constructor(private readonly database: Database) {}

  async recordDifference(event: ReconciliationDifferenceFound): Promise<void> {
    await this.database.query(
      `INSERT INTO reconciliation_events (account_id, venue, kind, symbol, order_id, detail, occurred_at)
       VALUES ($1,$2,$3,$4,$5,$6,$7)`,
      [
        event.accountId,
        event.venue.slice(0, 20),
        event.kind,
        event.symbol,
        event.orderId,
        event.detail,
        timestampText(event.occurredAt),
      ],
    );
  }

  async listDifferences(accountId: string, limit: number): Promise<ReconciliationEventRecord[]> {
    const rows = await this.database.query(
      `SELECT id, kind, symbol, order_id, detail, occurred_at FROM reconciliation_events
       WHERE account_id = $1 ORDER BY id DESC LIMIT $2`,
      [accountId, limit],
    );
    return rows.map((row) => ({
      id: Number(row.id),
      kind: row.kind as string,
      symbol: (row.symbol as string | null) ?? null,
      orderId: (row.order_id as string | null) ?? null,
      detail: row.detail as string,
      occurredAt: millisecondsOf(row.occurred_at),
    }));
  }

  /** Halts a symbol (idempotent while a halt is open). */
  async halt(accountId: string, symbol: string, reason: string): Promise<void> {
    await this.database.query(
      `INSERT INTO trading_halts (account_id, symbol, reason) VALUES ($1,$2,$3)
       ON CONFLICT (account_id, symbol) WHERE resolved_at IS NULL DO NOTHING`,
      [accountId, symbol, reason],
    );
  }

  /** Resolves the open halt of a symbol; false when there was none. */
  async resolveHalt(accountId: string, symbol: string, resolution: string): Promise<boolean> {
    const rows = await this.database.query(
      `UPDATE trading_halts SET resolved_at = NOW(), resolution = $3
       WHERE account_id = $1 AND symbol = $2 AND resolved_at IS NULL RETURNING id`,
      [accountId, symbol, resolution],
    );
    return rows.length > 0;
  }

  async openHalts(accountId: string): Promise<TradingHaltRecord[]> {
    const rows = await this.database.query(
      'SELECT account_id, symbol, reason, halted_at FROM trading_halts WHERE account_id = $1 AND resolved_at IS NULL ORDER BY id',
      [accountId],
    );
    return rows.map((row) => ({
      accountId: row.account_id as string,
      symbol: row.symbol as string,
      reason: row.reason as string,
      haltedAt: millisecondsOf(row.halted_at),
    }));
  }

  /** Net quantity per symbol summed from the trades table. */
  async tradedPositions(accountId: string): Promise<Map<string, number>> {
    const rows = await this.database.query(
      `SELECT symbol, SUM(CASE WHEN side = 'BUY' THEN quantity ELSE -quantity END) AS net
       FROM trades WHERE account_id = $1 GROUP BY symbol`,
      [accountId],
    );
    return new Map(
      rows.map((row) => [row.symbol as string, Number(row.net)]).filter(([, net]) => net !== 0) as [
        string,
        number,
      ][],
    );
  }

  async lastExecutionTime(accountId: string, venue: string): Promise<number | null> {
    const rows = await this.database.query<{ newest: unknown }>(
      'SELECT MAX(executed_at) AS newest FROM trades WHERE account_id = $1 AND venue = $2',
      [accountId, venue.slice(0, 20)],
    );
    const newest = rows[0]?.newest;
    return newest === null || newest === undefined ? null : millisecondsOf(newest);
  }

  /**
   * Takes the account's executor lease if it is free or expired; returns the new token, or null when
   * another holder's lease is still live. Each take increments the token, so writes of a previous
   * holder (fenced by its older token) fail.
   */
  async acquireLease(accountId: string, holder: string, ttlMilliseconds: number): Promise<number | null> {
    const rows = await this.database.query<{ token: string }>(
      `INSERT INTO executor_leases (account_id, holder, token, expires_at)
       VALUES ($1, $2, 1, NOW() + ($3 || ' milliseconds')::interval)
       ON CONFLICT (account_id) DO UPDATE SET holder = EXCLUDED.holder, token = executor_leases.token + 1,
         expires_at = EXCLUDED.expires_at
       WHERE executor_leases.expires_at < NOW() OR executor_leases.holder = EXCLUDED.holder
       RETURNING token`,
      [accountId, holder, String(ttlMilliseconds)],
    );
    return rows[0] ? Number(rows[0].token) : null;
  }

  /** Extends the lease; throws when it was lost (another executor took the account over). */
  async renewLease(accountId: string, token: number, ttlMilliseconds: number): Promise<void> {
    const rows = await this.database.query(
      `UPDATE executor_leases SET expires_at = NOW() + ($3 || ' milliseconds')::interval
       WHERE account_id = $1 AND token = $2 RETURNING token`,
      [accountId, token, String(ttlMilliseconds)],
    );
    if (rows.length === 0)
      throw new AtsError(
        'CONFLICT',
        `the executor lease on account ${accountId} was taken over by another executor`,
      );
  }

  async releaseLease(accountId: string, token: number): Promise<void> {
    await this.database.query('DELETE FROM executor_leases WHERE account_id = $1 AND token = $2', [
      accountId,
      token,
    ]);
  }

  /**
   * Approvals not yet closed: approved assessments whose order is missing or still working, for a
   * restarted risk manager to keep their strategy and symbol pending.
   */
  async pendingApprovals(windowMilliseconds: number): Promise<
    {
      assessmentId: string;
      strategyId: string;
      symbol: string;
      orderId: string | null;
      quantity: number;
      filled: number;
    }[]
  > {
    // The window counts back from the newest decision (market time), not from the wall clock.
    const rows = await this.database.query(
      `SELECT a.id AS assessment_id, a.strategy_id, a.symbol, o.id AS order_id, COALESCE(o.quantity, a.quantity) AS quantity,
         COALESCE(o.filled_quantity, 0) AS filled
       FROM risk_assessments a LEFT JOIN orders o ON o.risk_assessment_id = a.id
       WHERE a.approved
         AND ((o.id IS NULL AND a.assessed_at >= (SELECT MAX(assessed_at) FROM risk_assessments) - ($1 || ' milliseconds')::interval)
           OR (o.id IS NOT NULL AND o.status NOT IN ('DENIED','REJECTED','FILLED','CANCELED','EXPIRED')))`,
      [String(windowMilliseconds)],
    );
    return rows.map((row) => ({
      assessmentId: row.assessment_id as string,
      strategyId: row.strategy_id as string,
      symbol: row.symbol as string,
      orderId: (row.order_id as string | null) ?? null,
      quantity: Number(row.quantity),
      filled: Number(row.filled),
    }));
  }
}
