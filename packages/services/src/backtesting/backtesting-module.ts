// The Backtesting Engine over HTTP: submit a run, follow its progress, list runs, fetch results and reports.

import { randomUUID } from 'node:crypto';
import {
  type BacktestFile,
  bundledBarsBetween,
  bundledDataFile,
  runBacktestInWorker,
  type SerializedSeries,
  serializeRules,
  serializeSeries,
} from '@ats/backtest';
import {
  AtsError,
  type BacktestRunRepository,
  InvalidInputError,
  type MarketDataRepository,
  toSymbol,
} from '@ats/core';
import { strategyFactoryOf, strategyRegistry } from '@ats/strategies';
import type { FastifyInstance } from 'fastify';
import { requireOrdered } from '../http/ordered-range.js';
import {
  calendarDateSchema,
  identifierSchema,
  inheritedNames,
  limitSchema,
  symbolSchema,
} from '../http/schema-parts.js';
import type { ServiceHealth, ServiceModule } from '../http/service-module.js';
import type { PrometheusMetrics } from '../metrics/prometheus-metrics.js';
import { BacktestQueue } from './backtest-queue.js';

export interface BacktestingModuleOptions {
  readonly runs: BacktestRunRepository;
  readonly marketData: MarketDataRepository;
  readonly metrics: PrometheusMetrics;
  readonly onError: (error: unknown) => void;
  /** Bounds the runs (default: one at a time, 20 waiting); `backtestQueueOf(config)` builds it. */
  readonly queue?: BacktestQueue;
  /** Runs one job (a worker thread); replaced in tests. */
  readonly runInWorker?: typeof runBacktestInWorker;
}

/** What a run reads: bars loaded from the database, or bundled files its worker parses. */
interface RunInputs {
  readonly series: SerializedSeries[];
  readonly files: BacktestFile[];
}

interface RunRequest {
  strategy: string;
  symbols: string[];
  parameters?: Record<string, number>;
  from?: string;
  to?: string;
  cash?: string;
  commissionBps?: number;
  slippageBps?: number;
  fill?: 'next-open' | 'close';
  /** 'bundled' daily files shipped with ATS (default) or the market_ohlcv table ('database', 1d bars). */
  source?: 'bundled' | 'database';
}

/** Commission and slippage above 10% of notional are not a cost model but a typo (1e308 was once accepted). */
const maximumBasisPoints = 1_000;

const runSchema = {
  type: 'object',
  required: ['strategy', 'symbols'],
  additionalProperties: false,
  properties: {
    strategy: { ...identifierSchema(64), examples: ['sma-cross'] },
    symbols: {
      type: 'array',
      minItems: 1,
      maxItems: 100,
      items: symbolSchema,
      examples: [['ORCL'], ['NVDA', 'YHOO']],
    },
    parameters: {
      type: 'object',
      maxProperties: 20,
      propertyNames: { pattern: '^[A-Za-z][A-Za-z0-9_-]{0,63}$', not: { enum: inheritedNames } },
      additionalProperties: { type: 'number', minimum: -1_000_000_000, maximum: 1_000_000_000 },
      examples: [{ fast: 10, slow: 30 }, {}],
    },
    from: { ...calendarDateSchema, examples: ['2003-01-01'] },
    to: { ...calendarDateSchema, examples: ['2005-12-31'] },
    // Positive, at most 12 integer digits and 4 decimals (the ledger's fixed-point range).
    cash: { type: 'string', pattern: '^(?!0+(\\.0+)?$)\\d{1,12}(\\.\\d{1,4})?$' },
    commissionBps: { type: 'number', minimum: 0, maximum: maximumBasisPoints },
    slippageBps: { type: 'number', minimum: 0, maximum: maximumBasisPoints },
    fill: { type: 'string', enum: ['next-open', 'close'] },
    source: { type: 'string', enum: ['bundled', 'database'] },
  },
} as const;

const idParams = {
  type: 'object',
  properties: { id: { type: 'string', format: 'uuid' } },
  required: ['id'],
} as const;

export class BacktestingModule implements ServiceModule {
  readonly name = 'backtesting' as const;
  readonly metrics: PrometheusMetrics;
  private readonly queue: BacktestQueue;

  constructor(private readonly options: BacktestingModuleOptions) {
    this.metrics = options.metrics;
    this.queue = options.queue ?? new BacktestQueue({ concurrency: 1, maxQueueLength: 20 });
  }

  health(): ServiceHealth {
    return { status: 'up', detail: { running: this.queue.active, queued: this.queue.queued } };
  }

