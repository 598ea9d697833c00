// Job runs on /metrics: runs by job and outcome, and when each job last succeeded (the backup-age alert).
import { Gauge } from 'prom-client';
import type { PrometheusMetrics } from './prometheus-metrics.js';

export function jobRunMetrics(
  metrics: PrometheusMetrics,
  now: () => number = Date.now,
): (outcome: { jobId: string; status: string }) => void {
  metrics.registry.removeSingleMetric('ats_job_last_success_timestamp_seconds');
  const lastSuccess = new Gauge({
    name: 'ats_job_last_success_timestamp_seconds',
    help: 'Unix time of the last successful run of each scheduled job',
    labelNames: ['job'],
    registers: [metrics.registry],
  });
  return (outcome) => {
    metrics.count('job_runs_total', { job: outcome.jobId, status: outcome.status });
    if (outcome.status === 'succeeded') lastSuccess.set({ job: outcome.jobId }, now() / 1000);
  };
}
