// The monitor's rounds over services whose health and metrics a test controls: one platform status,
// the history, and alerts that fire once when a check fails and resolve once when it passes again.
import { Counter, Histogram, Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import type { ServiceHealth } from '../http/service-module.js';
import { HealthMonitor } from './health-monitor.js';
import { localService } from './monitored-services.js';
import type { CheckResult } from './monitoring-checks.js';

function instrumentedService() {
  const registry = new Registry();
  const labelNames = ['method', 'route', 'status_class'];
  const requests = new Counter({
    name: 'ats_http_requests_total',
    help: 'h',
    labelNames,
    registers: [registry],
  });
  const durations = new Histogram({
    name: 'ats_http_request_duration_seconds',
    help: 'h',
    labelNames,
    buckets: [0.01, 0.1, 0.5, 1, 5],
    registers: [registry],
  });
  return {
    registry,
    answer(status: string, seconds: number, count: number) {
      const labels = { method: 'GET', route: '/x', status_class: status };
      requests.inc(labels, count);
      for (let index = 0; index < count; index += 1) durations.observe(labels, seconds);
    },
  };
}

describe('the health monitor', () => {
  it('aggregates health, keeps history, and fires then resolves service-down and error-rate alerts once each', async () => {
    let riskHealth: ServiceHealth = { status: 'up' };
    const api = instrumentedService();
    const alerts: [string, string][] = [];
    const reported: Record<string, string> = {};
    let now = 1_000;
    const monitor = new HealthMonitor({
      services: [
        localService(
          'risk-manager',
          () => riskHealth,
          async () => '',
        ),
        localService(
          'trade-executor',
          () => ({ status: 'up', detail: { database: { connected: true } } }),
          () => api.registry.metrics(),
        ),
      ],
      thresholds: { errorRate: 0.01, responseTimeP95Seconds: 0.5 },
      historySamples: 3,
      now: () => now,
      reporter: {
        health: (service, health) => {
          reported[service] = health.status;
        },
        alert: (check: CheckResult, state) => alerts.push([check.id, state]),
      },
    });

    api.answer('2xx', 0.005, 100);
    expect((await monitor.check()).status).toBe('up');
    riskHealth = { status: 'down', detail: { error: 'connection refused' } };
    api.answer('2xx', 0.005, 90);
    api.answer('5xx', 0.2, 10);
    now += 15_000;
    const failing = await monitor.check();
    expect(failing.status).toBe('down');
    expect(reported['risk-manager']).toBe('down');
    expect(failing.firing.map((check) => check.id).sort()).toEqual([
      'error_rate',
      'service_down:risk-manager',
    ]);
    now += 15_000;
    api.answer('5xx', 0.2, 10);
    await monitor.check(); // still failing: no second alert
    riskHealth = { status: 'up' };
    api.answer('2xx', 2, 100); // slow but no errors
    now += 15_000;
    const recovered = await monitor.check();
    expect(recovered.status).toBe('up');
    expect(alerts).toEqual([
      ['service_down:risk-manager', 'firing'],
      ['error_rate', 'firing'],
      ['service_down:risk-manager', 'resolved'],
      ['error_rate', 'resolved'],
      ['response_time_p95', 'firing'],
    ]);
    // Three rounds kept of four: the oldest dropped.
    expect(monitor.history.points('up:risk-manager').map((point) => point.value)).toEqual([0, 0, 1]);
    expect(monitor.history.points('error_rate').map((point) => point.value)).toEqual([0.1, 1, 0]);
    expect(recovered.checks.find((check) => check.id === 'database:trade-executor')?.passed).toBe(true);
  });

  it('scrapes a registry its services share once a round and counts its quotes once', async () => {
    const registry = new Registry();
    const quotes = new Counter({ name: 'ats_quotes_received_total', help: 'h', registers: [registry] });
    const requests = new Counter({ name: 'ats_http_requests_total', help: 'h', registers: [registry] });
    let scrapes = 0;
    const scrape = () => {
      scrapes += 1;
      return registry.metrics();
    };
    const monitor = new HealthMonitor({
      // Three modules of one process read its one registry, as in the one-process node.
      services: ['data-collector', 'risk-manager', 'trade-executor'].map((name) =>
        localService(name, () => ({ status: 'up' }), scrape, 'process'),
      ),
      thresholds: { errorRate: 0.01, responseTimeP95Seconds: 0.5 },
      historySamples: 3,
      reporter: { health: () => {}, alert: () => {} },
    });
    await monitor.check();
    expect(scrapes).toBe(1);
    quotes.inc(5);
    requests.inc(1);
    const round = await monitor.check();
    expect(scrapes).toBe(2);
    expect(round.checks.find((check) => check.id === 'market_data_active')?.detail).toBe(
      '5 quotes accepted since the previous check',
    );
    expect(Object.keys(round.services)).toEqual(['data-collector', 'risk-manager', 'trade-executor']);
  });
});
