// The Risk Manager service: limits, assessments, and the trading halt switch over HTTP.
import type { SignalRepository } from '@ats/core';
import { preTradeLimitKeys, type RiskEngine, type RiskLimits } from '@ats/engine';
import type { FastifyInstance } from 'fastify';
import type { ManualOverrideDesk } from '../continuity/manual-override-desk.js';
import { registerManualOverrideRoutes } from '../continuity/manual-override-routes.js';
import { type LimitQuery, limitQuery } from '../http/query-schemas.js';
import type { ServiceHealth, ServiceModule } from '../http/service-module.js';
import type { PrometheusMetrics } from '../metrics/prometheus-metrics.js';
import type { RiskControlDesk } from './risk-control-desk.js';
import { registerRiskControlRoutes } from './risk-control-routes.js';
import { type RiskMonitorRoutesOptions, registerRiskMonitorRoutes } from './risk-monitor-routes.js';

export interface RiskManagerModuleOptions {
  readonly risk: RiskEngine;
  readonly limits: RiskLimits;
  readonly assessments: SignalRepository;
  readonly metrics: PrometheusMetrics;
  /** Stores control changes (limits, restricted list, kill switch); without it they live in memory. */
  readonly desk?: RiskControlDesk;
  /** The live monitor and risk models (GET /risk/monitor, /risk/var, /risk/stress, /risk/var/backtest). */
  readonly riskModels?: RiskMonitorRoutesOptions;
  /** The manual override mode (GET/PUT /manual-override), stored per account. */
  readonly manualOverride?: ManualOverrideDesk;
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
      detail: {
        halted: risk.isHalted,
        manualOverride: risk.manualOverrideReason !== null,
        approvals: risk.approvals,
        rejections: risk.rejections,
      },
    };
  }

  routes(app: FastifyInstance): void {
    const { risk, limits, assessments, desk } = this.options;
    app.get('/limits', { config: { permission: 'read' } }, async () => {
      // The account's limits in force (defaults with account overrides), by their config names.
      const account = risk.limitBook.forAccount();
      const checks: Record<string, number | null> = {};
      for (const [key, entry] of Object.entries(preTradeLimitKeys)) {
        const value = account[key as keyof typeof account];
        checks[entry.configKey] = Number.isFinite(value) ? value : null;
      }
      return {
        maxPositionSize: account.maxPositionSize,
        maxSectorExposure: account.maxSectorExposure,
        dailyLossLimit: limits.dailyLossLimit.toString(),
        positionFraction: limits.positionFraction,
        allowShort: limits.allowShort,
        checks,
        checkOrder: risk.checkNames,
        overrides: desk?.overrides() ?? [],
      };
    });
    app.get<{ Querystring: LimitQuery }>(
      '/assessments',
      { config: { permission: 'read' }, schema: { querystring: limitQuery } },
      async (request) => assessments.listAssessments({ limit: request.query.limit }),
    );
    // The kill switch's state, for the dashboard's Risk page (halting and resuming need `risk`).
    app.get('/kill-switch', { config: { permission: 'read' } }, async () => ({
      halted: risk.isHalted,
      reason: risk.killSwitchReason,
    }));
    app.post('/halt', { config: { permission: 'risk' } }, async (request) => {
      if (desk)
        await desk.setKillSwitch(
          true,
          'halted through the API',
          `${request.principal.kind}:${request.principal.id}`,
        );
      else risk.halt();
      return { halted: true };
    });
    app.post('/resume', { config: { permission: 'risk' } }, async (request) => {
      if (desk)
        await desk.setKillSwitch(
          false,
          'resumed through the API',
          `${request.principal.kind}:${request.principal.id}`,
        );
      else risk.resume();
      return { halted: false };
    });
    if (desk) registerRiskControlRoutes(app, desk);
    if (this.options.manualOverride) registerManualOverrideRoutes(app, this.options.manualOverride);
    if (this.options.riskModels) registerRiskMonitorRoutes(app, this.options.riskModels);
  }
}
