// The all-in-one node: every service in one process on the in-process bus, the embedded store or
// PostgreSQL. Each service is wired by the same code that wires it in its own process.
import { IdGenerator, type MessageBus } from '@ats/core';
import { InProcessMessageBus } from '@ats/engine';
import {
  createRepositories,
  type Database,
  keepWebAssemblyOnBaselineCompiler,
  openDatabase,
} from '@ats/persistence';
import type { FastifyInstance } from 'fastify';
import { auditWriterOf, buildAudit } from '../composition/audit-service.js';
import { buildBacktesting } from '../composition/backtesting-service.js';
import { buildDataCollector } from '../composition/data-collector-service.js';
import { infrastructureHealthOf, withInfrastructureHealth } from '../composition/infrastructure-health.js';
import { buildMonitoring } from '../composition/monitoring-service.js';
import { buildNotifications } from '../composition/notification-service.js';
import { buildRiskManager } from '../composition/risk-manager-service.js';
import { buildScheduler } from '../composition/scheduler-service.js';
import { buildSecurityService } from '../composition/security-service.js';
import type { ServiceContext, ServiceInstance } from '../composition/service-context.js';
import { buildStrategyEngine } from '../composition/strategy-engine-service.js';
import { buildTradeExecutor } from '../composition/trade-executor-service.js';
import type { AtsConfig } from '../config/config-schema.js';
import { registerDashboardStaticFiles } from '../dashboard/dashboard-static-files.js';
import { LiveEventHub } from '../dashboard/live-event-hub.js';
import { registerLiveRoutes } from '../dashboard/live-routes.js';
import { buildCombinedApp } from '../http/build-http-app.js';
import { attachConfiguredLogShipping } from '../log-pipeline/configured-log-shipping.js';
import type { Logger } from '../logging/create-logger.js';
import { PublishLoggingBus } from '../logging/publish-logging-bus.js';
import { PrometheusMetrics } from '../metrics/prometheus-metrics.js';
import { logSearchRoutes } from '../monitoring/log-search-routes.js';
import { localService } from '../monitoring/monitored-services.js';
import { buildServiceSecurity } from '../security/service-security.js';
import { simulatedMarketOf } from '../simulated-market/simulated-market-of.js';
import type { SimulationClock } from '../simulated-market/simulation-clock.js';
import { databaseOptionsOf, durationMilliseconds } from '../wiring/config-mapping.js';
import { CryptoRandom } from '../wiring/crypto-random.js';
import { formatStatusLine, type NodeParts } from './status-line.js';

export {
  buildStrategies,
  strategyRecordsOf,
  warmUpStrategies,
} from '../composition/strategies-of-config.js';

export interface RunningNode {
  readonly url: string;
  /** The engines of the node, for tests and the status line. */
  readonly kernel: NodeParts;
  readonly app: FastifyInstance;
  readonly repositories: ReturnType<typeof createRepositories>;
  readonly database: Database;
  readonly clock: SimulationClock;
  /** The node's bus (tests publish on it to load the live stream). */
  readonly bus: MessageBus;
  /** The dashboard's address (the node's root). */
  readonly dashboardUrl: string;
  stop(): Promise<void>;
}

export interface OneProcessNodeOptions {
  readonly config: AtsConfig;
  readonly logger: Logger;
  /** Receives each status line (the CLI prints it). */
  readonly onStatus?: (line: string) => void;
  /** Overrides the HTTP port (0 picks a free one, for tests). */
  readonly port?: number;
  /** Where the first start's admin login is shown (never the log); defaults to standard output. */
  readonly print?: (line: string) => void;
  /** The built dashboard (apps/dashboard/dist), served at /; absent or unbuilt, / says how to build it. */
  readonly dashboardDirectory?: string;
}

