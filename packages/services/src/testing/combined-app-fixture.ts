// The one-process node's HTTP app over in-memory PGlite and a stopped market, with each route's schema, for edge tests.

import { generateKeyPairSync } from 'node:crypto';
import { NyseCalendar } from '@ats/calendar';
import { IdGenerator, type MessageBus, SeededRandom, toAccountId } from '@ats/core';
import { InProcessMessageBus } from '@ats/engine';
import {
  createRepositories,
  openTestDatabase,
  SqlBacktestRunRepository,
  SqlJobRepository,
} from '@ats/persistence';
import { type JobHandler, JobScheduler } from '@ats/scheduler';
import type { FastifyInstance, FastifySchema } from 'fastify';
import { AuditLogWriter } from '../audit/audit-log-writer.js';
import { AuditModule } from '../audit/audit-module.js';
import { signingKeyOf } from '../audit/audit-signing-key.js';
import { BacktestingModule } from '../backtesting/backtesting-module.js';
import { buildDataCollector } from '../composition/data-collector-service.js';
import { buildMonitoring } from '../composition/monitoring-service.js';
import { buildNotifications } from '../composition/notification-service.js';
import { buildRiskManager } from '../composition/risk-manager-service.js';
import { buildSecurityService } from '../composition/security-service.js';
import type { ServiceContext } from '../composition/service-context.js';
import { buildStrategyEngine } from '../composition/strategy-engine-service.js';
import { buildTradeExecutor } from '../composition/trade-executor-service.js';
import { loadConfig } from '../config/load-config.js';
import { registerDashboardStaticFiles } from '../dashboard/dashboard-static-files.js';
import { LiveEventHub } from '../dashboard/live-event-hub.js';
import { registerLiveRoutes } from '../dashboard/live-routes.js';
import { buildCombinedApp } from '../http/build-http-app.js';
import type { RequestErrorLog } from '../http/request-error-handler.js';
import type { ServiceModule } from '../http/service-module.js';
import { createLogger } from '../logging/create-logger.js';
import { PrometheusMetrics } from '../metrics/prometheus-metrics.js';
import { logSearchRoutes } from '../monitoring/log-search-routes.js';
import { localService } from '../monitoring/monitored-services.js';
import { builtInJobs } from '../scheduler/built-in-jobs.js';
import { defaultJobs } from '../scheduler/default-jobs.js';
import { SchedulerModule } from '../scheduler/scheduler-module.js';
import { schedulerSafetyOf } from '../scheduler/scheduler-safety.js';
import type { AccessTokens } from '../security/access-tokens.js';
import { argon2PasswordHasher } from '../security/password-hasher.js';
import type { RequestSecurity } from '../security/request-security.js';
import { buildServiceSecurity } from '../security/service-security.js';
import { testSecurityOverrides } from '../security/test-credentials.js';
import { simulatedMarketOf } from '../simulated-market/simulated-market-of.js';
import { instrumentsOf } from '../wiring/config-mapping.js';

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
  /** Each service's module, to build it alone as in multi-process mode. */
  readonly modules: readonly ServiceModule[];
  /** The request security of the app (a module built alone takes it too). */
  readonly security: RequestSecurity;
  /** The node's access tokens (its secret), to make expired or revoked tokens in tests. */
  readonly tokens: AccessTokens;
  /** The in-process bus, to watch the events requests cause. */
  readonly bus: MessageBus;
  close(): Promise<void>;
}

