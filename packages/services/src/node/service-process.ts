// One spec service in its own process (multi-process mode): Redis bus, shared PostgreSQL, its spec port.
import { performance } from 'node:perf_hooks';
import { NyseCalendar } from '@ats/calendar';
import {
  AtsError,
  IdGenerator,
  LiveClock,
  type MessageBus,
  Money,
  type Repositories,
  type Ticker,
  toAccountId,
  topics,
} from '@ats/core';
import {
  DataEngine,
  ExecutionEngine,
  PaperExecutionClient,
  Portfolio,
  PortfolioEngine,
  RiskEngine,
  StrategyRuntime,
} from '@ats/engine';
import {
  createRepositories,
  type Database,
  openDatabase,
  SqlBacktestRunRepository,
  SqlJobRepository,
} from '@ats/persistence';
import { RedisMessageBus, redisKeyPrefix } from '@ats/redis';
import { JobScheduler } from '@ats/scheduler';
import type { FastifyInstance } from 'fastify';
import { backtestQueueOf } from '../backtesting/backtest-queue.js';
import { BacktestingModule } from '../backtesting/backtesting-module.js';
import type { AtsConfig } from '../config/config-schema.js';
import { DataCollectorModule } from '../data-collector/data-collector-module.js';
import { buildServiceApp } from '../http/build-http-app.js';
import type { ServiceHealth, ServiceModule, ServiceName } from '../http/service-module.js';
import type { Logger } from '../logging/create-logger.js';
import { PrometheusMetrics } from '../metrics/prometheus-metrics.js';
import { RiskManagerModule } from '../risk-manager/risk-manager-module.js';
import { builtInJobs } from '../scheduler/built-in-jobs.js';
import { defaultJobs } from '../scheduler/default-jobs.js';
import { SchedulerModule } from '../scheduler/scheduler-module.js';
import { MarketTimeClock } from '../simulated-market/market-time-clock.js';
import { simulatedMarketOf } from '../simulated-market/simulated-market-of.js';
import { StrategyEngineModule } from '../strategy-engine/strategy-engine-module.js';
import { TradeExecutorModule } from '../trade-executor/trade-executor-module.js';
import { BufferedMarketDataSink } from '../wiring/buffered-market-data-sink.js';
import {
  backupDirectoryOf,
  commissionOf,
  databaseOptionsOf,
  databaseUrlOf,
  instrumentsOf,
  riskLimitsOf,
} from '../wiring/config-mapping.js';
import { CryptoRandom } from '../wiring/crypto-random.js';
import { PipelineRecorder } from '../wiring/pipeline-recorder.js';
import { RepositoryJournal } from '../wiring/repository-journal.js';
import { fillOfTrade } from '../wiring/stored-executions.js';
import { buildStrategies, strategyRecordsOf, warmUpStrategies } from './one-process-node.js';

/** The services the multi-process mode runs, in start order (stopped in reverse). */
export const distributedServices = [
  'trade-executor',
  'risk-manager',
  'strategy-engine',
  'scheduler',
  'backtesting',
  'data-collector',
] as const;
export type DistributedService = (typeof distributedServices)[number];

export interface RunningService {
  readonly name: ServiceName;
  readonly url: string;
  stop(): Promise<void>;
}

export function servicePort(config: AtsConfig, name: ServiceName): number {
  return config.services[name.replace('-', '_') as keyof AtsConfig['services']];
}

interface ServiceContext {
  readonly config: AtsConfig;
  readonly logger: Logger;
  readonly bus: MessageBus;
  readonly repositories: Repositories;
  readonly metrics: PrometheusMetrics;
  readonly ids: IdGenerator;
  readonly database: Database;
  readonly onError: (error: unknown) => void;
}

interface Built {
  readonly module: ServiceModule;
  /** Stops the service's own parts, most upstream first. */
  stop(): Promise<void>;
}

/** Market time for services downstream of the Data Collector: learned from the market data. */
function followMarketTime(bus: MessageBus, speed: number): MarketTimeClock {
  const clock = new MarketTimeClock(speed);
  bus.subscribe(topics.allMarketData, (event) => {
    if (event.type === 'QuoteReceived') clock.observe(event.quote.time);
  });
  return clock;
}

