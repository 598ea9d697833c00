// One spec service in its own process (multi-process mode): Redis bus, shared PostgreSQL, its spec
// port. The service is wired by the same code that wires it in the one-process node.
import { AtsError, IdGenerator, type MessageBus, topics } from '@ats/core';
import { createRepositories, openDatabase } from '@ats/persistence';
import { RedisMessageBus, redisKeyPrefix } from '@ats/redis';
import type { FastifyInstance } from 'fastify';
import type { AuditLogWriter } from '../audit/audit-log-writer.js';
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
import { buildServiceApp } from '../http/build-http-app.js';
import type { ServiceHealth, ServiceName } from '../http/service-module.js';
import { attachConfiguredLogShipping } from '../log-pipeline/configured-log-shipping.js';
import type { Logger } from '../logging/create-logger.js';
import { PublishLoggingBus } from '../logging/publish-logging-bus.js';
import { registerBusStreamMetrics } from '../metrics/bus-stream-metrics.js';
import { PrometheusMetrics } from '../metrics/prometheus-metrics.js';
import { logSearchRoutes } from '../monitoring/log-search-routes.js';
import { remoteService } from '../monitoring/monitored-services.js';
import { buildServiceSecurity, type ServiceSecurity } from '../security/service-security.js';
import { MarketTimeClock } from '../simulated-market/market-time-clock.js';
import { simulatedMarketOf } from '../simulated-market/simulated-market-of.js';
import {
  databaseOptionsOf,
  databaseUrlOf,
  durationMilliseconds,
  readReplicaOptionsOf,
  redisEndpointOf,
} from '../wiring/config-mapping.js';
import { CryptoRandom } from '../wiring/crypto-random.js';

/**
 * The services the multi-process mode runs, in start order (stopped in reverse): the Monitoring
 * service last, so it stops first and reports no one else's shutdown as an outage.
 */
export const distributedServices = [
  'audit',
  'security',
  'trade-executor',
  'risk-manager',
  'strategy-engine',
  'scheduler',
  'backtesting',
  'data-collector',
  'notifications',
  'monitoring',
] as const;
/** Every service `ats service <name>` can run. */
export const runnableServices = distributedServices;
export type DistributedService = (typeof runnableServices)[number];

/**
 * The start wave of each service: a wave starts together once the one before is healthy. Audit first,
 * so its consumer group exists before any order or fill is published (and Security, which needs
 * nothing else); the services that consume market data next; the Data Collector, the feed, last, so
 * nothing it publishes finds its consumer missing, with the notification and Monitoring services, which
 * only watch and report: no fourth wave (a new supervisor's start stays as short) and no larger second
 * wave (its services starting together are what fails first under load). The notification service
 * misses nothing raised before it starts: its consumer group reads its stream from the start.
 */
export const distributedServiceWaves: Readonly<Record<DistributedService, number>> = {
  audit: 0,
  security: 0,
  'trade-executor': 1,
  'risk-manager': 1,
  'strategy-engine': 1,
  scheduler: 1,
  backtesting: 1,
  'data-collector': 2,
  notifications: 2,
  monitoring: 2,
};

export interface RunningService {
  readonly name: ServiceName;
  readonly url: string;
  stop(): Promise<void>;
}

export function servicePort(config: AtsConfig, name: ServiceName): number {
  return config.services[name.replace('-', '_') as keyof AtsConfig['services']];
}

/** The base URL other processes reach a service at: its configured host (else `http.host`) and port. */
export function serviceUrl(config: AtsConfig, name: ServiceName): string {
  const host = config.service_hosts[name.replace('-', '_') as keyof AtsConfig['service_hosts']];
  return `http://${host ?? config.http.host}:${servicePort(config, name)}`;
}

/** Market time for services downstream of the Data Collector: learned from the market data. */
function followMarketTime(bus: MessageBus, speed: number): MarketTimeClock {
  const clock = new MarketTimeClock(speed);
  bus.subscribe(topics.allMarketData, (event) => {
    if (event.type === 'QuoteReceived') clock.observe(event.quote.time);
  });
  return clock;
}

