// The corporate actions store: splits and dividends per symbol, one row per (symbol, kind, ex-date).
import { type CorporateAction, checkedSplit, type Ticker } from '@ats/core';
import type { Database } from '../database.js';
import { fitDecimal, millisecondsOf, priceOf, timestampText } from '../sql-values.js';

export class SqlCorporateActionRepository {
  constructor(private readonly database: Database) {}

  /**
   * Stores actions; one already known for the same symbol, kind and ex-date is replaced (a provider's
   * correction wins), so loading the same file twice leaves one row each.
   */
  async save(actions: readonly CorporateAction[]): Promise<void> {
    if (actions.length === 0) return;
    await this.database.transaction(async (transaction) => {
      for (const action of actions) {
        const exDate = timestampText(action.exDate).slice(0, 10);
        if (action.kind === 'split') {
          checkedSplit(action);
          await transaction.query(
            `INSERT INTO corporate_actions (symbol, kind, ex_date, split_from, split_to, amount, source)
             VALUES ($1, 'split', $2, $3, $4, NULL, $5)
             ON CONFLICT (symbol, kind, ex_date) DO UPDATE SET split_from = EXCLUDED.split_from,
               split_to = EXCLUDED.split_to, source = EXCLUDED.source, recorded_at = NOW()`,
            [action.symbol, exDate, action.from, action.to, action.source],
          );
        } else {
          await transaction.query(
            `INSERT INTO corporate_actions (symbol, kind, ex_date, split_from, split_to, amount, source)
             VALUES ($1, 'dividend', $2, NULL, NULL, $3, $4)
             ON CONFLICT (symbol, kind, ex_date) DO UPDATE SET amount = EXCLUDED.amount,
               source = EXCLUDED.source, recorded_at = NOW()`,
            [action.symbol, exDate, fitDecimal(action.amount, 12, 'corporate_actions.amount'), action.source],
          );
        }
      }
    });
  }

  /** The symbol's actions, oldest ex-date first. */
  async forSymbol(symbol: Ticker): Promise<CorporateAction[]> {
    const rows = await this.database.query(
      `SELECT symbol, kind, to_char(ex_date, 'YYYY-MM-DD') AS ex_date, split_from, split_to, amount::text AS amount, source
       FROM corporate_actions WHERE symbol = $1 ORDER BY ex_date, kind`,
      [symbol],
    );
    return rows.map((row): CorporateAction => {
      const exDate = millisecondsOf(`${row.ex_date as string}T00:00:00Z`);
      const source = row.source as string;
      if (row.kind === 'split')
        return {
          kind: 'split',
          symbol,
          exDate,
          from: Number(row.split_from),
          to: Number(row.split_to),
          source,
        };
      return { kind: 'dividend', symbol, exDate, amount: priceOf(row.amount), source };
    });
  }
}