async function buildDataCollector(context: ServiceContext): Promise<Built> {
  const { config, bus, repositories, metrics, ids, logger, onError } = context;
  const instruments = instrumentsOf(config);
  const symbols = instruments.map((instrument) => instrument.symbol);
  const { clock, market } = await simulatedMarketOf(config, repositories);
  const sink = new BufferedMarketDataSink({
    repository: repositories.marketData,
    maxRows: 5_000,
    maxDelayMilliseconds: 250,
    onError,
  });
  const data = new DataEngine({
    instruments,
    clock,
    bus,
    ids,
    metrics,
    timer: performance,
    sink,
    validation: {
      maxClockSkewMilliseconds: config.market.max_clock_skew_ms,
      outlierFraction: config.market.outlier_fraction,
    },
    onRejected: (rejection) => logger.warn({ code: rejection.code, quote: rejection.raw }, rejection.reason),
  });
  const minuteTimer = setInterval(
    () => data.closeDueBars(clock.now()),
    Math.max(50, 60_000 / config.market.speed / 4),
  );
  await market.connect(symbols, (quote) => data.ingest(quote));
  return {
    module: new DataCollectorModule({
      data,
      symbols,
      repository: repositories.marketData,
      metrics,
      lastMessageAt: () => market.lastMessageAt(),
      staleAfterMilliseconds: 10_000,
      now: () => Date.now(),
    }),
    async stop() {
      await market.disconnect();
      clearInterval(minuteTimer);
      clock.clear();
      await sink.flush();
    },
  };
}

async function buildStrategyEngine(context: ServiceContext): Promise<Built> {
  const { config, bus, repositories, metrics, ids, logger, onError } = context;
  const records = strategyRecordsOf(config);
  for (const record of records) await repositories.strategies.saveStrategy(record);
  const clock = followMarketTime(bus, config.market.speed);
  const runtime = new StrategyRuntime({
    bus,
    clock,
    ids,
    metrics,
    timer: performance,
    group: 'strategy-engine',
    log: (strategyId, message, fields) => logger.info({ strategy: strategyId, ...fields }, message),
  });
  for (const strategy of buildStrategies(records)) runtime.add(strategy);
  // Each strategy's position comes back from the trades it made.
  const positions = new Map<string, number>();
  for (const trade of await repositories.trades.listTrades()) {
    const key = `${trade.strategyId}|${trade.symbol}`;
    positions.set(key, (positions.get(key) ?? 0) + (trade.side === 'BUY' ? trade.quantity : -trade.quantity));
  }
  for (const [key, net] of positions) {
    const [strategyId, symbol] = key.split('|') as [string, Ticker];
    runtime.restorePosition(strategyId, symbol, net);
  }
  const recorder = new PipelineRecorder({
    bus,
    repositories,
    record: { signals: true },
    group: 'strategy-engine-recorder',
    onError,
  });
  await warmUpStrategies(
    runtime,
    repositories,
    instrumentsOf(config).map((instrument) => instrument.symbol),
    Date.now(),
  );
  runtime.start();
  recorder.start();
  return {
    module: new StrategyEngineModule({
      runtime,
      strategies: records,
      signals: repositories.signals,
      metrics,
    }),
    async stop() {
      await runtime.stop();
      await recorder.stop();
    },
  };
}

/** A portfolio rebuilt from the trades table and kept current from trades.executed. */
async function restoredPortfolio(context: ServiceContext): Promise<Portfolio> {
  const { config, repositories } = context;
  const accountId = toAccountId(config.account.id);
  const account = await repositories.portfolio.ensureAccount(
    accountId,
    Money.of(config.account.starting_cash),
    Date.now(),
  );
  const portfolio = new Portfolio(accountId, account.startingCash);
  for (const trade of await repositories.trades.listTrades({ accountId }))
    portfolio.applyFill(fillOfTrade(trade));
  return portfolio;
}

