// The one-process node's HTTP app over in-memory PGlite and a stopped market, with each route's schema, for edge tests.
import { NyseCalendar } from '@ats/calendar';
import { IdGenerator, Money, SeededRandom, TestClock, toAccountId } from '@ats/core';
import { InProcessMessageBus, PaperExecutionClient, TradingKernel } from '@ats/engine';
import {
  createRepositories,
  openDatabase,
  SqlBacktestRunRepository,
  SqlJobRepository,
} from '@ats/persistence';
import { type JobHandler, JobScheduler } from '@ats/scheduler';
import type { FastifyInstance, FastifySchema } from 'fastify';
import { BacktestingModule } from '../backtesting/backtesting-module.js';
import { loadConfig } from '../config/load-config.js';
import { DataCollectorModule } from '../data-collector/data-collector-module.js';
import { buildCombinedApp } from '../http/build-http-app.js';
import type { RequestErrorLog } from '../http/request-error-handler.js';
import type { ServiceModule } from '../http/service-module.js';
import { createLogger } from '../logging/create-logger.js';
import { PrometheusMetrics } from '../metrics/prometheus-metrics.js';
import { strategyRecordsOf } from '../node/one-process-node.js';
import { RiskManagerModule } from '../risk-manager/risk-manager-module.js';
import { builtInJobs } from '../scheduler/built-in-jobs.js';
import { defaultJobs } from '../scheduler/default-jobs.js';
import { SchedulerModule } from '../scheduler/scheduler-module.js';
import { schedulerSafetyOf } from '../scheduler/scheduler-safety.js';
import { StrategyEngineModule } from '../strategy-engine/strategy-engine-module.js';
import { TradeExecutorModule } from '../trade-executor/trade-executor-module.js';
import { commissionOf, instrumentsOf, riskLimitsOf } from '../wiring/config-mapping.js';

/** A registered route: method, full URL (with its /api/<service> prefix) and its JSON schema. */
export interface RegisteredRoute {
  readonly method: string;
  readonly url: string;
  readonly schema: FastifySchema;
}

export interface CombinedAppFixture {
  readonly app: FastifyInstance;
  readonly routes: readonly RegisteredRoute[];
  /** Every 500's detail, as the log would get it. */
  readonly internalErrors: Record<string, unknown>[];
  close(): Promise<void>;
}

/** Records each route a module registers, with its prefix, through the scope's onRoute hook. */
function recording(module: ServiceModule, routes: RegisteredRoute[]): ServiceModule {
  return {
    name: module.name,
    metrics: module.metrics,
    health: () => module.health(),
    routes: async (scope) => {
      scope.addHook('onRoute', (options) => {
        for (const method of [options.method].flat()) {
          if (method === 'HEAD') continue;
          routes.push({ method, url: options.url, schema: options.schema ?? {} });
        }
      });
      await module.routes(scope);
    },
  };
}

/**
 * Builds the same six service modules the one-process node serves, on one combined app, without a
 * listener, a running market or timers: requests go through `inject`. Job handlers are the built-in
 * kinds with empty bodies and backtests a stub runner, so a fuzzed request that passes every check
 * does no heavy work.
 */
export async function buildCombinedAppFixture(): Promise<CombinedAppFixture> {
  const config = loadConfig({ directory: '/nonexistent-ats-config', env: {} });
  const database = await openDatabase({});
  const repositories = createRepositories(database);
  const accountId = toAccountId(config.account.id);
  const clock = new TestClock(Date.parse('2026-01-05T15:00:00Z'));
  const ids = new IdGenerator(new SeededRandom(7));
  const bus = new InProcessMessageBus(() => {});
  const metrics = new PrometheusMetrics('fuzz', false);
  const instruments = instrumentsOf(config);
  const symbols = instruments.map((instrument) => instrument.symbol);
  const records = strategyRecordsOf(config);
  const kernel = new TradingKernel({
    bus,
    clock,
    ids,
    accountId,
    startingCash: Money.of(config.account.starting_cash, 'account.starting_cash'),
    instruments,
    limits: riskLimitsOf(config),
    strategies: [],
    executionClient: new PaperExecutionClient({ clock, ids, commission: commissionOf(config) }),
  });
  const calendar = new NyseCalendar();
  const jobRepository = new SqlJobRepository(database);
  for (const job of defaultJobs) await jobRepository.saveJob(job);
  const kinds = builtInJobs({
    bus,
    ids,
    calendar,
    clock,
    repositories,
    database,
    accountId,
    symbols,
    backupDirectory: '/nonexistent-ats-backups',
    log: () => {},
  });
  const handlers: Record<string, JobHandler> = Object.fromEntries(
    Object.keys(kinds).map((kind) => [kind, async () => {}]),
  );
  const logger = createLogger({ level: 'silent', service: 'fuzz' });
  const scheduler = new JobScheduler({
    clock,
    repository: jobRepository,
    calendar,
    random: new SeededRandom(3),
    instance: 'fuzz',
    handlers,
    subscribe: (topic, handler) => {
      const subscription = bus.subscribe(topic, handler);
      return () => void subscription.unsubscribe();
    },
    ...schedulerSafetyOf({ config, bus, ids, clock, logger }),
  });
  await scheduler.start();
  const modules: ServiceModule[] = [
    new DataCollectorModule({
      data: kernel.data,
      symbols,
      repository: repositories.marketData,
      metrics,
      lastMessageAt: () => null,
      staleAfterMilliseconds: 10_000,
      now: () => clock.now(),
    }),
    new StrategyEngineModule({
      runtime: kernel.strategies,
      strategies: records,
      signals: repositories.signals,
      metrics,
      portfolio: kernel.portfolio,
    }),
    new RiskManagerModule({
      risk: kernel.risk,
      limits: riskLimitsOf(config),
      assessments: repositories.signals,
      metrics,
    }),
    new TradeExecutorModule({
      execution: kernel.execution,
      orders: repositories.orders,
      trades: repositories.trades,
      positions: repositories.portfolio,
      accountId,
      metrics,
      portfolio: kernel.portfolio,
    }),
  ];
  modules.push(
    new SchedulerModule({
      scheduler,
      repository: jobRepository,
      calendar,
      metrics,
      now: () => clock.now(),
      servicesHealth: async () => ({}),
    }),
    new BacktestingModule({
      runs: new SqlBacktestRunRepository(database),
      marketData: repositories.marketData,
      metrics,
      onError: () => {},
      runInWorker: async () => {
        throw new Error('backtests do not run in the edge fixture');
      },
    }),
  );
  const routes: RegisteredRoute[] = [
    { method: 'GET', url: '/health', schema: {} },
    { method: 'GET', url: '/metrics', schema: {} },
  ];
  for (const module of modules) {
    routes.push(
      { method: 'GET', url: `/api/${module.name}/health`, schema: {} },
      { method: 'GET', url: `/api/${module.name}/metrics`, schema: {} },
    );
  }
  const internalErrors: Record<string, unknown>[] = [];
  const log: RequestErrorLog = { error: (fields) => void internalErrors.push(fields) };
  const app = await buildCombinedApp(
    modules.map((module) => recording(module, routes)),
    metrics,
    { log },
  );
  await app.ready();
  return {
    app,
    routes,
    internalErrors,
    async close() {
      await scheduler.stop();
      await app.close();
      await database.close();
    },
  };
}
