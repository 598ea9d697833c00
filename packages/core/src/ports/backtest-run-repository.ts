// The port of stored backtest runs: what was asked, how far it got, and its result.

export type BacktestRunStatus = 'queued' | 'running' | 'succeeded' | 'failed';

export interface BacktestRunRecord {
  readonly id: string;
  readonly status: BacktestRunStatus;
  readonly request: Readonly<Record<string, unknown>>;
  /** 0..1 */
  readonly progress: number;
  readonly result: unknown | null;
  readonly error: string | null;
  readonly createdAt: number;
  readonly finishedAt: number | null;
}

export interface BacktestRunRepository {
  create(id: string, request: Readonly<Record<string, unknown>>, at: number): Promise<void>;
  updateProgress(id: string, status: BacktestRunStatus, progress: number): Promise<void>;
  finish(
    id: string,
    outcome: { status: 'succeeded' | 'failed'; result: unknown | null; error: string | null; at: number },
  ): Promise<void>;
  /** The run without its result (small); null when it does not exist. */
  find(id: string): Promise<BacktestRunRecord | null>;
  /** The run's result alone. */
  result(id: string): Promise<unknown | null>;
  list(limit: number): Promise<BacktestRunRecord[]>;
}
