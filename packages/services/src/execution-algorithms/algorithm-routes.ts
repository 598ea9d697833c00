// The Trade Executor's algorithm routes: place a parent (TWAP, VWAP, POV, IS, Iceberg), list and read
// parents with their children, pause, resume, cancel, and the VWAP profile a symbol would follow.
import {
  AtsError,
  type Clock,
  type IdGenerator,
  InvalidInputError,
  type Repositories,
  toSymbol,
} from '@ats/core';
import type { AlgorithmEngine } from '@ats/engine';
import type { Database } from '@ats/persistence';
import type { FastifyInstance } from 'fastify';
import { type AlgorithmRequest, algorithmRequestSchema, parametersOfRequest } from './algorithm-request.js';
import type { SqlParentOrderStore } from './sql-parent-order-store.js';
import { storedVolumeProfile } from './stored-volume-profile.js';
import { TcaComputer, type TcaGrouping, tcaGroupings } from './tca-computer.js';
import { type ChartSeries, tcaHtmlReport } from './tca-html-report.js';

export interface AlgorithmRoutesOptions {
  readonly algorithms: AlgorithmEngine;
  readonly store: SqlParentOrderStore;
  readonly database: Database;
  readonly repositories: Repositories;
  readonly accountId: string;
  readonly clock: Clock;
  readonly ids: IdGenerator;
}

const idParams = {
  type: 'object',
  properties: { id: { type: 'string', pattern: '^[A-Za-z0-9-]{1,64}$' } },
  required: ['id'],
  additionalProperties: false,
} as const;

const limitQuery = {
  type: 'object',
  properties: { limit: { type: 'integer', minimum: 1, maximum: 10_000, default: 100 } },
  additionalProperties: false,
} as const;

export function registerAlgorithmRoutes(app: FastifyInstance, options: AlgorithmRoutesOptions): void {
  const { algorithms, store, database, repositories, accountId, clock, ids } = options;

  app.post<{ Body: AlgorithmRequest }>(
    '/algorithms',
    { config: { permission: 'trade' }, schema: { body: algorithmRequestSchema } },
    async (request, reply) => {
      const body = request.body;
      const { symbol, parameters } = await parametersOfRequest(body, clock.now(), repositories);
      const parent = await algorithms.submit({
        id: ids.uuid(),
        accountId,
        strategyId: body.strategyId ?? 'manual',
        symbol,
        side: body.side,
        quantity: body.quantity,
        parameters,
      });
      return reply.code(201).send(algorithms.view(parent));
    },
  );

  app.get<{ Querystring: { limit: number } }>(
    '/algorithms',
    { config: { permission: 'read' }, schema: { querystring: limitQuery } },
    async (request) => {
      const stored = await store.listParents(accountId, request.query.limit);
      return stored.map((record) => {
        const live = algorithms.parent(record.spec.id);
        if (live) return algorithms.view(live);
        return {
          id: record.spec.id,
          symbol: record.spec.symbol,
          side: record.spec.side,
          quantity: record.spec.quantity,
          algorithm: record.spec.parameters.kind,
          status: record.status,
          statusReason: record.statusReason,
        };
      });
    },
  );

  app.get<{ Params: { id: string } }>(
    '/algorithms/:id',
    { config: { permission: 'read' }, schema: { params: idParams } },
    async (request) => {
      const [parent] = await database.query<Record<string, unknown>>(
        `SELECT id, symbol, side, quantity, algorithm, parameters, status, status_reason, created_at, updated_at,
                arrival_bid, arrival_ask FROM algorithm_parent_orders WHERE id = $1 AND account_id = $2`,
        [request.params.id, accountId],
      );
      if (!parent) throw new AtsError('NOT_FOUND', `parent order ${request.params.id} does not exist`);
      const children = await database.query<Record<string, unknown>>(
        `SELECT c.sequence, c.order_id, c.quantity, c.venue, c.route_reason, c.decided_at, c.submitted_at,
                c.acknowledged_at, c.first_fill_at, c.last_fill_at, o.status, o.filled_quantity, o.avg_fill_price
           FROM algorithm_child_orders c LEFT JOIN orders o ON o.id = c.order_id
          WHERE c.parent_id = $1 ORDER BY c.sequence`,
        [request.params.id],
      );
      const live = algorithms.parent(request.params.id);
      return { ...parent, live: live ? algorithms.view(live) : null, children };
    },
  );

  for (const action of ['pause', 'resume', 'cancel'] as const) {
    app.post<{ Params: { id: string } }>(
      `/algorithms/:id/${action}`,
      { config: { permission: 'trade' }, schema: { params: idParams } },
      async (request) => {
        const id = request.params.id;
        if (!algorithms.parent(id)) throw new AtsError('NOT_FOUND', `parent order ${id} is not active here`);
        try {
          const parent =
            action === 'pause'
              ? algorithms.pause(id)
              : action === 'resume'
                ? algorithms.resume(id)
                : algorithms.cancel(id);
          return algorithms.view(parent);
        } catch (error) {
          // An illegal transition (resume a working parent, cancel a completed one) is the caller's.
          throw new AtsError('CONFLICT', (error as Error).message);
        }
      },
    );
  }

  app.get<{ Params: { symbol: string } }>(
    '/algorithms/volume-profile/:symbol',
    {
      config: { permission: 'read' },
      schema: {
        params: {
          type: 'object',
          properties: { symbol: { type: 'string', pattern: '^[A-Z][A-Z0-9.\\-/]{0,9}$' } },
          required: ['symbol'],
          additionalProperties: false,
        },
      },
    },
    async (request) => {
      const symbol = toSymbol(request.params.symbol);
      try {
        return await storedVolumeProfile(repositories, symbol, clock.now());
      } catch (error) {
        if (error instanceof InvalidInputError) throw new AtsError('NOT_FOUND', error.message);
        throw error;
      }
    },
  );
}

