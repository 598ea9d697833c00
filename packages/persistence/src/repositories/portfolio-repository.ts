// Stores accounts, portfolio_positions rows and portfolio_snapshots.
import type {
  AccountId,
  AccountRecord,
  Money,
  PortfolioRepository,
  PortfolioSnapshotRecord,
  PositionSnapshot,
  Ticker,
} from '@ats/core';
import type { Database } from '../database.js';
import {
  fitDecimal,
  millisecondsOf,
  moneyOf,
  moneyOrNull,
  priceOf,
  priceOrNull,
  timestampText,
} from '../sql-values.js';

export class SqlPortfolioRepository implements PortfolioRepository {
  constructor(private readonly database: Database) {}

  async ensureAccount(accountId: AccountId, startingCash: Money, at: number): Promise<AccountRecord> {
    await this.database.query(
      'INSERT INTO accounts (account_id, starting_cash, created_at) VALUES ($1, $2, $3) ON CONFLICT (account_id) DO NOTHING',
      [accountId, fitDecimal(startingCash, 15, 'accounts.starting_cash'), timestampText(at)],
    );
    const rows = await this.database.query(
      'SELECT account_id, starting_cash::text AS starting_cash, created_at FROM accounts WHERE account_id = $1',
      [accountId],
    );
    const row = rows[0] as Record<string, unknown>;
    return { accountId, startingCash: moneyOf(row.starting_cash), createdAt: millisecondsOf(row.created_at) };
  }

  async savePositions(
    accountId: AccountId,
    positions: readonly PositionSnapshot[],
    at: number,
  ): Promise<void> {
    if (positions.length === 0) return;
    const parameters: unknown[] = [];
    const tuples: string[] = [];
    for (const position of positions) {
      const base = parameters.length;
      parameters.push(
        accountId,
        position.symbol,
        position.netQuantity,
        fitDecimal(position.averageCost, 12, 'portfolio_positions.avg_cost'),
        fitDecimal(position.marketValue, 15, 'portfolio_positions.market_value'),
        fitDecimal(position.unrealizedPnl, 15, 'portfolio_positions.unrealized_pnl'),
        fitDecimal(position.realizedPnl, 15, 'portfolio_positions.realized_pnl'),
        timestampText(at),
        position.marketPrice?.toString() ?? null,
      );
      tuples.push(`(${Array.from({ length: 9 }, (_, index) => `$${base + index + 1}`).join(',')})`);
    }
    await this.database.query(
      `INSERT INTO portfolio_positions (account_id, symbol, quantity, avg_cost, market_value, unrealized_pnl, realized_pnl, last_updated, market_price)
       VALUES ${tuples.join(',')}
       ON CONFLICT (account_id, symbol) DO UPDATE SET quantity = EXCLUDED.quantity, avg_cost = EXCLUDED.avg_cost,
         market_value = EXCLUDED.market_value, unrealized_pnl = EXCLUDED.unrealized_pnl, realized_pnl = EXCLUDED.realized_pnl,
         last_updated = EXCLUDED.last_updated, market_price = EXCLUDED.market_price`,
      parameters,
    );
  }

  async loadPositions(accountId: AccountId): Promise<PositionSnapshot[]> {
    const rows = await this.database.query(
      `SELECT symbol, quantity, avg_cost::text AS avg_cost, market_value::text AS market_value, unrealized_pnl::text AS unrealized_pnl,
              realized_pnl::text AS realized_pnl, market_price::text AS market_price
       FROM portfolio_positions WHERE account_id = $1 ORDER BY symbol`,
      [accountId],
    );
    return rows.map((row) => ({
      symbol: row.symbol as Ticker,
      netQuantity: Number(row.quantity),
      averageCost: priceOf(row.avg_cost),
      marketPrice: priceOrNull(row.market_price),
      marketValue: moneyOf(row.market_value ?? '0'),
      unrealizedPnl: moneyOf(row.unrealized_pnl ?? '0'),
      realizedPnl: moneyOf(row.realized_pnl ?? '0'),
    }));
  }

  async saveSnapshot(snapshot: PortfolioSnapshotRecord): Promise<void> {
    await this.database.query(
      `INSERT INTO portfolio_snapshots (account_id, snapshot_date, total_value, cash_balance, invested_value, day_pnl, total_pnl, performance_metrics)
       VALUES ($1,$2,$3,$4,$5,$6,$7,$8)
       ON CONFLICT (account_id, snapshot_date) DO UPDATE SET total_value = EXCLUDED.total_value, cash_balance = EXCLUDED.cash_balance,
         invested_value = EXCLUDED.invested_value, day_pnl = EXCLUDED.day_pnl, total_pnl = EXCLUDED.total_pnl,
         performance_metrics = EXCLUDED.performance_metrics`,
      [
        snapshot.accountId,
        snapshot.date,
        fitDecimal(snapshot.totalValue, 15, 'portfolio_snapshots.total_value'),
        fitDecimal(snapshot.cashBalance, 15, 'portfolio_snapshots.cash_balance'),
        fitDecimal(snapshot.investedValue, 15, 'portfolio_snapshots.invested_value'),
        snapshot.dayPnl ? fitDecimal(snapshot.dayPnl, 15, 'portfolio_snapshots.day_pnl') : null,
        snapshot.totalPnl ? fitDecimal(snapshot.totalPnl, 15, 'portfolio_snapshots.total_pnl') : null,
        JSON.stringify(snapshot.performanceMetrics),
      ],
    );
  }

  async listSnapshots(accountId: AccountId): Promise<PortfolioSnapshotRecord[]> {
    const rows = await this.database.query(
      `SELECT account_id, to_char(snapshot_date, 'YYYY-MM-DD') AS date, total_value::text AS total_value,
              cash_balance::text AS cash_balance, invested_value::text AS invested_value, day_pnl::text AS day_pnl,
              total_pnl::text AS total_pnl, performance_metrics
       FROM portfolio_snapshots WHERE account_id = $1 ORDER BY snapshot_date`,
      [accountId],
    );
    return rows.map((row) => ({
      accountId: row.account_id as AccountId,
      date: row.date as string,
      totalValue: moneyOf(row.total_value),
      cashBalance: moneyOf(row.cash_balance),
      investedValue: moneyOf(row.invested_value),
      dayPnl: moneyOrNull(row.day_pnl),
      totalPnl: moneyOrNull(row.total_pnl),
      performanceMetrics: (row.performance_metrics as Record<string, unknown>) ?? {},
    }));
  }
}