  private async loadInputs(request: RunRequest): Promise<RunInputs> {
    const inputs: RunInputs = { series: [], files: [] };
    for (const text of request.symbols) {
      const symbol = toSymbol(text);
      if (request.source === 'database') {
        const from = request.from ? Date.parse(`${request.from}T00:00:00Z`) : 0;
        const to = request.to ? Date.parse(`${request.to}T23:59:59Z`) : Date.now();
        const stored = await this.options.marketData.loadBars(symbol, '1d', from, to);
        if (stored.length === 0)
          throw new InvalidInputError('body.symbols', `no 1d bars of ${symbol} in market_ohlcv`, symbol);
        inputs.series.push(serializeSeries(symbol, stored));
      } else {
        const file = bundledDataFile(symbol);
        if (!file)
          throw new InvalidInputError(
            'body.symbols',
            `no bundled data for ${symbol}; use source "database"`,
            symbol,
          );
        if ((await bundledBarsBetween(file, request.from, request.to)) === 0)
          throw new InvalidInputError(
            request.from !== undefined ? 'body.from' : 'body.to',
            `no bundled bars of ${symbol} between ${request.from ?? 'the start'} and ${request.to ?? 'the end'}`,
            symbol,
          );
        // Parsed on the run's worker thread, never on the main thread that serves quotes.
        inputs.files.push({
          symbol,
          path: file,
          ...(request.from ? { from: request.from } : {}),
          ...(request.to ? { to: request.to } : {}),
        });
      }
    }
    return inputs;
  }

  private async execute(id: string, request: RunRequest, inputs: RunInputs): Promise<void> {
    const { runs } = this.options;
    const run = this.options.runInWorker ?? runBacktestInWorker;
    try {
      await runs.updateProgress(id, 'running', 0);
      let writing = Promise.resolve();
      const { result, report } = await run(
        {
          strategyKind: request.strategy,
          parameters: request.parameters ?? {},
          series: inputs.series,
          files: inputs.files,
          startingCash: request.cash ?? '100000',
          rules: serializeRules({
            marketFill: request.fill ?? 'next-open',
            slippage: request.slippageBps
              ? { kind: 'fixed-basis-points', basisPoints: request.slippageBps }
              : { kind: 'none' },
            commission: { kind: 'basis-points', basisPoints: request.commissionBps ?? 0 },
          }),
        },
        (done) => {
          writing = writing.then(() => runs.updateProgress(id, 'running', done)).catch(this.options.onError);
        },
      );
      await writing;
      await runs.finish(id, { status: 'succeeded', result: { result, report }, error: null, at: Date.now() });
    } catch (error) {
      await runs
        .finish(id, { status: 'failed', result: null, error: (error as Error).message, at: Date.now() })
        .catch(this.options.onError);
    }
  }

  routes(app: FastifyInstance): void {
    const { runs } = this.options;
    app.post<{ Body: RunRequest }>(
      '/runs',
      { config: { permission: 'backtest' }, schema: { body: runSchema } },
      async (request, reply) => {
        const body = request.body;
        // Own properties only: 'constructor' or 'toString' must not reach a factory lookup.
        const factory = strategyFactoryOf(body.strategy);
        if (!factory)
          throw new InvalidInputError(
            'body.strategy',
            `'${body.strategy}' is not one of ${Object.keys(strategyRegistry).join(', ')}`,
            body.strategy,
          );
        try {
          factory('check', [], body.parameters ?? {});
        } catch (error) {
          if (error instanceof InvalidInputError) throw error;
          throw new InvalidInputError('body.parameters', (error as Error).message);
        }
        if (body.from !== undefined && body.to !== undefined)
          requireOrdered('body.from', body.from, 'body.to', body.to);
        // A full queue answers 429 before anything is loaded or stored.
        const place = this.queue.reserve();
        const id = randomUUID();
        try {
          const inputs = await this.loadInputs(body);
          await runs.create(id, body as unknown as Record<string, unknown>, Date.now());
          place.submit(() => this.execute(id, body, inputs));
        } catch (error) {
          place.cancel();
          throw error;
        }
        return reply.code(202).send({
          id,
          status: 'queued',
          links: { self: `runs/${id}`, result: `runs/${id}/result`, report: `runs/${id}/report` },
        });
      },
    );
    app.get<{ Querystring: { limit: number } }>(
      '/runs',
      {
        config: { permission: 'read' },
        schema: {
          querystring: {
            type: 'object',
            properties: { limit: limitSchema(1_000, 50) },
            additionalProperties: false,
          },
        },
      },
      async (request) => runs.list(request.query.limit),
    );
    app.get<{ Params: { id: string } }>(
      '/runs/:id',
      { config: { permission: 'read' }, schema: { params: idParams } },
      async (request) => {
        const run = await runs.find(request.params.id);
        if (!run) throw new AtsError('NOT_FOUND', `backtest run ${request.params.id} does not exist`);
        return run;
      },
    );
    const finished = async (id: string) => {
      const run = await runs.find(id);
      if (!run) throw new AtsError('NOT_FOUND', `backtest run ${id} does not exist`);
      if (run.status !== 'succeeded')
        throw new AtsError(
          'CONFLICT',
          `backtest run ${id} is ${run.status}${run.error ? `: ${run.error}` : ''}`,
        );
      return (await runs.result(id)) as { result: unknown; report: string };
    };
    app.get<{ Params: { id: string } }>(
      '/runs/:id/result',
      { config: { permission: 'read' }, schema: { params: idParams } },
      async (request) => (await finished(request.params.id)).result,
    );
    app.get<{ Params: { id: string } }>(
      '/runs/:id/report',
      { config: { permission: 'read' }, schema: { params: idParams } },
      async (request, reply) =>
        reply.type('text/html; charset=utf-8').send((await finished(request.params.id)).report),
    );
  }
}
