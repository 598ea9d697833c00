// The Backtesting Engine over HTTP: submit a run, follow its progress, list runs, fetch results and reports.

import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import {
  bundledDataFile,
  parseYahooCsv,
  runBacktestInWorker,
  serializeRules,
  serializeSeries,
} from '@ats/backtest';
import {
  AtsError,
  type BacktestRunRepository,
  type Bar,
  type MarketDataRepository,
  toSymbol,
} from '@ats/core';
import { strategyRegistry } from '@ats/strategies';
import type { FastifyInstance } from 'fastify';
import type { ServiceHealth, ServiceModule } from '../http/service-module.js';
import type { PrometheusMetrics } from '../metrics/prometheus-metrics.js';

export interface BacktestingModuleOptions {
  readonly runs: BacktestRunRepository;
  readonly marketData: MarketDataRepository;
  readonly metrics: PrometheusMetrics;
  readonly onError: (error: unknown) => void;
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

const runSchema = {
  type: 'object',
  required: ['strategy', 'symbols'],
  additionalProperties: false,
  properties: {
    strategy: { type: 'string' },
    symbols: {
      type: 'array',
      minItems: 1,
      maxItems: 100,
      items: { type: 'string', pattern: '^[A-Z][A-Z0-9.\\-/]{0,9}$' },
    },
    parameters: { type: 'object', additionalProperties: { type: 'number' } },
    from: { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}$' },
    to: { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}$' },
    cash: { type: 'string', pattern: '^\\d+(\\.\\d+)?$' },
    commissionBps: { type: 'number', minimum: 0 },
    slippageBps: { type: 'number', minimum: 0 },
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
  private running = 0;

  constructor(private readonly options: BacktestingModuleOptions) {
    this.metrics = options.metrics;
  }

  health(): ServiceHealth {
    return { status: 'up', detail: { running: this.running } };
  }

  private async loadBars(request: RunRequest): Promise<Map<string, Bar[]>> {
    const bars = new Map<string, Bar[]>();
    for (const text of request.symbols) {
      const symbol = toSymbol(text);
      if (request.source === 'database') {
        const from = request.from ? Date.parse(`${request.from}T00:00:00Z`) : 0;
        const to = request.to ? Date.parse(`${request.to}T23:59:59Z`) : Date.now();
        const stored = await this.options.marketData.loadBars(symbol, '1d', from, to);
        if (stored.length === 0)
          throw new AtsError('INVALID_INPUT', `symbols: no 1d bars of ${symbol} in market_ohlcv`);
        bars.set(symbol, stored);
      } else {
        const file = bundledDataFile(symbol);
        if (!file)
          throw new AtsError(
            'INVALID_INPUT',
            `symbols: no bundled data for ${symbol}; use source "database"`,
          );
        bars.set(
          symbol,
          parseYahooCsv(readFileSync(file, 'utf8'), {
            symbol,
            ...(request.from ? { from: request.from } : {}),
            ...(request.to ? { to: request.to } : {}),
          }),
        );
      }
    }
    return bars;
  }

  private async execute(id: string, request: RunRequest, bars: Map<string, Bar[]>): Promise<void> {
    const { runs } = this.options;
    this.running++;
    try {
      await runs.updateProgress(id, 'running', 0);
      let writing = Promise.resolve();
      const { result, report } = await runBacktestInWorker(
        {
          strategyKind: request.strategy,
          parameters: request.parameters ?? {},
          series: [...bars].map(([symbol, series]) => serializeSeries(symbol, series)),
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
    } finally {
      this.running--;
    }
  }

  routes(app: FastifyInstance): void {
    const { runs } = this.options;
    app.post<{ Body: RunRequest }>('/runs', { schema: { body: runSchema } }, async (request, reply) => {
      const body = request.body;
      const factory = strategyRegistry[body.strategy];
      if (!factory)
        throw new AtsError(
          'INVALID_INPUT',
          `strategy: '${body.strategy}' is not one of ${Object.keys(strategyRegistry).join(', ')}`,
        );
      try {
        factory('check', [], body.parameters ?? {});
      } catch (error) {
        throw new AtsError('INVALID_INPUT', (error as Error).message);
      }
      const bars = await this.loadBars(body);
      const id = randomUUID();
      await runs.create(id, body as unknown as Record<string, unknown>, Date.now());
      void this.execute(id, body, bars);
      return reply.code(202).send({
        id,
        status: 'queued',
        links: { self: `runs/${id}`, result: `runs/${id}/result`, report: `runs/${id}/report` },
      });
    });
    app.get<{ Querystring: { limit: number } }>(
      '/runs',
      {
        schema: {
          querystring: {
            type: 'object',
            properties: { limit: { type: 'integer', minimum: 1, maximum: 1000, default: 50 } },
          },
        },
      },
      async (request) => runs.list(request.query.limit),
    );
    app.get<{ Params: { id: string } }>('/runs/:id', { schema: { params: idParams } }, async (request) => {
      const run = await runs.find(request.params.id);
      if (!run) throw new AtsError('NOT_FOUND', `backtest run ${request.params.id} does not exist`);
      return run;
    });
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
      { schema: { params: idParams } },
      async (request) => (await finished(request.params.id)).result,
    );
    app.get<{ Params: { id: string } }>(
      '/runs/:id/report',
      { schema: { params: idParams } },
      async (request, reply) =>
        reply.type('text/html; charset=utf-8').send((await finished(request.params.id)).report),
    );
  }
}
