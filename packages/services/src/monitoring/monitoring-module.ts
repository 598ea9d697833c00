// The Monitoring service over HTTP: the platform's status, the short metric history and firing alerts.
import type { FastifyInstance } from 'fastify';
import type { ServiceHealth, ServiceModule } from '../http/service-module.js';
import type { PrometheusMetrics } from '../metrics/prometheus-metrics.js';
import type { HealthMonitor } from './health-monitor.js';

const historyQuery = {
  type: 'object',
  additionalProperties: false,
  properties: {
    metric: { type: 'string', minLength: 1, maxLength: 200, pattern: '^[A-Za-z0-9_:.-]+$' },
    since: { type: 'integer', minimum: 0, maximum: Number.MAX_SAFE_INTEGER },
  },
} as const;

const statusQuery = {
  type: 'object',
  additionalProperties: false,
  properties: { refresh: { type: 'boolean', default: false } },
} as const;

export interface MonitoringModuleOptions {
  readonly monitor: HealthMonitor;
  readonly metrics: PrometheusMetrics;
  /** Extra routes (the log search) registered by other parts of the service. */
  readonly extraRoutes?: (app: FastifyInstance) => void | Promise<void>;
}

export class MonitoringModule implements ServiceModule {
  readonly name = 'monitoring' as const;
  readonly metrics: PrometheusMetrics;

  constructor(private readonly options: MonitoringModuleOptions) {
    this.metrics = options.metrics;
  }

  /** The monitor itself is up while it runs; the platform's state is what /status reports. */
  health(): ServiceHealth {
    const status = this.options.monitor.status();
    return { status: 'up', detail: { platform: status.status, checkedAt: status.checkedAt } };
  }

  async routes(app: FastifyInstance): Promise<void> {
    const { monitor } = this.options;
    app.get<{ Querystring: { refresh: boolean } }>(
      '/status',
      { config: { permission: 'read' }, schema: { querystring: statusQuery } },
      async (request) => {
        const status =
          request.query.refresh || monitor.status().checkedAt === null
            ? await monitor.check()
            : monitor.status();
        return status;
      },
    );
    app.get('/alerts', { config: { permission: 'read' } }, async () => ({ firing: monitor.status().firing }));
    app.get<{ Querystring: { metric?: string; since?: number } }>(
      '/history',
      { config: { permission: 'read' }, schema: { querystring: historyQuery } },
      async (request) => {
        const { metric, since } = request.query;
        if (metric === undefined) return { metrics: monitor.history.names() };
        return { metric, points: monitor.history.points(metric, since ?? 0) };
      },
    );
    await this.options.extraRoutes?.(app);
  }
}
