// The risk models' stored history (migration 007): each sample's VaR and the P&L that followed it, for
// VaR backtests, and the monitor's high-water mark, so a restart keeps the drawdown.
import { Money } from '@ats/core';
import type { Database } from '../database.js';
import { millisecondsOf, timestampText } from '../sql-values.js';

export interface VarSampleRecord {
  readonly accountId: string;
  readonly sampledAt: number;
  readonly method: string;
  readonly confidence: number;
  readonly horizonDays: number;
  readonly valueAtRisk: number;
  readonly expectedShortfall: number;
  readonly equity: Money;
}

export interface VarHistoryRow extends VarSampleRecord {
  /** The P&L over the horizon after the sample; null while the next sample has not closed it. */
  readonly pnl: number | null;
}

export class SqlRiskHistoryStore {
  constructor(private readonly database: Database) {}

  /**
   * Closes the previous open sample of the same method with the P&L since it (equity now - equity then)
   * and stores the new one, in one transaction; a sample already stored (same time) is left as it is.
   */
  async recordSample(sample: VarSampleRecord): Promise<void> {
    for (const [name, value] of [
      ['valueAtRisk', sample.valueAtRisk],
      ['expectedShortfall', sample.expectedShortfall],
      ['confidence', sample.confidence],
    ] as const) {
      if (!Number.isFinite(value)) throw new RangeError(`VaR sample: ${name} is not finite (${value})`);
    }
    await this.database.transaction(async (transaction) => {
      await transaction.query(
        `UPDATE risk_var_history SET pnl = $4::numeric - equity
         WHERE account_id = $1 AND method = $2 AND pnl IS NULL AND sampled_at < $3`,
        [sample.accountId, sample.method, timestampText(sample.sampledAt), sample.equity.toString()],
      );
      await transaction.query(
        `INSERT INTO risk_var_history
           (account_id, sampled_at, method, confidence, horizon_days, value_at_risk, expected_shortfall, equity)
         VALUES ($1,$2,$3,$4,$5,$6,$7,$8) ON CONFLICT DO NOTHING`,
        [
          sample.accountId,
          timestampText(sample.sampledAt),
          sample.method,
          sample.confidence,
          sample.horizonDays,
          sample.valueAtRisk,
          sample.expectedShortfall,
          sample.equity.toString(),
        ],
      );
    });
  }

  /** The samples of one method, oldest first (the newest `limit`). */
  async history(accountId: string, method: string, limit = 1000): Promise<VarHistoryRow[]> {
    const rows = await this.database.query(
      `SELECT * FROM (
         SELECT sampled_at, method, confidence, horizon_days, value_at_risk, expected_shortfall, pnl, equity
         FROM risk_var_history WHERE account_id = $1 AND method = $2 ORDER BY sampled_at DESC LIMIT $3
       ) newest ORDER BY sampled_at`,
      [accountId, method, limit],
    );
    return rows.map((row) => ({
      accountId,
      sampledAt: millisecondsOf(row.sampled_at),
      method: row.method as string,
      confidence: Number(row.confidence),
      horizonDays: Number(row.horizon_days),
      valueAtRisk: Number(row.value_at_risk),
      expectedShortfall: Number(row.expected_shortfall),
      pnl: row.pnl === null ? null : Number(row.pnl),
      equity: Money.of(String(row.equity)),
    }));
  }

  async saveHighWaterMark(accountId: string, value: Money, at: number): Promise<void> {
    await this.database.query(
      `INSERT INTO risk_monitor_state (account_id, high_water_mark, updated_at) VALUES ($1,$2,$3)
       ON CONFLICT (account_id) DO UPDATE SET high_water_mark = EXCLUDED.high_water_mark, updated_at = EXCLUDED.updated_at`,
      [accountId, value.toString(), timestampText(at)],
    );
  }

  async loadHighWaterMark(accountId: string): Promise<Money | null> {
    const rows = await this.database.query(
      `SELECT high_water_mark FROM risk_monitor_state WHERE account_id = $1`,
      [accountId],
    );
    return rows[0] ? Money.of(String(rows[0].high_water_mark)) : null;
  }
}
