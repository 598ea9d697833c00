// The stored state of business continuity (migration 022): the manual override mode of an account and
// the protective stop that stands for each symbol's position. One statement per change.
import type { Database } from '../database.js';

export interface StoredTradingMode {
  readonly manualOverride: boolean;
  readonly reason: string;
  readonly changedBy: string;
  readonly changedAt: string;
}

export interface StoredProtectiveStop {
  readonly symbol: string;
  readonly orderId: string;
  readonly side: 'BUY' | 'SELL';
  readonly quantity: number;
  readonly stopPriceRaw: number;
}

export class SqlContinuityStore {
  constructor(
    private readonly database: Database,
    private readonly accountId: string,
  ) {}

  async tradingMode(): Promise<StoredTradingMode | null> {
    const rows = await this.database.query(
      'SELECT manual_override, reason, changed_by, changed_at FROM trading_modes WHERE account_id = $1',
      [this.accountId],
    );
    const row = rows[0];
    if (!row) return null;
    return {
      manualOverride: row.manual_override === true,
      reason: row.reason as string,
      changedBy: row.changed_by as string,
      changedAt: new Date(row.changed_at as string).toISOString(),
    };
  }

  async setManualOverride(on: boolean, reason: string, changedBy: string): Promise<void> {
    await this.database.query(
      `INSERT INTO trading_modes (account_id, manual_override, reason, changed_by) VALUES ($1,$2,$3,$4)
       ON CONFLICT (account_id) DO UPDATE SET manual_override = EXCLUDED.manual_override,
         reason = EXCLUDED.reason, changed_by = EXCLUDED.changed_by, changed_at = NOW()`,
      [this.accountId, on, reason, changedBy],
    );
  }

  async protectiveStops(): Promise<StoredProtectiveStop[]> {
    const rows = await this.database.query(
      `SELECT symbol, order_id, side, quantity, stop_price_raw FROM protective_stops
       WHERE account_id = $1 ORDER BY symbol`,
      [this.accountId],
    );
    return rows.map((row) => ({
      symbol: row.symbol as string,
      orderId: row.order_id as string,
      side: row.side as 'BUY' | 'SELL',
      quantity: Number(row.quantity),
      stopPriceRaw: Number(row.stop_price_raw),
    }));
  }

  async saveProtectiveStop(stop: StoredProtectiveStop): Promise<void> {
    await this.database.query(
      `INSERT INTO protective_stops (account_id, symbol, order_id, side, quantity, stop_price_raw)
       VALUES ($1,$2,$3,$4,$5,$6)
       ON CONFLICT (account_id, symbol) DO UPDATE SET order_id = EXCLUDED.order_id, side = EXCLUDED.side,
         quantity = EXCLUDED.quantity, stop_price_raw = EXCLUDED.stop_price_raw, placed_at = NOW()`,
      [this.accountId, stop.symbol, stop.orderId, stop.side, stop.quantity, stop.stopPriceRaw],
    );
  }

  async removeProtectiveStop(symbol: string): Promise<void> {
    await this.database.query('DELETE FROM protective_stops WHERE account_id = $1 AND symbol = $2', [
      this.accountId,
      symbol,
    ]);
  }
}
