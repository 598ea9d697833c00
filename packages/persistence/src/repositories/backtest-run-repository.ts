// Stores backtest runs (request, status, progress, result as JSONB).
import type { BacktestRunRecord, BacktestRunRepository, BacktestRunStatus } from '@ats/core';
import type { Database, Row } from '../database.js';
import { millisecondsOf, millisecondsOrNull, timestampText } from '../sql-values.js';

function recordOf(row: Row): BacktestRunRecord {
  return {
    id: row.id as string,
    status: row.status as BacktestRunStatus,
    request: row.request as Record<string, unknown>,
    progress: Number(row.progress),
    result: null,
    error: (row.error as string | null) ?? null,
    createdAt: millisecondsOf(row.created_at),
    finishedAt: millisecondsOrNull(row.finished_at),
  };
}

const columns = 'id, status, request, progress, error, created_at, finished_at';

export class SqlBacktestRunRepository implements BacktestRunRepository {
  constructor(private readonly database: Database) {}

  async create(id: string, request: Readonly<Record<string, unknown>>, at: number): Promise<void> {
    await this.database.query(
      'INSERT INTO backtest_runs (id, status, request, progress, created_at) VALUES ($1, $2, $3, 0, $4)',
      [id, 'queued', JSON.stringify(request), timestampText(at)],
    );
  }

  async updateProgress(id: string, status: BacktestRunStatus, progress: number): Promise<void> {
    await this.database.query('UPDATE backtest_runs SET status = $2, progress = $3 WHERE id = $1', [
      id,
      status,
      progress,
    ]);
  }

  async finish(
    id: string,
    outcome: { status: 'succeeded' | 'failed'; result: unknown | null; error: string | null; at: number },
  ): Promise<void> {
    await this.database.query(
      'UPDATE backtest_runs SET status = $2, progress = $3, result = $4, error = $5, finished_at = $6 WHERE id = $1',
      [
        id,
        outcome.status,
        outcome.status === 'succeeded' ? 1 : 0,
        outcome.result === null ? null : JSON.stringify(outcome.result),
        outcome.error,
        timestampText(outcome.at),
      ],
    );
  }

  async find(id: string): Promise<BacktestRunRecord | null> {
    if (!/^[0-9a-f-]{36}$/i.test(id)) return null;
    const rows = await this.database.query(`SELECT ${columns} FROM backtest_runs WHERE id = $1`, [id]);
    return rows[0] ? recordOf(rows[0]) : null;
  }

  async result(id: string): Promise<unknown | null> {
    if (!/^[0-9a-f-]{36}$/i.test(id)) return null;
    const rows = await this.database.query('SELECT result FROM backtest_runs WHERE id = $1', [id]);
    return rows[0]?.result ?? null;
  }

  async list(limit: number): Promise<BacktestRunRecord[]> {
    const rows = await this.database.query(
      `SELECT ${columns} FROM backtest_runs ORDER BY created_at DESC LIMIT $1`,
      [limit],
    );
    return rows.map(recordOf);
  }
}