const tcaQuery = {
  type: 'object',
  properties: {
    by: { type: 'string', enum: [...tcaGroupings], default: 'parent' },
    limit: { type: 'integer', minimum: 1, maximum: 10_000, default: 100 },
  },
  additionalProperties: false,
} as const;

/** Transaction cost analysis: compute (stored in tca_results), read by grouping, and the HTML report. */
export function registerTcaRoutes(app: FastifyInstance, options: AlgorithmRoutesOptions): void {
  const { database, accountId, clock } = options;
  const computer = new TcaComputer(database, accountId);
  app.post('/tca/compute', { config: { permission: 'trade' } }, async () => ({
    computed: await computer.computeAll(clock.now()),
  }));
  app.get<{ Querystring: { by: TcaGrouping; limit: number } }>(
    '/tca',
    { config: { permission: 'read' }, schema: { querystring: tcaQuery } },
    async (request) => computer.report(request.query.by, request.query.limit),
  );
  app.get<{ Querystring: { limit: number } }>(
    '/tca/report',
    { config: { permission: 'read' }, schema: { querystring: limitQuery } },
    async (request, reply) => {
      await computer.computeAll(clock.now());
      const rows = await computer.report('parent', request.query.limit);
      const orders = await computer.report('order', request.query.limit);
      const charts = await chartSeriesOf(database, rows);
      return reply
        .type('text/html; charset=utf-8')
        .send(tcaHtmlReport([...rows, ...orders], charts, `Transaction cost analysis, account ${accountId}`));
    },
  );
}

/** Each parent's market (stored quotes' mids) and fills over its life, for the report's charts. */
async function chartSeriesOf(
  database: Database,
  rows: readonly Record<string, unknown>[],
): Promise<ChartSeries[]> {
  const series: ChartSeries[] = [];
  for (const row of rows) {
    const id = String(row.subject_id);
    const fills = await database.query<{
      executed_price: string;
      quantity: number;
      executed_at: Date | string;
    }>(
      `SELECT t.executed_price, t.quantity, t.executed_at FROM trades t
         JOIN algorithm_child_orders c ON c.order_id = t.order_id WHERE c.parent_id = $1 ORDER BY t.executed_at`,
      [id],
    );
    const from = new Date(row.decided_at as string).getTime();
    const last = fills.length > 0 ? new Date(fills[fills.length - 1]?.executed_at as string).getTime() : from;
    const market = await database.query<{
      timestamp: Date | string;
      bid: string | null;
      ask: string | null;
      price: string;
    }>(
      `SELECT timestamp, bid, ask, price FROM market_quotes WHERE symbol = $1 AND timestamp >= $2 AND timestamp <= $3
        ORDER BY timestamp LIMIT 2000`,
      [
        row.symbol,
        new Date(from - 60_000).toISOString(),
        new Date(Math.max(last, from) + 60_000).toISOString(),
      ],
    );
    series.push({
      parentId: id,
      title: `${row.algorithm} ${row.side} ${row.quantity} ${row.symbol} (${id})`,
      market: market.map((quote) => ({
        at: new Date(quote.timestamp).getTime(),
        price:
          quote.bid !== null && quote.ask !== null
            ? (Number(quote.bid) + Number(quote.ask)) / 2
            : Number(quote.price),
      })),
      fills: fills.map((fill) => ({
        at: new Date(fill.executed_at).getTime(),
        price: Number(fill.executed_price),
        quantity: Number(fill.quantity),
      })),
      arrival: row.arrival_price === null ? null : Number(row.arrival_price),
    });
  }
  return series;
}
