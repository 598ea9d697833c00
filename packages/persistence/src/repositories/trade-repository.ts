// Stores executions idempotently by trade id and lists them in the order they were recorded.
import type {
  AccountId,
  Money,
  OrderFilled,
  OrderId,
  StrategyId,
  Ticker,
  TradeFilter,
  TradeId,
  TradeRecord,
  TradeRepository,
} from '@ats/core';
import type { Database, Row } from '../database.js';
import { millisecondsOf, moneyOf, moneyOrNull, priceOf } from '../sql-values.js';
import { placeholders } from './order-row.js';
import { tradeColumns, tradeRowValues } from './trade-row.js';

function recordOf(row: Row): TradeRecord {
  return {
    id: row.id as TradeId,
    orderId: row.order_id as OrderId,
    accountId: row.account_id as AccountId,
    symbol: row.symbol as Ticker,
    side: row.side as TradeRecord['side'],
    quantity: Number(row.quantity),
    executedPrice: priceOf(row.executed_price),
    commission: moneyOf(row.commission ?? '0'),
    executedAt: millisecondsOf(row.executed_at),
    venue: (row.venue as string | null) ?? '',
    executionId: row.execution_id as string,
    strategyId: row.strategy_id as StrategyId,
    pnl: moneyOrNull(row.pnl),
  };
}

export class SqlTradeRepository implements TradeRepository {
  constructor(private readonly database: Database) {}

  async recordFill(fill: OrderFilled, realizedPnl: Money | null): Promise<boolean> {
    const rows = await this.database.query(
      `INSERT INTO trades (${tradeColumns.join(', ')}) VALUES ${placeholders(1, tradeColumns.length)}
       ON CONFLICT DO NOTHING RETURNING id`,
      tradeRowValues(fill, realizedPnl),
    );
    return rows.length === 1;
  }

  async listTrades(filter: TradeFilter = {}): Promise<TradeRecord[]> {
    const conditions: string[] = [];
    const parameters: unknown[] = [];
    for (const [column, value] of [
      ['symbol', filter.symbol],
      ['strategy_id', filter.strategyId],
      ['account_id', filter.accountId],
    ] as const) {
      if (value === undefined) continue;
      parameters.push(value);
      conditions.push(`${column} = $${parameters.length}`);
    }
    const where = conditions.length > 0 ? `WHERE ${conditions.join(' AND ')}` : '';
    const columns = `id, order_id, account_id, symbol, side, quantity, executed_price::text AS executed_price,
      commission::text AS commission, executed_at, venue, execution_id, strategy_id, pnl::text AS pnl, sequence`;
    if (filter.limit !== undefined) {
      // The newest `limit` trades, returned oldest first.
      parameters.push(filter.limit);
      const rows = await this.database.query(
        `SELECT * FROM (SELECT ${columns} FROM trades ${where} ORDER BY sequence DESC LIMIT $${parameters.length}) newest ORDER BY sequence`,
        parameters,
      );
      return rows.map(recordOf);
    }
    const rows = await this.database.query(
      `SELECT ${columns} FROM trades ${where} ORDER BY sequence`,
      parameters,
    );
    return rows.map(recordOf);
  }
}