export interface CombinedAppFixtureOptions {
  /** PROMETHEUS_TOKEN: /metrics answers that bearer token. */
  readonly prometheusToken?: string;
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
 * Builds the one-process node's HTTP app without a listener or a running market: the trading
 * services come from the same composition builders as the node (started, so their routes answer as
 * in the node), the market is never connected, and requests go through `inject`. Job handlers are
 * the built-in kinds with empty bodies and backtests a stub runner, so a fuzzed request that passes
 * every check does no heavy work (no backup of the store, no worker thread).
 */
export async function buildCombinedAppFixture(
  options: CombinedAppFixtureOptions = {},
): Promise<CombinedAppFixture> {
  // The test bootstrap key is an admin (testAdminHeaders); no rate limit, so a long fuzz is never a 429.
  const config = loadConfig({
    directory: '/nonexistent-ats-config',
    env: {},
    overrides: {
      ...testSecurityOverrides,
      secrets: {
        ...testSecurityOverrides.secrets,
        admin_password: 'fixture-admin-password',
        ...(options.prometheusToken ? { prometheus_token: options.prometheusToken } : {}),
      },
    },
  });
  // A copy of the shared migrated archive: the same empty, migrated store, without initdb's 2 s of cpu.
  const { database } = await openTestDatabase('pglite');
  const repositories = createRepositories(database);
  const simulated = await simulatedMarketOf(config, repositories);
  const { clock } = simulated;
  const metrics = new PrometheusMetrics('fuzz', false);
  const bus = new InProcessMessageBus(() => {});
  const ids = new IdGenerator(new SeededRandom(7));
  const logger = createLogger({ level: 'silent', service: 'fuzz' });
  const context: ServiceContext = {
    config,
    logger,
    bus,
    database,
    repositories,
    metrics,
    ids,
    clock,
    onError: () => {},
  };
  const executor = await buildTradeExecutor(context, { tickStartedAt: () => undefined });
  const risk = await buildRiskManager(context);
  const strategies = await buildStrategyEngine(context, executor.portfolio);
  const collector = buildDataCollector(context, simulated);
  // The collector is never started: its market stays disconnected.
  const serviceSecurity = buildServiceSecurity({
    config,
    database,
    bus,
    mode: 'one-process',
    onError: () => {},
  });
  await serviceSecurity.start();
  const security = buildSecurityService(context, serviceSecurity, {
    print: () => {},
    // Real argon2id at low cost: the fuzz creates users and tries logins by the hundred.
    passwords: argon2PasswordHasher({ memoryCost: 1024, timeCost: 1 }),
  });
  const started = [executor, risk, strategies, security];
  for (const service of started) await service.start();

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
    accountId: toAccountId(config.account.id),
    symbols: instrumentsOf(config).map((instrument) => instrument.symbol),
    backupDirectory: '/nonexistent-ats-backups',
    log: () => {},
  });
  const handlers: Record<string, JobHandler> = Object.fromEntries(
    Object.keys(kinds).map((kind) => [kind, async () => {}]),
  );
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
  const modules: ServiceModule[] = [collector.module, strategies.module, risk.module, executor.module];
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
    security.module,
  );
  // The audit trail with a key of its own (nothing written to a data folder), recording every call.
  const signingKey = signingKeyOf(generateKeyPairSync('ed25519').privateKey);
  const auditWriter = new AuditLogWriter({ database, signingKey });
  modules.push(new AuditModule({ database, writer: auditWriter, signingKey, metrics }));
  // Notifications without outbound channels (nothing leaves the fixture); the monitor is never started.
  const notifications = buildNotifications(context, []);
  await notifications.start();
  const monitoring = buildMonitoring(
    context,
    modules.map((module) =>
      localService(
        module.name,
        () => module.health(),
        () => metrics.text(),
        'process',
      ),
    ),
    { extraRoutes: logSearchRoutes(database) },
  );
  modules.push(notifications.module, monitoring.module);
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
  // The node's root routes too (the dashboard's files and the live stream), so the route sets match.
  // They are not in `routes`: the fuzz would hold the live stream open; live-routes.test.ts covers them.
  const liveHub = new LiveEventHub(bus, metrics, config.dashboard.live_max_clients);
  const app = await buildCombinedApp(
    modules.map((module) => recording(module, routes)),
    metrics,
    {
      log,
      security: serviceSecurity.security,
      audit: auditWriter,
      rootRoutes: (root) => {
        registerDashboardStaticFiles(root, undefined);
        registerLiveRoutes(root, { hub: liveHub, bufferEvents: config.dashboard.live_buffer_events });
      },
    },
  );
  await app.ready();
  return {
    app,
    routes,
    internalErrors,
    modules,
    security: serviceSecurity.security,
    tokens: serviceSecurity.tokens,
    bus,
    async close() {
      await scheduler.stop();
      for (const service of started.reverse()) await service.stop();
      await notifications.stop();
      await serviceSecurity.stop();
      await app.close();
      await auditWriter.close();
      await database.close();
    },
  };
}
