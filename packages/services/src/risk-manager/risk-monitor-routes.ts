// The Risk Manager's risk-model routes: GET /risk/monitor (live figures and alarms), /risk/var (VaR and
// expected shortfall by every method), /risk/stress (stress tests), /risk/var/backtest (stored history).

import type { RiskMonitor } from '@ats/analytics';
import type { Instrument, MarketDataRepository } from '@ats/core';
import type { SqlRiskHistoryStore } from '@ats/persistence';
import type { FastifyInstance } from 'fastify';
import { storedVarBacktest, stressReport, varReport } from './risk-reports.js';

export interface RiskMonitorRoutesOptions {
  readonly monitor: RiskMonitor;
  readonly instruments: readonly Instrument[];
  readonly marketData: MarketDataRepository;
  readonly history: SqlRiskHistoryStore;
  readonly accountId: string;
  readonly confidence: number;
  readonly samplesPerDay: number;
  readonly benchmark?: string;
}

const varQuery = {
  type: 'object',
  properties: {
    confidence: { type: 'number', exclusiveMinimum: 0.5, exclusiveMaximum: 1 },
    horizon_days: { type: 'integer', minimum: 1, maximum: 250, default: 1 },
  },
  additionalProperties: false,
} as const;

const backtestQuery = {
  type: 'object',
  properties: {
    method: { type: 'string', enum: ['parametric'], default: 'parametric' },
    limit: { type: 'integer', minimum: 1, maximum: 10_000, default: 1000 },
  },
  additionalProperties: false,
} as const;

export function registerRiskMonitorRoutes(app: FastifyInstance, options: RiskMonitorRoutesOptions): void {
  const { monitor } = options;
  app.get('/risk/monitor', { config: { permission: 'read' } }, async () => {
    const figures = monitor.risk.figures();
    const held = monitor.heldSymbols();
    const correlations: Record<string, number | null> = {};
    for (let i = 0; i < held.length; i++)
      for (let j = i + 1; j < held.length; j++)
        correlations[`${held[i]}/${held[j]}`] = monitor.daily.correlationOf(held[i]!, held[j]!);
    const volatility: Record<string, number | null> = {};
    for (const symbol of held) volatility[symbol] = monitor.daily.volatilityOf(symbol);
    return {
      ...figures,
      benchmark: options.benchmark ?? null,
      lastSampleAt: monitor.sampleTime,
      dailyVolatility: volatility,
      correlations,
      alarms: monitor.alarmStates(),
    };
  });
  app.get<{ Querystring: { confidence?: number; horizon_days: number } }>(
    '/risk/var',
    { config: { permission: 'read' }, schema: { querystring: varQuery } },
    async (request) =>
      varReport(
        monitor,
        request.query.confidence ?? options.confidence,
        request.query.horizon_days,
        options.samplesPerDay,
      ),
  );
  app.get('/risk/stress', { config: { permission: 'read' } }, async () =>
    stressReport(monitor, options.instruments, options.marketData, options.confidence, options.benchmark),
  );
  app.get<{ Querystring: { method: string; limit: number } }>(
    '/risk/var/backtest',
    { config: { permission: 'read' }, schema: { querystring: backtestQuery } },
    async (request) =>
      storedVarBacktest(options.history, options.accountId, request.query.method, request.query.limit),
  );
}