async function buildRiskManager(context: ServiceContext): Promise<Built> {
  const { config, bus, repositories, metrics, ids, onError } = context;
  const clock = followMarketTime(bus, config.market.speed);
  const portfolio = await restoredPortfolio(context);
  const seen = new Set((await repositories.trades.listTrades()).map((trade) => trade.id as string));
  const mirror = new PortfolioEngine({
    portfolio,
    bus,
    clock,
    ids,
    group: 'risk-manager-portfolio',
    publishUpdates: false,
    seenTradeIds: seen,
  });
  const limits = riskLimitsOf(config);
  const risk = new RiskEngine({
    bus,
    clock,
    ids,
    portfolio,
    instruments: instrumentsOf(config),
    limits,
    accountId: config.account.id,
    metrics,
    timer: performance,
    group: 'risk-manager',
  });
  const recorder = new PipelineRecorder({
    bus,
    repositories,
    record: { assessments: true },
    group: 'risk-manager-recorder',
    onError,
  });
  // A new session starts a new risk day: the daily loss limit counts from the equity at the open.
  portfolio.startDay();
  bus.subscribe(
    topics.marketSessions,
    (event) => {
      if (event.type === 'MarketSessionChanged' && event.phase === 'open') {
        portfolio.startDay();
        risk.startDay();
      }
    },
    { group: 'risk-manager-sessions' },
  );
  mirror.start();
  risk.start();
  recorder.start();
  return {
    module: new RiskManagerModule({ risk, limits, assessments: repositories.signals, metrics }),
    async stop() {
      await risk.stop();
      await mirror.stop();
      await recorder.stop();
    },
  };
}

async function buildTradeExecutor(context: ServiceContext): Promise<Built> {
  const { config, bus, repositories, metrics, ids, onError } = context;
  const clock = followMarketTime(bus, config.market.speed);
  const accountId = toAccountId(config.account.id);
  const portfolio = await restoredPortfolio(context);
  const trades = await repositories.trades.listTrades({ accountId });
  const venue = new PaperExecutionClient({ clock, ids, commission: commissionOf(config) });
  bus.subscribe(topics.allMarketData, (event) => {
    if (event.type === 'QuoteReceived') venue.onQuote(event.quote);
  });
  const execution = new ExecutionEngine({
    bus,
    clock,
    ids,
    client: venue,
    journal: new RepositoryJournal(repositories),
    metrics,
    timer: performance,
    group: 'trade-executor',
    onError,
  });
  for (const symbol of instrumentsOf(config).map((instrument) => instrument.symbol)) {
    const position = portfolio.position(symbol);
    if (position) execution.restorePosition(position);
  }
  const portfolioEngine = new PortfolioEngine({
    portfolio,
    bus,
    clock,
    ids,
    metrics,
    timer: performance,
    group: 'trade-executor-portfolio',
    seenTradeIds: new Set(trades.map((trade) => trade.id as string)),
  });
  const recorder = new PipelineRecorder({
    bus,
    repositories,
    record: { positions: true },
    group: 'trade-executor-recorder',
    onError,
  });
  portfolioEngine.start();
  execution.start();
  recorder.start();
  return {
    module: new TradeExecutorModule({
      execution,
      orders: repositories.orders,
      trades: repositories.trades,
      positions: repositories.portfolio,
      accountId,
      metrics,
      portfolio,
    }),
    async stop() {
      execution.stopAccepting();
      await execution.stop();
      await portfolioEngine.stop();
      await recorder.stop();
    },
  };
}

