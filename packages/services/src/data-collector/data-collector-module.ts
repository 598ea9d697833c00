// The Data Collector service: ingestion statistics, latest quotes and stored quotes and bars over HTTP.
import { type MarketDataRepository, type Ticker, toSymbol } from '@ats/core';
import type { DataEngine } from '@ats/engine';
import type { StoredRejection } from '@ats/persistence';
import type { FastifyInstance } from 'fastify';
import { instantOf, requireOrdered } from '../http/ordered-range.js';
import { type SymbolLimitQuery, symbolLimitQuery } from '../http/query-schemas.js';
import { instantSchema, symbolSchema } from '../http/schema-parts.js';
import type { ServiceHealth, ServiceModule } from '../http/service-module.js';
import type { PrometheusMetrics } from '../metrics/prometheus-metrics.js';
import type { SymbolQuality } from './quality-tracker.js';

export interface DataCollectorModuleOptions {
  readonly data: DataEngine;
  readonly symbols: readonly Ticker[];
  readonly repository: MarketDataRepository;
  readonly metrics: PrometheusMetrics;
  /** Epoch ms of the last message from the feed, for the staleness check. */
  readonly lastMessageAt: () => number | null;
  /** How old the last message may be (in real ms) before health turns degraded. */
  readonly staleAfterMilliseconds: number;
  readonly now: () => number;
  /** Quality per symbol and provider (docs/market-data-quality.md). */
  readonly quality?: () => readonly SymbolQuality[];
  /** The newest rejected records, optionally of one symbol. */
  readonly rejections?: (limit: number, symbol?: string) => Promise<readonly StoredRejection[]>;
  /** The newest provider switches. */
  readonly failovers?: (limit: number) => Promise<readonly unknown[]>;
  /** The provider streaming now. */
  readonly provider?: () => string;
  /** Partitioned by symbol (data_collector.partition_by_symbol): this instance and its symbols now. */
  readonly partition?: { readonly instance: string; owned(): string[] };
}

export class DataCollectorModule implements ServiceModule {
  readonly name = 'data-collector' as const;
  readonly metrics: PrometheusMetrics;

  constructor(private readonly options: DataCollectorModuleOptions) {
    this.metrics = options.metrics;
  }

  health(): ServiceHealth {
    const last = this.options.lastMessageAt();
    const age = last === null ? null : this.options.now() - last;
    const stale = age === null || age > this.options.staleAfterMilliseconds;
    return {
      status: stale ? 'degraded' : 'up',
      detail: {
        quotesAccepted: this.options.data.quotesAccepted,
        quotesRejected: this.options.data.quotesRejected,
        lastMessageAgeMilliseconds: age,
        ...(this.options.provider ? { provider: this.options.provider() } : {}),
        ...(this.options.partition
          ? { instance: this.options.partition.instance, symbols: this.options.partition.owned() }
          : {}),
      },
    };
  }

  routes(app: FastifyInstance): void {
    const { data, repository, symbols } = this.options;
    app.get('/stats', { config: { permission: 'read' } }, async () => ({
      quotesAccepted: data.quotesAccepted,
      quotesRejected: data.quotesRejected,
      symbols,
    }));
    const { quality, rejections, failovers } = this.options;
    if (quality) app.get('/quality', { config: { permission: 'read' } }, async () => quality());
    if (rejections) {
      app.get<{ Querystring: { symbol?: string; limit?: number } }>(
        '/rejections',
        {
          config: { permission: 'read' },
          schema: {
            querystring: {
              type: 'object',
              properties: {
                symbol: symbolSchema,
                limit: { type: 'integer', minimum: 1, maximum: 1000, default: 100 },
              },
              additionalProperties: false,
            },
          },
        },
        async (request) => rejections(request.query.limit ?? 100, request.query.symbol),
      );
    }
    if (failovers) app.get('/failovers', { config: { permission: 'read' } }, async () => failovers(50));
    app.get('/quotes/latest', { config: { permission: 'read' } }, async () =>
      symbols.map((symbol) => data.lastQuote(symbol)).filter((quote) => quote !== undefined),
    );
    app.get<{ Querystring: SymbolLimitQuery }>(
      '/quotes',
      {
        config: { permission: 'read' },
        schema: { querystring: { ...symbolLimitQuery, required: ['symbol'] } },
      },
      async (request) =>
        repository.latestQuotes(toSymbol(request.query.symbol as string), request.query.limit),
    );
    app.get<{ Querystring: { symbol: string; from?: string; to?: string } }>(
      '/bars',
      {
        config: { permission: 'read' },
        schema: {
          querystring: {
            type: 'object',
            required: ['symbol'],
            properties: {
              symbol: symbolSchema,
              from: instantSchema,
              to: instantSchema,
            },
            additionalProperties: false,
          },
        },
      },
      async (request) => {
        const from = request.query.from ? instantOf('querystring.from', request.query.from) : 0;
        const to = request.query.to ? instantOf('querystring.to', request.query.to) : Number.MAX_SAFE_INTEGER;
        requireOrdered('querystring.from', from, 'querystring.to', to);
        return repository.loadBars(toSymbol(request.query.symbol), '1m', from, to);
      },
    );
  }
}
