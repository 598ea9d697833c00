// The monitor's round: asks every service for health and metrics, keeps a short history, evaluates the
// checklist and thresholds, and reports what changed (health on system.health, alerts as notifications).
import type { ServiceHealth } from '../http/service-module.js';
import { MetricHistory } from './metric-history.js';
import { errorRateBetween, latencyQuantileBetween } from './metric-window.js';
import type { MonitoredService } from './monitored-services.js';
import { type CheckResult, evaluateChecks, overallStatus, type Thresholds } from './monitoring-checks.js';
import { type MetricSample, parsePrometheusText, sumOf } from './prometheus-text.js';

export interface PlatformStatus {
  readonly status: ServiceHealth['status'];
  readonly checkedAt: number | null;
  readonly services: Readonly<Record<string, ServiceHealth>>;
  readonly checks: readonly CheckResult[];
  readonly firing: readonly CheckResult[];
}

/** What the monitor tells the platform: each service's health, and alerts firing or resolved. */
export interface MonitorReporter {
  health(service: string, health: ServiceHealth): void;
  alert(check: CheckResult, state: 'firing' | 'resolved'): void;
}

export interface HealthMonitorOptions {
  readonly services: readonly MonitoredService[];
  readonly thresholds: Thresholds;
  readonly historySamples: number;
  readonly reporter: MonitorReporter;
  readonly now?: () => number;
}

/** The key of a service's registry: its shared source, else the service itself. */
function sourceOf(service: MonitoredService): string {
  return service.metricsSource === undefined ? `service:${service.name}` : `source:${service.metricsSource}`;
}

export class HealthMonitor {
  readonly history: MetricHistory;
  private readonly now: () => number;
  private previousScrapes = new Map<string, MetricSample[]>();
  private readonly firing = new Map<string, CheckResult>();
  private latest: PlatformStatus = { status: 'up', checkedAt: null, services: {}, checks: [], firing: [] };
  private running: Promise<PlatformStatus> | null = null;

  constructor(private readonly options: HealthMonitorOptions) {
    this.history = new MetricHistory(options.historySamples);
    this.now = options.now ?? Date.now;
  }

  status(): PlatformStatus {
    return this.latest;
  }

  /** One round; concurrent callers share the round in progress. */
  check(): Promise<PlatformStatus> {
    this.running ??= this.round().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  private async round(): Promise<PlatformStatus> {
    const at = this.now();
    // One scrape, parsed once, per registry: the modules of one process share theirs (a process of
    // thirteen modules used to render and parse its registry thirteen times a round).
    const scrapes = new Map<string, Promise<MetricSample[] | null>>();
    const scrapeOf = (service: MonitoredService, source: string) => {
      let scrape = scrapes.get(source);
      if (!scrape) {
        scrape = service.metrics().then((text) => (text === null ? null : parsePrometheusText(text)));
        scrapes.set(source, scrape);
      }
      return scrape;
    };
    const answers = await Promise.all(
      this.options.services.map(async (service) => {
        const source = sourceOf(service);
        const [health, samples] = await Promise.all([service.health(), scrapeOf(service, source)]);
        return { service, health, source, samples };
      }),
    );
    const counted = new Set<string>();
    const health: Record<string, ServiceHealth> = {};
    const befores: MetricSample[] = [];
    const afters: MetricSample[] = [];
    let quotesAccepted: number | null = null;
    for (const { service, health: each, source, samples } of answers) {
      health[service.name] = each;
      this.history.record(`up:${service.name}`, at, each.status === 'down' ? 0 : 1);
      if (samples === null) continue;
      const memory = sumOf(samples, 'ats_process_resident_memory_bytes');
      if (memory > 0) this.history.record(`memory_bytes:${service.name}`, at, memory);
      // A registry read by several services counts its requests and quotes once.
      if (counted.has(source)) continue;
      counted.add(source);
      const before = this.previousScrapes.get(source);
      this.previousScrapes.set(source, samples);
      // Counters restart with their process: a scrape lower than the one before starts a new window.
      if (!before || sumOf(samples, 'ats_http_requests_total') < sumOf(before, 'ats_http_requests_total'))
        continue;
      befores.push(...before);
      afters.push(...samples);
      if (samples.some((sample) => sample.name === 'ats_quotes_received_total'))
        quotesAccepted =
          (quotesAccepted ?? 0) +
          sumOf(samples, 'ats_quotes_received_total') -
          sumOf(before, 'ats_quotes_received_total');
    }
    const errorRate = errorRateBetween(befores, afters);
    const latencyP95Seconds = latencyQuantileBetween(befores, afters, 0.95);
    if (errorRate !== null) this.history.record('error_rate', at, errorRate);
    if (latencyP95Seconds !== null) this.history.record('response_time_p95_seconds', at, latencyP95Seconds);
    const checks = evaluateChecks(
      { health, errorRate, latencyP95Seconds, quotesAccepted },
      this.options.thresholds,
    );
    this.report(health, checks);
    this.latest = {
      status: overallStatus(health),
      checkedAt: at,
      services: health,
      checks,
      firing: [...this.firing.values()],
    };
    return this.latest;
  }

  /** Health every round; an alert only when a check starts or stops failing. */
  private report(health: Readonly<Record<string, ServiceHealth>>, checks: readonly CheckResult[]): void {
    const { reporter } = this.options;
    for (const [name, each] of Object.entries(health)) reporter.health(name, each);
    for (const check of checks) {
      const wasFiring = this.firing.has(check.id);
      if (!check.passed && !wasFiring) {
        this.firing.set(check.id, check);
        reporter.alert(check, 'firing');
      } else if (check.passed && wasFiring) {
        this.firing.delete(check.id);
        reporter.alert(check, 'resolved');
      } else if (!check.passed) this.firing.set(check.id, check);
    }
  }
}
