// Parent orders and their children on PostgreSQL or PGlite (migration 014): what a restarted Trade
// Executor resumes from. Children's fills and states are read from `orders`, the order journal's rows.
import { terminalStatuses } from '@ats/core';
import type {
  AlgorithmParameters,
  ChildOrderRecord,
  ChildStage,
  ParentOrderSpec,
  ParentOrderStore,
  ParentStatus,
  StoredChild,
  StoredParent,
} from '@ats/engine';
import type { Database } from '@ats/persistence';

const iso = (at: number) => new Date(at).toISOString();

interface ParentRow {
  id: string;
  account_id: string;
  strategy_id: string;
  symbol: string;
  side: 'BUY' | 'SELL';
  quantity: number;
  parameters: AlgorithmParameters | string;
  status: ParentStatus;
  status_reason: string;
  arrival_bid: string | null;
  arrival_ask: string | null;
  arrival_at: Date | string | null;
  created_at: Date | string;
  signal_id?: string | null;
  risk_assessment_id?: string | null;
}

interface ChildRow {
  order_id: string;
  parent_id: string;
  sequence: number;
  quantity: number;
  venue: string | null;
  route_reason: string | null;
  decided_at: Date | string;
  order_status: string | null;
  filled_quantity: number | null;
  executions: string[] | null;
}

const time = (value: Date | string) => new Date(value).getTime();

export class SqlParentOrderStore implements ParentOrderStore {
  constructor(private readonly database: Database) {}

  async createParent(spec: ParentOrderSpec): Promise<boolean> {
    const inserted = await this.database.query(
      `INSERT INTO algorithm_parent_orders (id, account_id, strategy_id, symbol, side, quantity, algorithm,
         parameters, status, arrival_bid, arrival_ask, arrival_at, created_at, updated_at, signal_id,
         risk_assessment_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'working', $9, $10, $11, $12, $12, $13, $14)
       ON CONFLICT (id) DO NOTHING RETURNING id`,
      [
        spec.id,
        spec.accountId,
        spec.strategyId,
        spec.symbol,
        spec.side,
        spec.quantity,
        spec.parameters.kind,
        JSON.stringify(spec.parameters),
        spec.arrival ? spec.arrival.bid.toFixed(4) : null,
        spec.arrival ? spec.arrival.ask.toFixed(4) : null,
        spec.arrival ? iso(spec.arrival.at) : null,
        iso(spec.createdAt),
        spec.signalId ?? null,
        spec.riskAssessmentId ?? null,
      ],
    );
    return inserted.length > 0;
  }

  async updateStatus(parentId: string, status: ParentStatus, reason: string, at: number): Promise<void> {
    await this.database.query(
      'UPDATE algorithm_parent_orders SET status = $2, status_reason = $3, updated_at = $4 WHERE id = $1',
      [parentId, status, reason, iso(at)],
    );
  }

  async recordChild(child: ChildOrderRecord): Promise<void> {
    await this.database.query(
      `INSERT INTO algorithm_child_orders (order_id, parent_id, sequence, quantity, venue, route_reason, decided_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (order_id) DO NOTHING`,
      [
        child.orderId,
        child.parentId,
        child.sequence,
        child.quantity,
        child.venue,
        child.routeReason,
        iso(child.decidedAt),
      ],
    );
  }

  async recordStage(orderId: string, stage: ChildStage, at: number): Promise<void> {
    const assignments =
      stage === 'fill'
        ? 'first_fill_at = COALESCE(first_fill_at, $2), last_fill_at = GREATEST(COALESCE(last_fill_at, $2), $2)'
        : stage === 'submitted'
          ? 'submitted_at = COALESCE(submitted_at, $2)'
          : 'acknowledged_at = COALESCE(acknowledged_at, $2)';
    await this.database.query(`UPDATE algorithm_child_orders SET ${assignments} WHERE order_id = $1`, [
      orderId,
      iso(at),
    ]);
  }

  async loadActive(accountId: string): Promise<StoredParent[]> {
    const parents = await this.database.query<ParentRow & Record<string, unknown>>(
      `SELECT * FROM algorithm_parent_orders WHERE account_id = $1 AND status IN ('working', 'paused')
       ORDER BY created_at, id`,
      [accountId],
    );
    if (parents.length === 0) return [];
    const children = await this.database.query<ChildRow & Record<string, unknown>>(
      `SELECT c.order_id, c.parent_id, c.sequence, c.quantity, c.venue, c.route_reason, c.decided_at,
              o.status AS order_status, o.filled_quantity,
              (SELECT array_agg(t.venue || '|' || t.execution_id) FROM trades t WHERE t.order_id = c.order_id) AS executions
         FROM algorithm_child_orders c LEFT JOIN orders o ON o.id = c.order_id
        WHERE c.parent_id = ANY($1) ORDER BY c.parent_id, c.sequence`,
      [parents.map((parent) => parent.id)],
    );
    const byParent = new Map<string, StoredChild[]>();
    for (const row of children) {
      const list = byParent.get(row.parent_id) ?? [];
      list.push({
        parentId: row.parent_id,
        sequence: Number(row.sequence),
        orderId: row.order_id,
        quantity: Number(row.quantity),
        decidedAt: time(row.decided_at),
        venue: row.venue,
        routeReason: row.route_reason,
        placed: row.order_status !== null,
        filled: Number(row.filled_quantity ?? 0),
        terminal: row.order_status !== null && terminalStatuses.has(row.order_status as never),
        executions: row.executions ?? [],
      });
      byParent.set(row.parent_id, list);
    }
    return parents.map((row) => ({
      spec: specOfRow(row),
      status: row.status,
      statusReason: row.status_reason,
      children: byParent.get(row.id) ?? [],
    }));
  }

  /** Every parent of the account (newest first), for the API and the TCA. */
  async listParents(accountId: string, limit: number): Promise<(StoredParent & { updatedAt: number })[]> {
    const rows = await this.database.query<
      ParentRow & { updated_at: Date | string } & Record<string, unknown>
    >('SELECT * FROM algorithm_parent_orders WHERE account_id = $1 ORDER BY created_at DESC, id LIMIT $2', [
      accountId,
      limit,
    ]);
    return rows.map((row) => ({
      spec: specOfRow(row),
      status: row.status,
      statusReason: row.status_reason,
      children: [],
      updatedAt: time(row.updated_at),
    }));
  }
}

export function specOfRow(row: ParentRow): ParentOrderSpec {
  const parameters = typeof row.parameters === 'string' ? JSON.parse(row.parameters) : row.parameters;
  return {
    id: row.id,
    accountId: row.account_id,
    strategyId: row.strategy_id,
    symbol: row.symbol,
    side: row.side,
    quantity: Number(row.quantity),
    parameters: parameters as AlgorithmParameters,
    createdAt: time(row.created_at),
    arrival:
      row.arrival_bid !== null && row.arrival_ask !== null && row.arrival_at !== null
        ? { bid: Number(row.arrival_bid), ask: Number(row.arrival_ask), at: time(row.arrival_at) }
        : null,
    ...(row.risk_assessment_id
      ? { signalId: row.signal_id ?? null, riskAssessmentId: row.risk_assessment_id }
      : {}),
  };
}
