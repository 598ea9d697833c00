// The Backtesting Engine over HTTP: submit a run, follow its progress, list runs, fetch results and reports.

import { randomUUID } from 'node:crypto';
import {
  type BacktestRequestInput,
  bundledBarsBetween,
  bundledDataFile,
  checkedStrategy,
  endOf,
  parseBacktestRequest,
  runBacktestInWorker,
  type SerializedSeries,
  serializeSeries,
  startOf,
  symbolsOf,
  timeframeOf,
} from '@ats/backtest';
import {
  AtsError,
  type BacktestRunRepository,
  InvalidInputError,
  type MarketDataRepository,
} from '@ats/core';
import { strategyFactoryOf, strategyRegistry } from '@ats/strategies';
import type { FastifyInstance } from 'fastify';
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
import type { DistributedBacktestQueue } from './distributed-backtest-queue.js';

export interface BacktestingModuleOptions {
  readonly runs: BacktestRunRepository;
  /** Where the GET routes read runs (the read replica's); default: `runs`. */
  readonly readRuns?: BacktestRunRepository;
  readonly marketData: MarketDataRepository;
  readonly metrics: PrometheusMetrics;
  readonly onError: (error: unknown) => void;
  /** Bounds the runs (default: one at a time, 20 waiting); `backtestQueueOf(config)` builds it. */
  readonly queue?: BacktestQueue;
  /** Runs one job (a worker thread); replaced in tests. */
  readonly runInWorker?: typeof runBacktestInWorker;
  /**
   * Plug-in strategies the operator configured (`strategies[].kind` a file or package), by the
   * configured strategy's id. A request names one by that id, never by a path: a client with the
   * backtest permission must not make the server load code of its choosing.
   */
  readonly plugins?: ReadonlyMap<string, string>;
  /**
   * The BullMQ queue (`backtesting.distributed.enabled`): runs go to `ats backtest-worker` processes
   * instead of this process's worker threads (and `queue` does not bound them).
   */
  readonly distributed?: DistributedBacktestQueue;
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
  /** 'bundled' files shipped with ATS (default) or the market_ohlcv table ('database'). */
  source?: 'bundled' | 'database';
  /** What the source holds: bars (default), quotes or trade ticks (aggregated into bars of `timeframe`). */
  records?: 'bars' | 'quotes' | 'ticks';
  timeframe?: string;
  participation?: number;
  account?: 'cash' | 'margin';
  adjust?: boolean;
  equityResolution?: string;
}