export async function startOneProcessNode(options: OneProcessNodeOptions): Promise<RunningNode> {
  const { config, logger } = options;
  const storeOptions = databaseOptionsOf(config);
  // On the embedded store the node must stay under 300 MB: PGlite's code stays on V8's baseline tier.
  if (!('url' in storeOptions)) keepWebAssemblyOnBaselineCompiler();
  const database: Database = await openDatabase(storeOptions);
  const repositories = createRepositories(database);
  const simulated = await simulatedMarketOf(config, repositories);
  const { clock } = simulated;
  const metrics = new PrometheusMetrics('ats');
  const bus = new InProcessMessageBus((error, topic) => {
    metrics.count('bus_handler_errors_total', { topic });
    logger.error({ err: error, topic }, 'message handler failed');
  });
  const onError = (error: unknown) => logger.error({ err: error }, 'pipeline error');
  // One chain writer for the node: the audit service, the HTTP hook and any service recording actions.
  const auditWriter = auditWriterOf({ config, database, logger });
  const logShipping = attachConfiguredLogShipping(config, database);
  const context: ServiceContext = {
    config,
    logger,
    // Every event of the trading flow is logged with the flow's correlation id.
    bus: new PublishLoggingBus(bus, logger),
    database,
    repositories,
    metrics,
    ids: new IdGenerator(new CryptoRandom()),
    clock,
    onError,
    audit: auditWriter,
  };

  // The data engine is built after the executor; the tick-to-fill clock reads it once it exists.
  let lastTickStartedAt: () => number | undefined = () => undefined;
  const executor = await buildTradeExecutor(context, { tickStartedAt: () => lastTickStartedAt() });
  const risk = await buildRiskManager(context);
  // One process: algorithm children are checked by the Risk Manager's own engine.
  executor.useChildRiskCheck((order) => risk.risk.checkOrder(order));
  const strategies = await buildStrategyEngine(context, executor.portfolio);
  const collector = buildDataCollector(context, simulated);
  lastTickStartedAt = () => collector.data.lastTickStartedAt;
  const backtesting = buildBacktesting(context);
  const serviceSecurity = buildServiceSecurity({ config, database, bus, mode: 'one-process', onError });
  const security = buildSecurityService(context, serviceSecurity, {
    print: options.print ?? ((line) => process.stdout.write(`${line}\n`)),
  });
  const audit = buildAudit(context, auditWriter);
  const notifications = buildNotifications(context);
  const modules = [collector.module, strategies.module, risk.module, executor.module];
  const scheduler = await buildScheduler(context, {
    instance: 'ats-node',
    servicesHealth: async () =>
      Object.fromEntries(
        await Promise.all(modules.map(async (module) => [module.name, await module.health()] as const)),
      ),
  });
  // The monitor watches every module of the node, reading the node's one registry for metrics.
  const watched = [
    ...modules,
    scheduler.module,
    backtesting.module,
    security.module,
    audit.module,
    notifications.module,
  ];
  const monitoring = buildMonitoring(
    context,
    watched.map((module) =>
      localService(
        module.name,
        () => module.health(),
        () => metrics.text(),
        'process',
      ),
    ),
    { extraRoutes: logSearchRoutes(database) },
  );
  // Consumers first, the feed last, so nothing published at start finds its consumer missing.
  // The audit trail starts first and stops last, so it sees every order and fill in between.
  const services: ServiceInstance[] = [
    audit,
    notifications,
    { module: security.module, start: () => serviceSecurity.start(), stop: () => serviceSecurity.stop() },
    security,
    executor,
    risk,
    strategies,
    scheduler,
    backtesting,
    monitoring,
    collector,
  ];
  const started: ServiceInstance[] = [];
  try {
    for (const service of services) {
      await service.start();
      started.push(service);
    }
  } catch (error) {
    for (const service of started.reverse()) await service.stop().catch(onError);
    await audit.writer.close().catch(onError);
    await database.close().catch(onError);
    throw error;
  }

  const infrastructure = infrastructureHealthOf({
    database,
    bus,
    stuckAfterMilliseconds: durationMilliseconds(config.health.consumer_stuck_after),
  });
  // The live stream subscribes last, so it watches the running platform; it only reads the bus.
  const liveHub = new LiveEventHub(bus, metrics, config.dashboard.live_max_clients);
  liveHub.start();
  const app = await buildCombinedApp(
    [...watched, monitoring.module].map((module) => withInfrastructureHealth(module, infrastructure)),
    metrics,
    {
      log: logger,
      security: serviceSecurity.security,
      audit: audit.writer,
      rootRoutes: (root) => {
        registerDashboardStaticFiles(root, options.dashboardDirectory);
        registerLiveRoutes(root, { hub: liveHub, bufferEvents: config.dashboard.live_buffer_events });
      },
    },
  );
  const address = await app.listen({ host: config.http.host, port: options.port ?? config.http.port });
  const kernel: NodeParts = {
    data: collector.data,
    strategies: strategies.runtime,
    risk: risk.risk,
    execution: executor.execution,
    portfolio: executor.portfolio,
  };

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
    database,
    clock,
    bus,
    dashboardUrl: `${address}/`,
    async stop() {
      if (stopped) return;
      stopped = true;
      if (statusTimer) clearInterval(statusTimer);
      await liveHub.stop();
      // The feed stops first, then strategies, risk, and the executor drains its in-flight orders.
      for (const service of [...services].reverse()) await service.stop().catch(onError);
      await bus.flush();
      await app.close();
      await audit.writer.close().catch(onError);
      await logShipping.stop().catch(onError);
      clock.clear();
      await database.close();
    },
  };
}
