// The Monitoring service's wiring, alike in one process and in its own: the services it watches, the
// round on a timer, health published on system.health and alerts on notifications.alert.
import { type NotificationRaised, topics } from '@ats/core';
import type { FastifyInstance } from 'fastify';
import { HealthMonitor, type MonitorReporter } from '../monitoring/health-monitor.js';
import type { MonitoredService } from '../monitoring/monitored-services.js';
import type { CheckResult } from '../monitoring/monitoring-checks.js';
import { MonitoringModule } from '../monitoring/monitoring-module.js';
import { durationMilliseconds } from '../wiring/config-mapping.js';
import type { ServiceContext, ServiceInstance } from './service-context.js';

export interface MonitoringService extends ServiceInstance {
  readonly monitor: HealthMonitor;
}

/** Gotify's priorities: 8 and above is urgent (critical), 5 a warning, 2 a resolution. */
export function notificationOfCheck(
  context: Pick<ServiceContext, 'ids'>,
  check: CheckResult,
  state: 'firing' | 'resolved',
  now: number,
): NotificationRaised {
  return {
    type: 'NotificationRaised',
    id: context.ids.eventId(),
    occurredAt: now,
    receivedAt: now,
    causationId: null,
    kind: 'alert',
    key: check.id,
    severity: check.severity,
    state,
    title: `${state === 'firing' ? '[FIRING]' : '[RESOLVED]'} ${check.item}`,
    message: check.detail,
    priority: state === 'resolved' ? 2 : check.severity === 'critical' ? 8 : 5,
  };
}

export function buildMonitoring(
  context: ServiceContext,
  services: readonly MonitoredService[],
  options: { readonly extraRoutes?: (app: FastifyInstance) => void | Promise<void> } = {},
): MonitoringService {
  const { config, bus, ids, metrics, logger, onError } = context;
  const reporter: MonitorReporter = {
    health(service, health) {
      const now = Date.now();
      bus.publish(topics.systemHealth, {
        type: 'HealthReported',
        id: ids.eventId(),
        occurredAt: now,
        receivedAt: now,
        causationId: null,
        service,
        status: health.status,
        detail: JSON.stringify(health.detail ?? {}),
      });
    },
    alert(check, state) {
      logger.warn({ alert: check.id, state, detail: check.detail }, `monitoring alert ${state}`);
      bus.publish(topics.notifications('alert'), notificationOfCheck(context, check, state, Date.now()));
    },
  };
  const monitor = new HealthMonitor({
    services,
    thresholds: {
      errorRate: config.monitoring.alert_thresholds.error_rate,
      responseTimeP95Seconds:
        durationMilliseconds(config.monitoring.alert_thresholds.response_time_p95) / 1000,
    },
    historySamples: config.monitoring.history_samples,
    reporter,
  });
  let timer: NodeJS.Timeout | null = null;
  return {
    monitor,
    module: new MonitoringModule({
      monitor,
      metrics,
      ...(options.extraRoutes ? { extraRoutes: options.extraRoutes } : {}),
    }),
    async start() {
      const interval = durationMilliseconds(config.monitoring.check_interval);
      if (interval > 0) {
        timer = setInterval(() => monitor.check().catch(onError), interval);
        timer.unref();
      }
    },
    async stop() {
      if (timer) clearInterval(timer);
      timer = null;
    },
  };
}
