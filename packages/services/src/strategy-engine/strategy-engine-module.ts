// The Strategy Engine service: configured strategies, their positions and PnL, and recent signals over HTTP.
import type { SignalRepository, StrategyRecord } from '@ats/core';
import type { Portfolio, StrategyRuntime } from '@ats/engine';
import type { FastifyInstance } from 'fastify';
import { type LimitQuery, limitQuery } from '../http/query-schemas.js';
import type { ServiceHealth, ServiceModule } from '../http/service-module.js';
import type { PrometheusMetrics } from '../metrics/prometheus-metrics.js';

export interface StrategyEngineModuleOptions {
  readonly runtime: StrategyRuntime;
  readonly strategies: readonly StrategyRecord[];
  readonly signals: SignalRepository;
  readonly metrics: PrometheusMetrics;
  /** The portfolio, when this process has one (one-process mode), for PnL per strategy. */
  readonly portfolio?: Portfolio;
}

export class StrategyEngineModule implements ServiceModule {
  readonly name = 'strategy-engine' as const;
  readonly metrics: PrometheusMetrics;

  constructor(private readonly options: StrategyEngineModuleOptions) {
    this.metrics = options.metrics;
  }

  health(): ServiceHealth {
    return {
      status: 'up',
      detail: { strategies: this.options.strategies.length, signals: this.options.runtime.signalCount },
    };
  }

  routes(app: FastifyInstance): void {
    const { strategies, signals, portfolio } = this.options;
    app.get('/strategies', { config: { permission: 'read' } }, async () =>
      strategies.map((strategy) => {
        const pnl = portfolio?.strategyPnl(strategy.id);
        return {
          ...strategy,
          ...(pnl
            ? {
                realizedPnl: pnl.realized.toString(),
                unrealizedPnl: pnl.unrealized.toString(),
                commissions: pnl.commissions.toString(),
              }
            : {}),
        };
      }),
    );
    app.get<{ Querystring: LimitQuery }>(
      '/signals',
      { config: { permission: 'read' }, schema: { querystring: limitQuery } },
      async (request) => signals.listSignals({ limit: request.query.limit }),
    );
  }
}
