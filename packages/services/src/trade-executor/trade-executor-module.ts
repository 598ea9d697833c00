// The Trade Executor service: orders, trades, positions and the portfolio over HTTP.
import {
  AtsError,
  type Clock,
  type IdGenerator,
  type MessageBus,
  type OrderId,
  type OrderRepository,
  orderStatuses,
  type PortfolioRepository,
  type TradeRepository,
  topics,
  toSymbol,
} from '@ats/core';
import type { ExecutionEngine, Portfolio, ReconciliationReport } from '@ats/engine';
import type { SqlExecutionControlStore } from '@ats/persistence';
import type { FastifyInstance } from 'fastify';
import type { VenueFaults } from '../chaos/fault-injecting-venue.js';
import { registerFaultInjectionRoutes } from '../chaos/fault-injection-routes.js';
import type { EmergencyLiquidation } from '../continuity/emergency-liquidation.js';
import { registerEmergencyLiquidationRoutes } from '../continuity/emergency-liquidation-routes.js';
import type { ProtectiveStopKeeper } from '../continuity/protective-stop-keeper.js';
import { registerProtectiveStopRoutes } from '../continuity/protective-stop-routes.js';
import {
  type AlgorithmRoutesOptions,
  registerAlgorithmRoutes,
  registerTcaRoutes,
} from '../execution-algorithms/algorithm-routes.js';
import { type SymbolLimitQuery, symbolLimitQuery } from '../http/query-schemas.js';
import type { ServiceHealth, ServiceModule } from '../http/service-module.js';
import type { PrometheusMetrics } from '../metrics/prometheus-metrics.js';
import type { ManualOrderDesk } from './manual-order-desk.js';
import { registerManualOrderRoutes } from './manual-order-routes.js';

export interface TradeExecutorModuleOptions {
  readonly execution: ExecutionEngine;
  readonly orders: OrderRepository;
  readonly trades: TradeRepository;
  readonly positions: PortfolioRepository;
  readonly accountId: string;
  readonly metrics: PrometheusMetrics;
  /** The live portfolio, when this process keeps one. */
  readonly portfolio?: Portfolio;
  /** Runs a reconciliation with the venue now. */
  readonly reconcile?: () => Promise<ReconciliationReport>;
  readonly control?: SqlExecutionControlStore;
  readonly bus?: MessageBus;
  readonly clock?: Clock;
  readonly ids?: IdGenerator;
  readonly onHaltResolved?: (symbol: string) => void;
  /** Operators' orders through risk (absent: the routes that place orders are not served). */
  readonly desk?: ManualOrderDesk;
  /** The risk-ranked emergency liquidation (absent: its routes are not served). */
  readonly liquidation?: EmergencyLiquidation;
  /** The protective stops (keeper null: configured off; absent: the route is not served). */
  readonly protectiveStops?: {
    readonly keeper: ProtectiveStopKeeper | null;
    readonly distanceBasisPoints: number;
  };
  /** Injected venue faults for disaster drills (absent unless execution.fault_injection is on). */
  readonly venueFaults?: VenueFaults;
  /** Execution algorithms (absent: their routes are not served). */
  readonly algorithmRoutes?: AlgorithmRoutesOptions;
}

export class TradeExecutorModule implements ServiceModule {
  readonly name = 'trade-executor' as const;
  readonly metrics: PrometheusMetrics;

  constructor(private readonly options: TradeExecutorModuleOptions) {
    this.metrics = options.metrics;
  }

  health(): ServiceHealth {
    return {
      status: 'up',
      detail: {
        openOrders: this.options.execution.openOrders().length,
        fills: this.options.execution.fillCount,
      },
    };
  }

