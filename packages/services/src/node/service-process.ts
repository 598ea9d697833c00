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
import { buildRiskManager } from '../composition/risk-manager-service.js';
import { buildScheduler } from '../composition/scheduler-service.js';
import { buildSecurityService } from '../composition/security-service.js';
import type { ServiceContext, ServiceInstance } from '../composition/service-context.js';
import { buildStrategyEngine } from '../composition/strategy-engine-service.js';
import { buildTradeExecutor } from '../composition/trade-executor-service.js';
import type { AtsConfig } from '../config/config-schema.js';
import { buildServiceApp } from '../http/build-http-app.js';
import type { ServiceHealth, ServiceName } from '../http/service-module.js';
import type { Logger } from '../logging/create-logger.js';
import { PrometheusMetrics } from '../metrics/prometheus-metrics.js';
import { buildServiceSecurity, type ServiceSecurity } from '../security/service-security.js';
import { MarketTimeClock } from '../simulated-market/market-time-clock.js';
import { simulatedMarketOf } from '../simulated-market/simulated-market-of.js';
import { databaseOptionsOf, databaseUrlOf, durationMilliseconds } from '../wiring/config-mapping.js';
import { CryptoRandom } from '../wiring/crypto-random.js';

/** The services the multi-process mode runs, in start order (stopped in reverse). */
export const distributedServices = [
  // First, so its consumer group exists before any order or fill is published.
  'audit',
  'security',
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
  }
}

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
  // One process per service and deployment (the supervisor's lock), so the service name is a stable
  // consumer name: a restarted service reads its own unacknowledged entries at once.
  const bus = new RedisMessageBus({
    url: config.redis.url,
    keyPrefix: redisKeyPrefix(config.deployment.name),
    onError,
    consumerName: service,
  });
  const serviceSecurity = buildServiceSecurity({ config, database, bus, mode: 'multi-process', onError });
  await serviceSecurity.start();
  // Every service process appends its API calls to the one chain (the writers serialize on a lock).
  const auditWriter = auditWriterOf({ config, database, logger });
  const built = await buildService(
    service,
    {
      config,
      logger,
      bus,
      database,
      repositories,
      metrics,
      ids: new IdGenerator(new CryptoRandom()),
      onError,
      onBusDataLoss: (listener) => bus.onDataLoss(listener),
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
      await bus.close();
      await database.close();
    },
  };
}
