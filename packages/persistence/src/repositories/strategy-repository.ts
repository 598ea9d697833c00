// Stores strategy definitions (kind, parameters, symbols, enabled).
import type { StrategyId, StrategyRecord, StrategyRepository, Ticker } from '@ats/core';
import type { Database } from '../database.js';

export class SqlStrategyRepository implements StrategyRepository {
  constructor(private readonly database: Database) {}

  async saveStrategy(strategy: StrategyRecord): Promise<void> {
    await this.database.query(
      `INSERT INTO strategies (id, kind, parameters, symbols, enabled, updated_at) VALUES ($1,$2,$3,$4,$5,NOW())
       ON CONFLICT (id) DO UPDATE SET kind = EXCLUDED.kind, parameters = EXCLUDED.parameters, symbols = EXCLUDED.symbols,
         enabled = EXCLUDED.enabled, updated_at = NOW()`,
      [
        strategy.id,
        strategy.kind,
        JSON.stringify(strategy.parameters),
        [...strategy.symbols],
        strategy.enabled,
      ],
    );
  }

  async listStrategies(): Promise<StrategyRecord[]> {
    const rows = await this.database.query(
      'SELECT id, kind, parameters, symbols, enabled FROM strategies ORDER BY id',
    );
    return rows.map((row) => ({
      id: row.id as StrategyId,
      kind: row.kind as string,
      parameters: (row.parameters as Record<string, unknown>) ?? {},
      symbols: row.symbols as Ticker[],
      enabled: row.enabled as boolean,
    }));
  }
}
