// The Trade Executor service: orders, trades, positions and the portfolio over HTTP.
import {
  AtsError,
  type OrderId,
  type OrderRepository,
  orderStatuses,
  type PortfolioRepository,
  type TradeRepository,
  toSymbol,
} from '@ats/core';
import type { ExecutionEngine, Portfolio } from '@ats/engine';
import type { FastifyInstance } from 'fastify';
import { type SymbolLimitQuery, symbolLimitQuery } from '../http/query-schemas.js';
import type { ServiceHealth, ServiceModule } from '../http/service-module.js';
import type { PrometheusMetrics } from '../metrics/prometheus-metrics.js';

export interface TradeExecutorModuleOptions {
  readonly execution: ExecutionEngine;
  readonly orders: OrderRepository;
  readonly trades: TradeRepository;
  readonly positions: PortfolioRepository;
  readonly accountId: string;
  readonly metrics: PrometheusMetrics;
  /** The live portfolio, when this process keeps one. */
  readonly portfolio?: Portfolio;
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
      { schema: { params: { type: 'object', properties: { id: { type: 'string', format: 'uuid' } } } } },
      async (request) => {
        const order = await orders.findOrder(request.params.id as OrderId);
        if (!order) throw new AtsError('NOT_FOUND', `order ${request.params.id} does not exist`);
        return order;
      },
    );
    app.get<{ Querystring: SymbolLimitQuery }>(
      '/trades',
      { schema: { querystring: symbolLimitQuery } },
      async (request) =>
        trades.listTrades({
          limit: request.query.limit,
          ...(request.query.symbol ? { symbol: toSymbol(request.query.symbol) } : {}),
        }),
    );
    app.get('/positions', async () => positions.loadPositions(accountId as never));
    app.get('/portfolio', async () => {
      if (!portfolio) throw new AtsError('NOT_FOUND', 'this process keeps no live portfolio');
      return { accountId, ...portfolio.snapshot() };
    });
  }
}