/** The request of the one backtest builder (its zod schema decides) that a REST body stands for. */
function builderRequestOf(body: RunRequest): BacktestRequestInput {
  const { source, records, ...rest } = body;
  return {
    ...rest,
    data: { kind: source === 'database' ? 'database' : 'bundled', records: records ?? 'bars' },
  };
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
    records: { type: 'string', enum: ['bars', 'quotes', 'ticks'] },
    timeframe: { type: 'string', pattern: '^[1-9][0-9]{0,5}(s|m|h|d|w|mo)$', examples: ['1d', '1m', '5s'] },
    participation: { type: 'number', minimum: 0.0001, maximum: 1 },
    account: { type: 'string', enum: ['cash', 'margin'] },
    adjust: { type: 'boolean' },
    equityResolution: { type: 'string', pattern: '^[1-9][0-9]{0,5}(s|m|h|d|w|mo)$' },
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

  async health(): Promise<ServiceHealth> {
    if (this.options.distributed) {
      const jobs = await this.options.distributed.counts().catch(() => null);
      return jobs
        ? { status: 'up', detail: { distributed: true, jobs } }
        : { status: 'degraded', detail: { distributed: true, error: 'the backtest queue does not answer' } };
    }
    return { status: 'up', detail: { running: this.queue.active, queued: this.queue.queued } };
  }

  /**
   * The builder's request for a run: bars of the store are loaded here (the worker has no connection) and
   * travel as columns; bundled files go to the worker to read and parse, after a cheap check that the
   * range holds bars, so a range with no data is refused before a run is queued.
   */
  private async jobRequestOf(body: RunRequest): Promise<BacktestRequestInput> {
    const request = parseBacktestRequest(builderRequestOf(body), 'body.');
    const symbols = symbolsOf(request);
    if (request.data.kind === 'database') {
      if (request.data.records !== 'bars')
        throw new InvalidInputError('body.records', 'the store serves bars (market_ohlcv) to backtests');
      const timeframe = timeframeOf(request);
      const from = request.from ? startOf(request.from) : 0;
      const to = request.to ? endOf(request.to) : Date.now();
      const series: SerializedSeries[] = [];
      for (const symbol of symbols) {
        const stored = await this.options.marketData.loadBars(symbol, timeframe, from, to);
        if (stored.length === 0)
          throw new InvalidInputError(
            'body.symbols',
            `no ${timeframe} bars of ${symbol} in market_ohlcv`,
            symbol,
          );
        series.push(serializeSeries(symbol, stored));
      }
      return { ...builderRequestOf(body), data: { kind: 'series', series } };
    }
    for (const symbol of symbols) {
      const file = body.records === undefined || body.records === 'bars' ? bundledDataFile(symbol) : null;
      if (!file) {
        if (symbol === 'SPY') continue; // the bundled intraday day: its worker reads it
        throw new InvalidInputError(
          'body.symbols',
          `no bundled data for ${symbol}; use source "database"`,
          symbol,
        );
      }
      if ((await bundledBarsBetween(file, request.from?.slice(0, 10), request.to?.slice(0, 10))) === 0)
        throw new InvalidInputError(
          request.from !== undefined ? 'body.from' : 'body.to',
          `no bundled bars of ${symbol} between ${request.from ?? 'the start'} and ${request.to ?? 'the end'}`,
          symbol,
        );
    }
    return builderRequestOf(body);
  }

  private async execute(id: string, request: BacktestRequestInput): Promise<void> {
    const { runs } = this.options;
    const run = this.options.runInWorker ?? runBacktestInWorker;
    try {
      await runs.updateProgress(id, 'running', 0);
      let writing = Promise.resolve();
      const { result, report } = await run({ request }, (done) => {
        writing = writing.then(() => runs.updateProgress(id, 'running', done)).catch(this.options.onError);
      });
      await writing;
      await runs.finish(id, { status: 'succeeded', result: { result, report }, error: null, at: Date.now() });
    } catch (error) {
      await runs
        .finish(id, { status: 'failed', result: null, error: (error as Error).message, at: Date.now() })
        .catch(this.options.onError);
    }
  }

  /** Stores the run, then queues it for the workers; a run that cannot be queued is marked failed. */
  private async enqueue(body: RunRequest, submitted: RunRequest) {
    const distributed = this.options.distributed as DistributedBacktestQueue;
    const job = await this.jobRequestOf(body);
    const id = randomUUID();
    await this.options.runs.create(id, submitted as unknown as Record<string, unknown>, Date.now());
    try {
      await distributed.enqueueRun(id, job);
    } catch (error) {
      await this.options.runs
        .finish(id, { status: 'failed', result: null, error: (error as Error).message, at: Date.now() })
        .catch(this.options.onError);
      throw new AtsError(
        'BUS_UNAVAILABLE',
        `backtest run ${id} could not be queued: ${(error as Error).message}`,
      );
    }
    return {
      id,
      status: 'queued',
      links: { self: `runs/${id}`, result: `runs/${id}/result`, report: `runs/${id}/report` },
    };
  }

  /** A registered kind as it is, a configured plug-in's id as its file or package; anything else is refused. */
  private referenceOf(name: string): string {
    if (strategyFactoryOf(name)) return name;
    // Own entries only (a Map): 'constructor' is no plug-in.
    const reference = this.options.plugins?.get(name);
    if (reference !== undefined) return reference;
    throw new InvalidInputError(
      'body.strategy',
      `'${name}' is not one of ${[...Object.keys(strategyRegistry), ...(this.options.plugins?.keys() ?? [])].join(', ')}`,
      name,
    );
  }

  routes(app: FastifyInstance): void {
    const { runs } = this.options;
    const reads = this.options.readRuns ?? runs;
    app.post<{ Body: RunRequest }>(
      '/runs',
      { config: { permission: 'backtest' }, schema: { body: runSchema } },
      async (request, reply) => {
        // A configured plug-in is named by its strategy id and runs from the file the operator configured;
        // a client never names a path (it would make the server load code of its choosing).
        const body = { ...request.body, strategy: this.referenceOf(request.body.strategy) };
        // The one schema of the builder checks the request; the strategy and its parameters are built once
        // here so a bad one is refused before anything is queued.
        const checked = parseBacktestRequest(builderRequestOf(body), 'body.');
        try {
          await checkedStrategy(checked, symbolsOf(checked));
        } catch (error) {
          // The field named from the body's root, as every other refusal of this route.
          if (error instanceof InvalidInputError && !error.field.startsWith('body.'))
            throw new InvalidInputError(`body.${error.field}`, error.message.slice(error.field.length + 2));
          throw error;
        }
        if (this.options.distributed) return reply.code(202).send(await this.enqueue(body, request.body));
        // A full queue answers 429 before anything is loaded or stored.
        const place = this.queue.reserve();
        const id = randomUUID();
        try {
          const job = await this.jobRequestOf(body);
          await runs.create(id, request.body as unknown as Record<string, unknown>, Date.now());
          place.submit(() => this.execute(id, job));
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
      async (request) => reads.list(request.query.limit),
    );
    app.get<{ Params: { id: string } }>(
      '/runs/:id',
      { config: { permission: 'read' }, schema: { params: idParams } },
      async (request) => {
        const run = await reads.find(request.params.id);
        if (!run) throw new AtsError('NOT_FOUND', `backtest run ${request.params.id} does not exist`);
        return run;
      },
    );
    const finished = async (id: string) => {
      const run = await reads.find(id);
      if (!run) throw new AtsError('NOT_FOUND', `backtest run ${id} does not exist`);
      if (run.status !== 'succeeded')
        throw new AtsError(
          'CONFLICT',
          `backtest run ${id} is ${run.status}${run.error ? `: ${run.error}` : ''}`,
        );
      return (await reads.result(id)) as { result: unknown; report: string };
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