async function buildScheduler(context: ServiceContext): Promise<Built> {
  const { config, bus, repositories, metrics, ids, logger, database } = context;
  const clock = followMarketTime(bus, config.market.speed);
  const calendar = new NyseCalendar();
  const jobRepository = new SqlJobRepository(database);
  if ((await jobRepository.listJobs()).length === 0)
    for (const job of defaultJobs) await jobRepository.saveJob(job);
  const accountId = toAccountId(config.account.id);
  let lastMarketData: number | null = null;
  bus.subscribe(topics.allMarketData, () => {
    lastMarketData = Date.now();
  });
  const scheduler = new JobScheduler({
    clock,
    durationClock: new LiveClock(),
    repository: jobRepository,
    calendar,
    random: new CryptoRandom(),
    instance: `scheduler-${process.pid}`,
    handlers: builtInJobs({
      bus,
      ids,
      calendar,
      clock,
      repositories,
      database,
      accountId,
      symbols: instrumentsOf(config).map((instrument) => instrument.symbol),
      // The portfolio lives in the Trade Executor; the snapshot rebuilds it from the trades table.
      portfolioForSnapshot: async () => {
        const portfolio = await restoredPortfolio(context);
        for (const instrument of instrumentsOf(config)) {
          const [quote] = await repositories.marketData.latestQuotes(instrument.symbol, 1);
          if (quote) portfolio.updateMark(instrument.symbol, quote.last);
        }
        return portfolio;
      },
      lastMarketData: () => lastMarketData,
      backupDirectory: backupDirectoryOf(config),
      log: (message, fields) => logger.info(fields ?? {}, message),
    }),
    subscribe: (topic, handler) => {
      const subscription = bus.subscribe(topic, handler, { group: 'scheduler-triggers' });
      return () => void subscription.unsubscribe();
    },
  });
  await scheduler.start();
  const servicesHealth = async () => {
    const entries = await Promise.all(
      distributedServices.map(async (name) => {
        try {
          const response = await fetch(`http://${config.http.host}:${servicePort(config, name)}/health`, {
            signal: AbortSignal.timeout(2_000),
          });
          return [name, (await response.json()) as ServiceHealth] as const;
        } catch (error) {
          return [
            name,
            { status: 'down', detail: { error: (error as Error).message } } as ServiceHealth,
          ] as const;
        }
      }),
    );
    return Object.fromEntries(entries);
  };
  return {
    module: new SchedulerModule({
      scheduler,
      repository: jobRepository,
      calendar,
      metrics,
      now: () => clock.now(),
      servicesHealth,
    }),
    stop: () => scheduler.stop(),
  };
}

async function buildBacktesting(context: ServiceContext): Promise<Built> {
  return {
    module: new BacktestingModule({
      runs: new SqlBacktestRunRepository(context.database),
      marketData: context.repositories.marketData,
      metrics: context.metrics,
      onError: context.onError,
      queue: backtestQueueOf(context.config),
    }),
    async stop() {},
  };
}

const builders: Record<DistributedService, (context: ServiceContext) => Promise<Built>> = {
  backtesting: buildBacktesting,
  scheduler: buildScheduler,
  'data-collector': buildDataCollector,
  'strategy-engine': buildStrategyEngine,
  'risk-manager': buildRiskManager,
  'trade-executor': buildTradeExecutor,
};

export async function startServiceProcess(options: {
  config: AtsConfig;
  logger: Logger;
  service: DistributedService;
  port?: number;
}): Promise<RunningService> {
  const { config, logger, service } = options;
  const url = databaseUrlOf(config);
  if (!url)
    throw new AtsError(
      'CONFIG_INVALID',
      'config: database.url is required in multi-process mode (set DATABASE_URL)',
    );
  if (!config.redis.url)
    throw new AtsError(
      'CONFIG_INVALID',
      'config: redis.url is required in multi-process mode (set REDIS_URL)',
    );
  const database = await openDatabase(databaseOptionsOf(config));
  const repositories = createRepositories(database);
  const metrics = new PrometheusMetrics(service);
  const onError = (error: unknown) => logger.error({ err: error }, `${service} pipeline error`);
  const bus = new RedisMessageBus({
    url: config.redis.url,
    keyPrefix: redisKeyPrefix(config.deployment.name),
    onError,
  });
  const ids = new IdGenerator(new CryptoRandom());
  const built = await builders[service]({
    config,
    logger,
    bus,
    repositories,
    metrics,
    ids,
    database,
    onError,
  });
  const app: FastifyInstance = await buildServiceApp(built.module);
  const address = await app.listen({
    host: config.http.host,
    port: options.port ?? servicePort(config, service),
  });
  logger.info({ address }, 'service started');
  return {
    name: service,
    url: address,
    async stop() {
      await built.stop();
      await bus.flush();
      await app.close();
      await bus.close();
      await database.close();
    },
  };
}
