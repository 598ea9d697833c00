// The shape every service exposes to the HTTP layer: its name, health, metrics and read routes.
import type { FastifyInstance } from 'fastify';
import type { PrometheusMetrics } from '../metrics/prometheus-metrics.js';

export const serviceNames = [
  'data-collector',
  'strategy-engine',
  'risk-manager',
  'trade-executor',
  'scheduler',
  'backtesting',
  'security',
  'audit',
  'monitoring',
  'notifications',
] as const;
export type ServiceName = (typeof serviceNames)[number];

export interface ServiceHealth {
  readonly status: 'up' | 'degraded' | 'down';
  readonly detail?: Readonly<Record<string, unknown>>;
}

export interface ServiceModule {
  readonly name: ServiceName;
  readonly metrics: PrometheusMetrics;
  health(): ServiceHealth | Promise<ServiceHealth>;
  /** Registers the service's own routes (besides /health and /metrics) on an app or a prefixed scope. */
  routes(app: FastifyInstance): void | Promise<void>;
}