/** The health of every service of the deployment, asked over HTTP (the Scheduler reports it). */
function servicesHealthOf(config: AtsConfig) {
  return async (): Promise<Record<string, ServiceHealth>> => {
    const entries = await Promise.all(
      distributedServices.map(async (name) => {
        try {
          const response = await fetch(`${serviceUrl(config, name)}/health`, {
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
}

async function buildService(
  service: DistributedService,
  base: Omit<ServiceContext, 'clock'>,
  serviceSecurity: ServiceSecurity,
  auditWriter: AuditLogWriter,
): Promise<ServiceInstance> {
  const { config, bus, repositories } = base;
  if (service === 'data-collector') {
    const simulated = await simulatedMarketOf(config, repositories);
    return buildDataCollector({ ...base, clock: simulated.clock }, simulated);
  }
  const context: ServiceContext = { ...base, clock: followMarketTime(bus, config.market.speed) };
  switch (service) {
    case 'trade-executor':
      return buildTradeExecutor(context);
    case 'risk-manager':
      return buildRiskManager(context);
    case 'strategy-engine':
      return buildStrategyEngine(context);
    case 'scheduler':
      return buildScheduler(context, {
        instance: `scheduler-${process.pid}`,
        servicesHealth: servicesHealthOf(config),
      });
    case 'backtesting':
      return buildBacktesting(context);
    case 'security':
      return buildSecurityService(context, serviceSecurity, {
        print: (line) => process.stdout.write(`${line}\n`),
      });
    case 'audit':
      return buildAudit(context, auditWriter);
    case 'notifications':
      return buildNotifications(context);
    case 'monitoring':
      return buildMonitoring(
        context,
        runnableServices
          .filter((name) => name !== 'monitoring')
          .map((name) =>
            remoteService(name, serviceUrl(config, name), {
              ...(config.secrets.prometheus_token
                ? { prometheusToken: config.secrets.prometheus_token }
                : {}),
            }),
          ),
        { extraRoutes: logSearchRoutes(context.database) },
      );
  }
}

export async function startServiceProcess(options: {
  config: AtsConfig;
  logger: Logger;
  service: DistributedService;
  port?: number;
  /** One of several instances of the service (the Strategy Engine partitioned by symbol): its name. */
  instance?: string;
}): Promise<RunningService> {
  const { config, logger, service } = options;
  const url = databaseUrlOf(config);
  if (!url)
    throw new AtsError(
      'CONFIG_INVALID',
      'config: database.url is required in multi-process mode (set DATABASE_URL)',
    );
  const redis = redisEndpointOf(config);
  if (!redis)
    throw new AtsError(
      'CONFIG_INVALID',
      'config: redis.url (or sentinel_enabled with sentinels) is required in multi-process mode (set REDIS_URL)',
    );
  const database = await openDatabase(databaseOptionsOf(config));
  const repositories = createRepositories(database);
  // The read replica, when configured: the read-only REST endpoints read there (no migrations: the
  // standby replays the primary's).
  const replicaOptions = readReplicaOptionsOf(config);
  const readDatabase = replicaOptions ? await openDatabase(replicaOptions) : null;
  const metrics = new PrometheusMetrics(service);
  const onError = (error: unknown) => logger.error({ err: error }, `${service} pipeline error`);
  // One process per service and deployment (the supervisor's lock), so the service name is a stable
  // consumer name: a restarted service reads its own unacknowledged entries at once.
  const bus = new RedisMessageBus({
    url: redis,
    keyPrefix: redisKeyPrefix(config.deployment.name),
    onError,
    consumerName: options.instance ? `${service}-${options.instance}` : service,
  });
  registerBusStreamMetrics(metrics, bus);
  const serviceSecurity = buildServiceSecurity({ config, database, bus, mode: 'multi-process', onError });
  await serviceSecurity.start();
  // Every service process appends its API calls to the one chain (the writers serialize on a lock).
  const auditWriter = auditWriterOf({ config, database, logger });
  // Lines of this process reach the log store (when the CLI tees its logger into the shipper).
  const logShipping = attachConfiguredLogShipping(config, database);
  const built = await buildService(
    service,
    {
      config,
      logger,
      // Every event of the trading flow it publishes is logged with the flow's correlation id.
      bus: new PublishLoggingBus(bus, logger),
      database,
      repositories,
      ...(readDatabase ? { readDatabase, readRepositories: createRepositories(readDatabase) } : {}),
      metrics,
      ids: new IdGenerator(new CryptoRandom()),
      onError,
      onBusDataLoss: (listener) => bus.onDataLoss(listener),
      ...(options.instance ? { instance: options.instance } : {}),
      audit: auditWriter,
    },
    serviceSecurity,
    auditWriter,
  );
  await built.start();
  const infrastructure = infrastructureHealthOf({
    database,
    bus,
    stuckAfterMilliseconds: durationMilliseconds(config.health.consumer_stuck_after),
  });
  const app: FastifyInstance = await buildServiceApp(withInfrastructureHealth(built.module, infrastructure), {
    log: logger,
    security: serviceSecurity.security,
    audit: auditWriter,
  });
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
      await serviceSecurity.stop();
      await bus.flush();
      await app.close();
      await auditWriter.close().catch(onError);
      await logShipping.stop().catch(onError);
      await bus.close();
      await readDatabase?.close();
      await database.close();
    },
  };
}
