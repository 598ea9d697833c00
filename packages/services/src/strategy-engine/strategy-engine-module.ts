// The Strategy Engine service: configured strategies, their positions, PnL and performance, run-time
// flags, recent signals and the model registry over HTTP.
import type { StrategyPerformanceTracker } from '@ats/analytics';
import type { SignalRepository, StrategyRecord } from '@ats/core';
import type { Portfolio, StrategyRuntime } from '@ats/engine';
import type { SqlModelRegistryStore, StrategyFlagStore } from '@ats/persistence';
import type { FastifyInstance } from 'fastify';
import type { AuditRecorder } from '../audit/audit-recorder.js';
import { type LimitQuery, limitQuery } from '../http/query-schemas.js';
import type { ServiceHealth, ServiceModule } from '../http/service-module.js';
import type { PrometheusMetrics } from '../metrics/prometheus-metrics.js';
import { registerModelRoutes } from './model-routes.js';
import type { ModelDriftStatus } from './registry-model-strategy.js';
import { registerStrategyFlagRoutes } from './strategy-flag-routes.js';

export interface StrategyEngineModuleOptions {
  readonly runtime: StrategyRuntime;
  readonly strategies: readonly StrategyRecord[];
  readonly signals: SignalRepository;
  readonly metrics: PrometheusMetrics;
  /** The portfolio, when this process has one (one-process mode), for PnL per strategy. */
  readonly portfolio?: Portfolio;
  /** Partitioned by symbol (strategy_engine.partition_by_symbol): this instance and its symbols now. */
  readonly partition?: { readonly instance: string; owned(): string[] };
  /** The model registry (migration 013), served under /models. */
  readonly models?: SqlModelRegistryStore;
  /** Run-time enable/disable flags (stored); without it the flag routes are absent. */
  readonly flags?: StrategyFlagStore;
  /** Where flag changes are recorded (the process's audit trail). */
  readonly audit?: AuditRecorder;
  /** Live prediction quality of each running registry model against its backtested band. */
  readonly drift?: () => readonly ModelDriftStatus[];
  /** Live performance per strategy from its fills and the bars' marks. */
  readonly performance?: {
    readonly tracker: StrategyPerformanceTracker;
    readonly markOf: Parameters<StrategyPerformanceTracker['report']>[0];
  };
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
      detail: {
        strategies: this.options.strategies.length,
        signals: this.options.runtime.signalCount,
        ...(this.options.partition
          ? { instance: this.options.partition.instance, symbols: this.options.partition.owned() }
          : {}),
      },
    };
  }

  routes(app: FastifyInstance): void {
    const { strategies, signals, portfolio, runtime, flags, performance, audit } = this.options;
    app.get('/strategies', { config: { permission: 'read' } }, async () =>
      strategies.map((strategy) => {
        const pnl = portfolio?.strategyPnl(strategy.id);
        // The run-time state (a flag may have changed what the configuration says).
        const running = runtime.isEnabled(strategy.id);
        return {
          ...strategy,
          ...(running !== undefined ? { enabled: running } : {}),
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
    if (flags) registerStrategyFlagRoutes(app, runtime, flags, audit);
    if (performance)
      app.get('/strategies/performance', { config: { permission: 'read' } }, async () =>
        performance.tracker.report(performance.markOf),
      );
    app.get<{ Querystring: LimitQuery }>(
      '/signals',
      { config: { permission: 'read' }, schema: { querystring: limitQuery } },
      async (request) => signals.listSignals({ limit: request.query.limit }),
    );
    const drift = this.options.drift;
    // Registered before the model routes: a static path wins over /models/:name/... in any order.
    if (drift) app.get('/models/drift', { config: { permission: 'read' } }, async () => drift());
    if (this.options.models) registerModelRoutes(app, this.options.models);
  }
}
