// The run-time enabled flags of strategies (migration 012): read at start, written by the API.
import type { Database } from '../database.js';

export interface StrategyFlag {
  readonly strategyId: string;
  readonly enabled: boolean;
  readonly changedBy: string;
  readonly reason: string | null;
  readonly changedAt: Date;
}

export class StrategyFlagStore {
  constructor(private readonly database: Database) {}

  async setFlag(
    strategyId: string,
    enabled: boolean,
    changedBy: string,
    reason: string | null,
  ): Promise<StrategyFlag> {
    const rows = await this.database.query(
      `INSERT INTO strategy_flags (strategy_id, enabled, changed_by, reason, changed_at) VALUES ($1, $2, $3, $4, NOW())
       ON CONFLICT (strategy_id) DO UPDATE SET enabled = EXCLUDED.enabled, changed_by = EXCLUDED.changed_by,
         reason = EXCLUDED.reason, changed_at = EXCLUDED.changed_at
       RETURNING strategy_id, enabled, changed_by, reason, changed_at`,
      [strategyId, enabled, changedBy, reason],
    );
    return flagOf(rows[0] as Record<string, unknown>);
  }

  async listFlags(): Promise<StrategyFlag[]> {
    const rows = await this.database.query(
      'SELECT strategy_id, enabled, changed_by, reason, changed_at FROM strategy_flags ORDER BY strategy_id',
    );
    return rows.map(flagOf);
  }
}

function flagOf(row: Record<string, unknown>): StrategyFlag {
  return {
    strategyId: row.strategy_id as string,
    enabled: row.enabled as boolean,
    changedBy: row.changed_by as string,
    reason: (row.reason as string | null) ?? null,
    changedAt: new Date(row.changed_at as string | Date),
  };
}