  routes(app: FastifyInstance): void {
    const { orders, trades, positions, portfolio, accountId } = this.options;
    app.get<{ Querystring: SymbolLimitQuery & { status?: string } }>(
      '/orders',
      {
        config: { permission: 'read' },
        schema: {
          querystring: {
            ...symbolLimitQuery,
            properties: {
              ...symbolLimitQuery.properties,
              status: { type: 'string', enum: [...orderStatuses] },
            },
          },
        },
      },
      async (request) =>
        orders.listOrders({
          limit: request.query.limit,
          ...(request.query.symbol ? { symbol: toSymbol(request.query.symbol) } : {}),
          ...(request.query.status ? { status: request.query.status as (typeof orderStatuses)[number] } : {}),
        }),
    );
    app.get<{ Params: { id: string } }>(
      '/orders/:id',
      {
        config: { permission: 'read' },
        schema: { params: { type: 'object', properties: { id: { type: 'string', format: 'uuid' } } } },
      },
      async (request) => {
        const order = await orders.findOrder(request.params.id as OrderId);
        if (!order) throw new AtsError('NOT_FOUND', `order ${request.params.id} does not exist`);
        return order;
      },
    );
    app.get<{ Querystring: SymbolLimitQuery }>(
      '/trades',
      { config: { permission: 'read' }, schema: { querystring: symbolLimitQuery } },
      async (request) =>
        trades.listTrades({
          limit: request.query.limit,
          ...(request.query.symbol ? { symbol: toSymbol(request.query.symbol) } : {}),
        }),
    );
    app.get('/positions', { config: { permission: 'read' } }, async () =>
      positions.loadPositions(accountId as never),
    );
    // Daily equity history (the end-of-day snapshots), for the dashboard's equity and drawdown curves.
    app.get('/portfolio/snapshots', { config: { permission: 'read' } }, async () =>
      positions.listSnapshots(accountId as never),
    );
    registerReconciliationRoutes(app, this.options);
    registerManualOrderRoutes(app, this.options);
    if (this.options.liquidation) registerEmergencyLiquidationRoutes(app, this.options.liquidation);
    if (this.options.protectiveStops)
      registerProtectiveStopRoutes(app, {
        execution: this.options.execution,
        ...this.options.protectiveStops,
      });
    if (this.options.venueFaults) registerFaultInjectionRoutes(app, this.options.venueFaults);
    if (this.options.algorithmRoutes) {
      registerAlgorithmRoutes(app, this.options.algorithmRoutes);
      registerTcaRoutes(app, this.options.algorithmRoutes);
    }
    app.get('/portfolio', { config: { permission: 'read' } }, async () => {
      if (!portfolio) throw new AtsError('NOT_FOUND', 'this process keeps no live portfolio');
      return { accountId, ...portfolio.snapshot() };
    });
  }
}

const symbolParams = {
  type: 'object',
  properties: { symbol: { type: 'string', pattern: '^[A-Z][A-Z0-9.\\-/]{0,9}$' } },
  required: ['symbol'],
  additionalProperties: false,
} as const;

/** Reconciliation on request, its recorded differences, and the per-symbol halts it raised. */
function registerReconciliationRoutes(app: FastifyInstance, options: TradeExecutorModuleOptions): void {
  const { reconcile, control, accountId } = options;
  if (!reconcile || !control) return;
  app.post('/reconciliation', { config: { permission: 'risk' } }, async () => reconcile());
  app.get<{ Querystring: { limit: number } }>(
    '/reconciliation',
    {
      config: { permission: 'read' },
      schema: {
        querystring: {
          type: 'object',
          properties: { limit: { type: 'integer', minimum: 1, maximum: 10_000, default: 100 } },
          additionalProperties: false,
        },
      },
    },
    async (request) => control.listDifferences(accountId, request.query.limit),
  );
  app.get('/halts', { config: { permission: 'read' } }, async () => control.openHalts(accountId));
  app.post<{ Params: { symbol: string } }>(
    '/halts/:symbol/resolve',
    { config: { permission: 'risk' }, schema: { params: symbolParams } },
    async (request, reply) => {
      const symbol = toSymbol(request.params.symbol);
      const open = (await control.openHalts(accountId)).some((halt) => halt.symbol === symbol);
      if (!open) throw new AtsError('NOT_FOUND', `no open halt for ${symbol}`);
      // Resolved only when reconciliation now finds the position equal at the venue and here.
      const report = await reconcile();
      const stored = (await control.tradedPositions(accountId)).get(symbol) ?? 0;
      if (!report.positionsKnown)
        throw new AtsError('CONFLICT', `the venue cannot report positions; ${symbol} stays halted`);
      const mismatch = report.halted.includes(symbol);
      if (mismatch)
        return reply.code(409).send({
          error: 'CONFLICT',
          message: `${symbol} still disagrees with the venue (${stored} here); it stays halted`,
        });
      await control.resolveHalt(accountId, symbol, 'positions agree after reconciliation');
      options.onHaltResolved?.(symbol);
      const { bus, clock, ids } = options;
      if (bus && clock && ids) {
        const now = clock.now();
        bus.publish(topics.tradingHalts, {
          type: 'TradingHaltChanged',
          id: ids.eventId(),
          occurredAt: now,
          receivedAt: now,
          causationId: null,
          accountId: accountId as never,
          symbol,
          halted: false,
          reason: 'resolved through the API: positions agree after reconciliation',
        });
      }
      return { symbol, halted: false, position: stored };
    },
  );
}
