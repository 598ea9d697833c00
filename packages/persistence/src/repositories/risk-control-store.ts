// The Risk Manager's stored controls (migration 006): limit overrides per account, strategy and
// symbol, the restricted list, the kill switch, and the day state (day start equity, high-water mark)
// that keeps today's loss across a restart. Each change is one statement; callers publish after it.
import type { Database } from '../database.js';

export interface StoredLimitOverride {
  readonly scope: 'account' | 'strategy' | 'symbol';
  readonly scopeId: string;
  /** The config name of the limit, e.g. max_order_notional. */
  readonly key: string;
  readonly value: number;
}

export interface StoredKillSwitch {
  readonly halted: boolean;
  readonly reason: string;
  readonly changedBy: string;
}

export interface StoredDayState {
  readonly day: number;
  readonly dayStartEquityRaw: number;
  readonly highWaterMarkRaw: number;
}

export class SqlRiskControlStore {
  constructor(
    private readonly database: Database,
    private readonly accountId: string,
  ) {}

  async limitOverrides(): Promise<StoredLimitOverride[]> {
    const rows = await this.database.query(
      `SELECT scope, scope_id, limit_key, limit_value FROM risk_limit_overrides WHERE account_id = $1
       ORDER BY scope, scope_id, limit_key`,
      [this.accountId],
    );
    return rows.map((row) => ({
      scope: row.scope as StoredLimitOverride['scope'],
      scopeId: row.scope_id as string,
      key: row.limit_key as string,
      value: Number(row.limit_value),
    }));
  }

  /** Stores (value) or removes (null) one override. */
  async setLimitOverride(
    scope: StoredLimitOverride['scope'],
    scopeId: string,
    key: string,
    value: number | null,
    changedBy: string,
  ): Promise<void> {
    if (value === null) {
      await this.database.query(
        'DELETE FROM risk_limit_overrides WHERE account_id = $1 AND scope = $2 AND scope_id = $3 AND limit_key = $4',
        [this.accountId, scope, scopeId, key],
      );
      return;
    }
    await this.database.query(
      `INSERT INTO risk_limit_overrides (account_id, scope, scope_id, limit_key, limit_value, updated_by)
       VALUES ($1,$2,$3,$4,$5,$6)
       ON CONFLICT (account_id, scope, scope_id, limit_key)
       DO UPDATE SET limit_value = EXCLUDED.limit_value, updated_by = EXCLUDED.updated_by, updated_at = NOW()`,
      [this.accountId, scope, scopeId, key, String(value), changedBy],
    );
  }

  async restrictedSymbols(): Promise<{ symbol: string; reason: string }[]> {
    const rows = await this.database.query(
      'SELECT symbol, reason FROM risk_restricted_symbols WHERE account_id = $1 ORDER BY symbol',
      [this.accountId],
    );
    return rows.map((row) => ({ symbol: row.symbol as string, reason: row.reason as string }));
  }

  async restrict(symbol: string, reason: string, changedBy: string): Promise<void> {
    await this.database.query(
      `INSERT INTO risk_restricted_symbols (account_id, symbol, reason, added_by) VALUES ($1,$2,$3,$4)
       ON CONFLICT (account_id, symbol) DO UPDATE SET reason = EXCLUDED.reason, added_by = EXCLUDED.added_by`,
      [this.accountId, symbol, reason, changedBy],
    );
  }

  /** Removes a symbol from the list; false when it was not on it. */
  async unrestrict(symbol: string): Promise<boolean> {
    const rows = await this.database.query(
      'DELETE FROM risk_restricted_symbols WHERE account_id = $1 AND symbol = $2 RETURNING symbol',
      [this.accountId, symbol],
    );
    return rows.length > 0;
  }

  async killSwitch(): Promise<StoredKillSwitch | null> {
    const rows = await this.database.query(
      'SELECT halted, reason, changed_by FROM risk_kill_switch WHERE account_id = $1',
      [this.accountId],
    );
    const row = rows[0];
    return row
      ? { halted: row.halted === true, reason: row.reason as string, changedBy: row.changed_by as string }
      : null;
  }

  async setKillSwitch(halted: boolean, reason: string, changedBy: string): Promise<void> {
    await this.database.query(
      `INSERT INTO risk_kill_switch (account_id, halted, reason, changed_by) VALUES ($1,$2,$3,$4)
       ON CONFLICT (account_id) DO UPDATE SET halted = EXCLUDED.halted, reason = EXCLUDED.reason,
         changed_by = EXCLUDED.changed_by, changed_at = NOW()`,
      [this.accountId, halted, reason, changedBy],
    );
  }

  async dayState(): Promise<StoredDayState | null> {
    const rows = await this.database.query(
      'SELECT risk_day, day_start_equity_raw, high_water_mark_raw FROM risk_day_state WHERE account_id = $1',
      [this.accountId],
    );
    const row = rows[0];
    return row
      ? {
          day: Number(row.risk_day),
          dayStartEquityRaw: Number(row.day_start_equity_raw),
          highWaterMarkRaw: Number(row.high_water_mark_raw),
        }
      : null;
  }

  async saveDayState(state: StoredDayState): Promise<void> {
    await this.database.query(
      `INSERT INTO risk_day_state (account_id, risk_day, day_start_equity_raw, high_water_mark_raw)
       VALUES ($1,$2,$3,$4)
       ON CONFLICT (account_id) DO UPDATE SET risk_day = EXCLUDED.risk_day,
         day_start_equity_raw = EXCLUDED.day_start_equity_raw,
         high_water_mark_raw = EXCLUDED.high_water_mark_raw, updated_at = NOW()`,
      [this.accountId, state.day, String(state.dayStartEquityRaw), String(state.highWaterMarkRaw)],
    );
  }
}
