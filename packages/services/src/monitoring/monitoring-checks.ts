// The monitoring checklist of the spec, evaluated on one round of samples: each item passes or fails.
import type { ServiceHealth } from '../http/service-module.js';

export type CheckSeverity = 'warning' | 'critical';

export interface CheckResult {
  /** Stable id: the alert key of the item (`service_down:risk-manager`, `error_rate`, ...). */
  readonly id: string;
  readonly item: string;
  readonly passed: boolean;
  readonly severity: CheckSeverity;
  readonly detail: string;
}

export interface RoundSample {
  readonly health: Readonly<Record<string, ServiceHealth>>;
  /** Share of requests answered 5xx since the previous round, over every service; null without requests. */
  readonly errorRate: number | null;
  /** 95th percentile of request durations since the previous round, in seconds; null without requests. */
  readonly latencyP95Seconds: number | null;
  /** Quotes accepted since the previous round across the data collectors; null when unknown. */
  readonly quotesAccepted: number | null;
}

export interface Thresholds {
  readonly errorRate: number;
  readonly responseTimeP95Seconds: number;
}

/** Evaluates the checklist: services responding, their database and bus, error rate, p95, market data. */
export function evaluateChecks(sample: RoundSample, thresholds: Thresholds): CheckResult[] {
  const results: CheckResult[] = [];
  for (const [name, health] of Object.entries(sample.health)) {
    results.push({
      id: `service_down:${name}`,
      item: 'All services responding to health checks',
      passed: health.status !== 'down',
      severity: 'critical',
      detail: `${name} is ${health.status}`,
    });
    const database = health.detail?.database as { connected?: boolean } | undefined;
    if (database && typeof database.connected === 'boolean')
      results.push({
        id: `database:${name}`,
        item: 'Database connections within limits',
        passed: database.connected,
        severity: 'critical',
        detail: `${name}: database ${database.connected ? 'connected' : 'not connected'}`,
      });
  }
  if (sample.errorRate !== null)
    results.push({
      id: 'error_rate',
      item: 'Error rates below threshold',
      passed: sample.errorRate <= thresholds.errorRate,
      severity: 'warning',
      detail: `5xx share ${(sample.errorRate * 100).toFixed(2)}% (threshold ${(thresholds.errorRate * 100).toFixed(2)}%)`,
    });
  if (sample.latencyP95Seconds !== null)
    results.push({
      id: 'response_time_p95',
      item: 'API response times under SLA',
      passed: sample.latencyP95Seconds <= thresholds.responseTimeP95Seconds,
      severity: 'warning',
      detail: `p95 ${(sample.latencyP95Seconds * 1000).toFixed(1)} ms (threshold ${(thresholds.responseTimeP95Seconds * 1000).toFixed(0)} ms)`,
    });
  if (sample.quotesAccepted !== null)
    results.push({
      id: 'market_data_active',
      item: 'Market data feeds active',
      passed: sample.quotesAccepted > 0,
      severity: 'warning',
      detail: `${sample.quotesAccepted} quotes accepted since the previous check`,
    });
  return results;
}

const rank = { up: 0, degraded: 1, down: 2 } as const;

/** One status for the platform: down when any service is down, degraded when any is degraded. */
export function overallStatus(health: Readonly<Record<string, ServiceHealth>>): ServiceHealth['status'] {
  let worst: ServiceHealth['status'] = 'up';
  for (const each of Object.values(health)) if (rank[each.status] > rank[worst]) worst = each.status;
  return worst;
}
