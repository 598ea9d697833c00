// The scheduler's store: job definitions and claimed runs; the primary key makes each fire run once.
import type { JobDefinitionRecord, JobRepository, JobRunRecord, JobRunStatus } from '@ats/core';
import type { Database } from '../database.js';
import { millisecondsOf, millisecondsOrNull, timestampText } from '../sql-values.js';

export class SqlJobRepository implements JobRepository {
  constructor(private readonly database: Database) {}

  async saveJob(job: JobDefinitionRecord): Promise<void> {
    await this.database.query(
      `INSERT INTO scheduler_jobs (id, kind, trigger, options, paused, priority, updated_at) VALUES ($1,$2,$3,$4,$5,$6,NOW())
       ON CONFLICT (id) DO UPDATE SET kind = EXCLUDED.kind, trigger = EXCLUDED.trigger, options = EXCLUDED.options,
         paused = EXCLUDED.paused, priority = EXCLUDED.priority, updated_at = NOW()`,
      [job.id, job.kind, JSON.stringify(job.trigger), JSON.stringify(job.options), job.paused, job.priority],
    );
  }

  async listJobs(): Promise<JobDefinitionRecord[]> {
    const rows = await this.database.query(
      'SELECT id, kind, trigger, options, paused, priority FROM scheduler_jobs ORDER BY id',
    );
    return rows.map((row) => ({
      id: row.id as string,
      kind: row.kind as string,
      trigger: row.trigger as Record<string, unknown>,
      options: (row.options as Record<string, unknown>) ?? {},
      paused: row.paused as boolean,
      priority: Number(row.priority),
    }));
  }

  async setPaused(jobId: string, paused: boolean): Promise<boolean> {
    const rows = await this.database.query(
      'UPDATE scheduler_jobs SET paused = $2, updated_at = NOW() WHERE id = $1 RETURNING id',
      [jobId, paused],
    );
    return rows.length === 1;
  }

  async claimRun(jobId: string, scheduledFor: number, instance: string, at: number): Promise<boolean> {
    const rows = await this.database.query(
      `INSERT INTO scheduler_job_runs (job_id, scheduled_for, status, attempt, instance, started_at)
       VALUES ($1, $2, 'running', 0, $3, $4) ON CONFLICT (job_id, scheduled_for) DO NOTHING RETURNING job_id`,
      [jobId, timestampText(scheduledFor), instance, timestampText(at)],
    );
    return rows.length === 1;
  }

  async finishRun(
    jobId: string,
    scheduledFor: number,
    outcome: { status: JobRunStatus; attempt: number; at: number; error: string | null },
  ): Promise<void> {
    await this.database.query(
      'UPDATE scheduler_job_runs SET status = $3, attempt = $4, finished_at = $5, error = $6 WHERE job_id = $1 AND scheduled_for = $2',
      [
        jobId,
        timestampText(scheduledFor),
        outcome.status,
        outcome.attempt,
        timestampText(outcome.at),
        outcome.error,
      ],
    );
  }

  async lastScheduledFor(jobId: string): Promise<number | null> {
    const rows = await this.database.query(
      'SELECT max(scheduled_for) AS last FROM scheduler_job_runs WHERE job_id = $1',
      [jobId],
    );
    return millisecondsOrNull(rows[0]?.last ?? null);
  }

  async listRuns(filter: { jobId?: string; limit?: number } = {}): Promise<JobRunRecord[]> {
    const parameters: unknown[] = [filter.limit ?? 100];
    const where = filter.jobId ? 'WHERE job_id = $2 OR job_id LIKE $3' : '';
    if (filter.jobId) parameters.push(filter.jobId, `${filter.jobId}#%`);
    const rows = await this.database.query(
      `SELECT job_id, scheduled_for, status, attempt, instance, started_at, finished_at, error
       FROM scheduler_job_runs ${where} ORDER BY started_at DESC, scheduled_for DESC LIMIT $1`,
      parameters,
    );
    return rows.map((row) => ({
      jobId: row.job_id as string,
      scheduledFor: millisecondsOf(row.scheduled_for),
      status: row.status as JobRunStatus,
      attempt: Number(row.attempt),
      instance: row.instance as string,
      startedAt: millisecondsOf(row.started_at),
      finishedAt: millisecondsOrNull(row.finished_at),
      error: (row.error as string | null) ?? null,
    }));
  }
}
