// The all-in-one node: every service in one process on the in-process bus, the embedded store or PostgreSQL.
import { performance } from 'node:perf_hooks';
import { NyseCalendar } from '@ats/calendar';
import {
  type AccountId,
  IdGenerator,
  LiveClock,
  Money,
  type OrderCanceled,
  type Repositories,
  type StrategyRecord,
  type Ticker,
  toAccountId,
  toStrategyId,
} from '@ats/core';
import {
  InProcessMessageBus,
  PaperExecutionClient,
  type Strategy,
  type StrategyRuntime,
  TradingKernel,
} from '@ats/engine';
import {
  createRepositories,
  type Database,
  openDatabase,
  SqlBacktestRunRepository,
  SqlJobRepository,
} from '@ats/persistence';
import { JobScheduler } from '@ats/scheduler';
import { strategyRegistry } from '@ats/strategies';
import type { FastifyInstance } from 'fastify';
import { backtestQueueOf } from '../backtesting/backtest-queue.js';
import { BacktestingModule } from '../backtesting/backtesting-module.js';
import type { AtsConfig } from '../config/config-schema.js';
import { DataCollectorModule } from '../data-collector/data-collector-module.js';
import { buildCombinedApp } from '../http/build-http-app.js';
import type { Logger } from '../logging/create-logger.js';
import { PrometheusMetrics } from '../metrics/prometheus-metrics.js';
import { RiskManagerModule } from '../risk-manager/risk-manager-module.js';
import { builtInJobs } from '../scheduler/built-in-jobs.js';
import { defaultJobs } from '../scheduler/default-jobs.js';
import { SchedulerModule } from '../scheduler/scheduler-module.js';
import { simulatedMarketOf } from '../simulated-market/simulated-market-of.js';
import type { SimulationClock } from '../simulated-market/simulation-clock.js';
import { StrategyEngineModule } from '../strategy-engine/strategy-engine-module.js';
import { TradeExecutorModule } from '../trade-executor/trade-executor-module.js';
import { BufferedMarketDataSink } from '../wiring/buffered-market-data-sink.js';
import {
  backupDirectoryOf,
  commissionOf,
  databaseOptionsOf,
  instrumentsOf,
  riskLimitsOf,
} from '../wiring/config-mapping.js';
import { CryptoRandom } from '../wiring/crypto-random.js';
import { PipelineRecorder } from '../wiring/pipeline-recorder.js';
import { RepositoryJournal } from '../wiring/repository-journal.js';
import { fillOfTrade, orderOfRecord } from '../wiring/stored-executions.js';
import { formatStatusLine } from './status-line.js';

export interface RunningNode {
  readonly url: string;
  readonly kernel: TradingKernel;
  readonly app: FastifyInstance;
  readonly repositories: Repositories;
  readonly clock: SimulationClock;
  stop(): Promise<void>;
}

export interface OneProcessNodeOptions {
  readonly config: AtsConfig;
  readonly logger: Logger;
  /** Receives each status line (the CLI prints it). */
  readonly onStatus?: (line: string) => void;
  /** Overrides the HTTP port (0 picks a free one, for tests). */
  readonly port?: number;
}

/** Builds strategies from their configuration through the strategy registry. */
export function buildStrategies(records: readonly StrategyRecord[]): Strategy[] {
  return records
    .filter((record) => record.enabled)
    .map((record) => {
      const factory = strategyRegistry[record.kind as keyof typeof strategyRegistry];
      if (!factory) {
        throw new Error(`config: strategies[${record.id}].kind = "${record.kind}": unknown strategy kind`);
      }
      return factory(record.id, record.symbols, record.parameters as Record<string, number>);
    });
}

export function strategyRecordsOf(config: AtsConfig): StrategyRecord[] {
  return config.strategies.map((entry) => ({
    id: toStrategyId(entry.id),
    kind: entry.kind,
    parameters: entry.parameters,
    symbols: entry.symbols as Ticker[],
    enabled: entry.enabled,
  }));
}

/** Warms strategies on the last two hours of stored 1-minute bars (a restart keeps its indicators warm). */
export async function warmUpStrategies(
  runtime: StrategyRuntime,
  repositories: Repositories,
  symbols: readonly Ticker[],
  now: number,
): Promise<void> {
  for (const symbol of symbols) {
    const bars = await repositories.marketData.loadBars(
      symbol,
      '1m',
      now - 5 * 86_400_000,
      now + 5 * 86_400_000,
    );
    runtime.warmUp(bars.slice(-120));
  }
}

