// An in-memory JobRepository (tests and single-process use); several schedulers may share one instance.
import type { JobDefinitionRecord, JobRepository, JobRunRecord } from '@ats/core';

export class InMemoryJobRepository implements JobRepository {
  private readonly jobs = new Map<string, JobDefinitionRecord>();
  private readonly runs = new Map<string, JobRunRecord>();

  async saveJob(job: JobDefinitionRecord): Promise<void> {
    this.jobs.set(job.id, job);
  }

  async listJobs(): Promise<JobDefinitionRecord[]> {
    return [...this.jobs.values()];
  }

  async setPaused(jobId: string, paused: boolean): Promise<boolean> {
    const job = this.jobs.get(jobId);
    if (!job) return false;
    this.jobs.set(jobId, { ...job, paused });
    return true;
  }

  async claimRun(jobId: string, scheduledFor: number, instance: string, at: number): Promise<boolean> {
    const key = `${jobId}@${scheduledFor}`;
    if (this.runs.has(key)) return false;
    this.runs.set(key, {
      jobId,
      scheduledFor,
      status: 'running',
      attempt: 0,
      instance,
      startedAt: at,
      finishedAt: null,
      error: null,
    });
    return true;
  }

  async finishRun(
    jobId: string,
    scheduledFor: number,
    outcome: { status: JobRunRecord['status']; attempt: number; at: number; error: string | null },
  ): Promise<void> {
    const key = `${jobId}@${scheduledFor}`;
    const run = this.runs.get(key);
    if (run)
      this.runs.set(key, {
        ...run,
        status: outcome.status,
        attempt: outcome.attempt,
        finishedAt: outcome.at,
        error: outcome.error,
      });
  }

  async lastScheduledFor(jobId: string): Promise<number | null> {
    let last: number | null = null;
    for (const run of this.runs.values())
      if (run.jobId === jobId && (last === null || run.scheduledFor > last)) last = run.scheduledFor;
    return last;
  }

  async listRuns(filter: { jobId?: string; limit?: number } = {}): Promise<JobRunRecord[]> {
    return [...this.runs.values()]
      .filter((run) => !filter.jobId || run.jobId === filter.jobId)
      .sort((a, b) => b.scheduledFor - a.scheduledFor)
      .slice(0, filter.limit ?? 100);
  }
}
