// The Risk Manager service: limits, assessments, and the trading halt switch over HTTP.
import type { SignalRepository } from '@ats/core';
import type { RiskEngine, RiskLimits } from '@ats/engine';
import type { FastifyInstance } from 'fastify';
import { type LimitQuery, limitQuery } from '../http/query-schemas.js';
import type { ServiceHealth, ServiceModule } from '../http/service-module.js';
import type { PrometheusMetrics } from '../metrics/prometheus-metrics.js';

export interface RiskManagerModuleOptions {
  readonly risk: RiskEngine;
  readonly limits: RiskLimits;
  readonly assessments: SignalRepository;
  readonly metrics: PrometheusMetrics;
}

export class RiskManagerModule implements ServiceModule {
  readonly name = 'risk-manager' as const;
  readonly metrics: PrometheusMetrics;

  constructor(private readonly options: RiskManagerModuleOptions) {
    this.metrics = options.metrics;
  }

  health(): ServiceHealth {
    const { risk } = this.options;
    return {
      status: 'up',
      detail: { halted: risk.isHalted, approvals: risk.approvals, rejections: risk.rejections },
    };
  }

  routes(app: FastifyInstance): void {
    const { risk, limits, assessments } = this.options;
    app.get('/limits', { config: { permission: 'read' } }, async () => ({
      maxPositionSize: limits.maxPositionSize,
      maxSectorExposure: limits.maxSectorExposure,
      dailyLossLimit: limits.dailyLossLimit.toString(),
      positionFraction: limits.positionFraction,
      allowShort: limits.allowShort,
    }));
    app.get<{ Querystring: LimitQuery }>(
      '/assessments',
      { config: { permission: 'read' }, schema: { querystring: limitQuery } },
      async (request) => assessments.listAssessments({ limit: request.query.limit }),
    );
    app.post('/halt', { config: { permission: 'risk' } }, async () => {
      risk.halt();
      return { halted: true };
    });
    app.post('/resume', { config: { permission: 'risk' } }, async () => {
      risk.resume();
      return { halted: false };
    });
  }
}