export async function startOneProcessNode(options: OneProcessNodeOptions): Promise<RunningNode> {
  const { config, logger } = options;
  const database: Database = await openDatabase(databaseOptionsOf(config));
  const repositories = createRepositories(database);
  const accountId: AccountId = toAccountId(config.account.id);
  const account = await repositories.portfolio.ensureAccount(
    accountId,
    Money.of(config.account.starting_cash, 'account.starting_cash'),
    Date.now(),
  );
  const instruments = instrumentsOf(config);
  const symbols = instruments.map((instrument) => instrument.symbol);
  const records = strategyRecordsOf(config);
  for (const record of records) await repositories.strategies.saveStrategy(record);
  const strategies = buildStrategies(records);

  const { clock, market } = await simulatedMarketOf(config, repositories);
  const metrics = new PrometheusMetrics('ats');
  const bus = new InProcessMessageBus((error, topic) => {
    metrics.count('bus_handler_errors_total', { topic });
    logger.error({ err: error, topic }, 'message handler failed');
  });
  const ids = new IdGenerator(new CryptoRandom());
  const onError = (error: unknown) => logger.error({ err: error }, 'pipeline error');
  const sink = new BufferedMarketDataSink({
    repository: repositories.marketData,
    maxRows: 5_000,
    maxDelayMilliseconds: 250,
    onError,
  });
  const venue = new PaperExecutionClient({ clock, ids, commission: commissionOf(config) });
  const kernel = new TradingKernel({
    bus,
    clock,
    ids,
    accountId,
    startingCash: account.startingCash,
    instruments,
    limits: riskLimitsOf(config),
    strategies,
    executionClient: venue,
    journal: new RepositoryJournal(repositories),
    metrics,
    timer: performance,
    validation: {
      maxClockSkewMilliseconds: config.market.max_clock_skew_ms,
      outlierFraction: config.market.outlier_fraction,
    },
    sink,
    onQuoteRejected: (rejection) =>
      logger.warn({ code: rejection.code, quote: rejection.raw }, rejection.reason),
    onError,
    log: (strategyId, message, fields) => logger.info({ strategy: strategyId, ...fields }, message),
  });

  // Restart: cash and positions come back from the trades table; the paper venue's working orders
  // did not survive the stop, so they are reconciled as canceled.
  const trades = await repositories.trades.listTrades({ accountId });
  kernel.restore(trades.map(fillOfTrade));
  for (const record of await repositories.orders.listOrders({ openOnly: true })) {
    const order = orderOfRecord(record);
    const canceled: OrderCanceled = {
      type: 'OrderCanceled',
      id: ids.eventId(),
      occurredAt: clock.now(),
      receivedAt: clock.now(),
      causationId: null,
      orderId: order.id,
    };
    order.apply(canceled);
    await repositories.orders.saveOrder(order);
  }
  if (trades.length > 0) {
    logger.info(
      { trades: trades.length, cash: kernel.portfolio.cash().toString() },
      'portfolio restored from trades',
    );
  }

  const recorder = new PipelineRecorder({
    bus,
    repositories,
    record: { signals: true, assessments: true, positions: true },
    onError,
  });
  await warmUpStrategies(kernel.strategies, repositories, symbols, clock.now());
  // The day's loss limit counts from the equity at this start.
  kernel.portfolio.startDay();
  kernel.start();
  recorder.start();

  // Bars of quiet symbols close on time; checked four times per market minute.
  const minuteTimer = setInterval(
    () => kernel.data.closeDueBars(clock.now()),
    Math.max(50, 60_000 / config.market.speed / 4),
  );
  await market.connect(symbols, (quote) => kernel.data.ingest(quote));

  // The scheduler runs on market time: session events, warm-up, end-of-day snapshot, backup, stale check.
  const calendar = new NyseCalendar();
  const jobRepository = new SqlJobRepository(database);
  if ((await jobRepository.listJobs()).length === 0)
    for (const job of defaultJobs) await jobRepository.saveJob(job);
  const scheduler = new JobScheduler({
    clock,
    durationClock: new LiveClock(),
    repository: jobRepository,
    calendar,
    random: new CryptoRandom(),
    instance: 'ats-node',
    handlers: builtInJobs({
      bus,
      ids,
      calendar,
      clock,
      repositories,
      database,
      accountId,
      symbols,
      strategies: kernel.strategies,
      portfolio: kernel.portfolio,
      onSessionOpen: () => {
        kernel.portfolio.startDay();
        kernel.risk.startDay();
      },
      lastMarketData: () => market.lastMessageAt(),
      backupDirectory: backupDirectoryOf(config),
      log: (message, fields) => logger.info(fields ?? {}, message),
    }),
    subscribe: (topic, handler) => {
      const subscription = bus.subscribe(topic, handler);
      return () => void subscription.unsubscribe();
    },
    onRunFinished: (outcome) => {
      if (outcome.status === 'failed') logger.error(outcome, 'scheduled job failed');
    },
  });
  await scheduler.start();

  const modules = [
    new DataCollectorModule({
      data: kernel.data,
      symbols,
      repository: repositories.marketData,
      metrics,
      lastMessageAt: () => market.lastMessageAt(),
      staleAfterMilliseconds: 10_000,
      now: () => Date.now(),
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
  const schedulerModule = new SchedulerModule({
    scheduler,
    repository: jobRepository,
    calendar,
    metrics,
    now: () => clock.now(),
    servicesHealth: async () =>
      Object.fromEntries(
        await Promise.all(modules.map(async (module) => [module.name, await module.health()] as const)),
      ),
  });
  const backtestingModule = new BacktestingModule({
    runs: new SqlBacktestRunRepository(database),
    marketData: repositories.marketData,
    metrics,
    onError,
    queue: backtestQueueOf(config),
  });
  const app = await buildCombinedApp([...modules, schedulerModule, backtestingModule], metrics);
  const address = await app.listen({ host: config.http.host, port: options.port ?? config.http.port });

  let previous = { at: Date.now(), quotes: kernel.data.quotesAccepted };
  const statusTimer =
    options.onStatus && config.status_interval_seconds > 0
      ? setInterval(() => {
          const now = Date.now();
          options.onStatus?.(formatStatusLine(kernel, clock.now(), previous, now));
          previous = { at: now, quotes: kernel.data.quotesAccepted };
        }, config.status_interval_seconds * 1000)
      : null;

  let stopped = false;
  return {
    url: address,
    kernel,
    app,
    repositories,
    clock,
    async stop() {
      if (stopped) return;
      stopped = true;
      if (statusTimer) clearInterval(statusTimer);
      await market.disconnect();
      clearInterval(minuteTimer);
      await scheduler.stop();
      await kernel.stop();
      await bus.flush();
      await recorder.stop();
      await sink.flush();
      await app.close();
      clock.clear();
      await database.close();
    },
  };
}
