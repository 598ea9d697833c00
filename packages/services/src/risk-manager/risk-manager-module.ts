// The Risk Manager service: limits, assessments, and the trading halt switch over HTTP.
import type { SignalRepository } from '@ats/core';
import type { RiskEngine, RiskLimits } from '@ats/engine';
import type { FastifyInstance } from 'fastify';
import { type LimitQuery, limitQuery } from '../http/query-schemas.js';
import type { ServiceHealth, ServiceModule } from '../http/service-module.js';
import type { PrometheusMetrics } from '../metrics/prometheus-metrics.js';
import { type RiskMonitorRoutesOptions, registerRiskMonitorRoutes } from './risk-monitor-routes.js';

export interface RiskManagerModuleOptions {
  readonly risk: RiskEngine;
  readonly limits: RiskLimits;
  readonly assessments: SignalRepository;
  readonly metrics: PrometheusMetrics;
  /** The live monitor and risk models (GET /risk/monitor, /risk/var, /risk/stress, /risk/var/backtest). */
  readonly riskModels?: RiskMonitorRoutesOptions;
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
    app.get('/limits', async () => ({
      maxPositionSize: limits.maxPositionSize,
      maxSectorExposure: limits.maxSectorExposure,
      dailyLossLimit: limits.dailyLossLimit.toString(),
      positionFraction: limits.positionFraction,
      allowShort: limits.allowShort,
    }));
    app.get<{ Querystring: LimitQuery }>(
      '/assessments',
      { schema: { querystring: limitQuery } },
      async (request) => assessments.listAssessments({ limit: request.query.limit }),
    );
    app.post('/halt', async () => {
      risk.halt();
      return { halted: true };
    });
    app.post('/resume', async () => {
      risk.resume();
      return { halted: false };
    });
    if (this.options.riskModels) registerRiskMonitorRoutes(app, this.options.riskModels);
  }
}
