// The multi-process mode: takes the deployment's lock, migrates once, then runs each service as a supervised child process.
import { randomBytes } from 'node:crypto';
import { AtsError, IdGenerator, topics } from '@ats/core';
import { createRepositories, openDatabase } from '@ats/persistence';
import { assertRedisAnswers, RedisMessageBus, redisKeyPrefix } from '@ats/redis';
import type { AtsConfig } from '../config/config-schema.js';
import type { Logger } from '../logging/create-logger.js';
import { type DeploymentLock, holdDeploymentLock } from '../orchestration/deployment-lock.js';
import { type ServiceStatus, ServiceSupervisor } from '../orchestration/service-supervisor.js';
import { accessTokenSecretOf } from '../security/service-security.js';
import { databaseOptionsOf, databaseUrlOf, redisEndpointOf } from '../wiring/config-mapping.js';
import { CryptoRandom } from '../wiring/crypto-random.js';
import { environmentOfService } from './backtest-memory-environment.js';
import { serviceInstancesOf } from './service-instances.js';
import { distributedServiceWaves } from './service-process.js';

export interface DistributedPlatformOptions {
  readonly config: AtsConfig;
  readonly logger: Logger;
  /** The command that runs one service: `[node, ats main.cjs]`; `service <name>` is appended. */
  readonly command: readonly string[];
  readonly onLine: (line: string) => void;
  readonly onStatus?: (status: ServiceStatus) => void;
  /** Passed to the supervisor: per-service stop timeout and the whole stop's budget. */
  readonly stopTimeoutMilliseconds?: number;
  readonly stopBudgetMilliseconds?: number;
  /**
   * Called after the platform stopped itself because it can no longer run: another supervisor took
   * the deployment's lock while ours was lost. The caller exits non-zero.
   */
  readonly onFatal?: (error: Error) => void;
  /**
   * Runs the gateway (`ats service gateway`: the dashboard, its live stream and /api/<service>/) as a
   * supervised process on this port, started in the first wave. Absent: no gateway.
   */
  readonly gateway?: { readonly port: number };
}

/**
 * The gateway's start wave: the first, beside Audit and Security, so it adds no time to the start (it
 * needs no other service; until they are up it answers their routes with 502 naming them).
 */
const gatewayWave = 0;

/** How long closing the health bus may take at stop: with Redis gone its queued writes never drain. */
const busCloseMilliseconds = 2_000;

function closeWithin(close: Promise<void>, milliseconds: number): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, milliseconds);
    timer.unref();
    close
      .catch(() => {})
      .finally(() => {
        clearTimeout(timer);
        resolve();
      });
  });
}

export interface RunningPlatform {
  readonly supervisor: ServiceSupervisor;
  stop(): Promise<void>;
}

export async function startDistributedPlatform(
  options: DistributedPlatformOptions,
): Promise<RunningPlatform> {
  const { config, onLine } = options;
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
  // One supervisor per deployment: a second start refuses while the first runs. The lock is a session
  // advisory lock on a connection of its own, so it dies with this process however it dies.
  let stopPlatform: () => Promise<void> = async () => {};
  const lock: DeploymentLock = await holdDeploymentLock({
    url,
    deployment: config.deployment.name,
    onLine,
    onTakenOver: (error) => {
      onLine(`[ats] ${error.message}: stopping this supervisor's services`);
      void stopPlatform().finally(() => options.onFatal?.(error));
    },
  });
  try {
    // Services started on an unreachable Redis would answer /health while nothing flows between them.
    await assertRedisAnswers(redis);
    // Migrations run once here, before any service connects, so services never race to apply them.
    const database = await openDatabase(databaseOptionsOf(config));
    createRepositories(database);
    await database.close();
  } catch (error) {
    await lock.release();
    throw error;
  }

  // Every state change of a service is also a HealthReported event on system.health.
  const healthBus = new RedisMessageBus({
    url: redis,
    keyPrefix: redisKeyPrefix(config.deployment.name),
    onError: () => {},
  });
  const ids = new IdGenerator(new CryptoRandom());
  // Every service verifies access tokens with one secret: without ATS_JWT_SECRET or API_SECRET_KEY,
  // this deployment's run makes one and hands it to its services (sessions then end with the run).
  const serviceEnvironment: Record<string, string> =
    accessTokenSecretOf(config) === null ? { ATS_JWT_SECRET: randomBytes(32).toString('base64url') } : {};
  const supervisor = new ServiceSupervisor({
    ...(options.stopTimeoutMilliseconds !== undefined
      ? { stopTimeoutMilliseconds: options.stopTimeoutMilliseconds }
      : {}),
    ...(options.stopBudgetMilliseconds !== undefined
      ? { stopBudgetMilliseconds: options.stopBudgetMilliseconds }
      : {}),
    // In wave order (the supervisor requires it): the gateway's wave, the first, leads.
    services: [
      ...(options.gateway
        ? [
            {
              name: 'gateway',
              command: [...options.command, 'service', 'gateway', '--port', String(options.gateway.port)],
              url: `http://${config.http.host}:${options.gateway.port}`,
              env: serviceEnvironment,
              wave: gatewayWave,
            },
          ]
        : []),
      // A service partitioned by symbol runs its configured instances, each named, on a port of its own.
      ...serviceInstancesOf(config).map(({ name, service, instance, port }) => ({
        name,
        command: [
          ...options.command,
          'service',
          service,
          ...(instance ? ['--instance', instance, '--port', String(port)] : []),
        ],
        url: `http://${config.http.host}:${port}`,
        env: environmentOfService(service, serviceEnvironment),
        wave: distributedServiceWaves[service],
      })),
    ],
    onLine: (service, line) => onLine(`[${service}] ${line}`),
    onStatus: (status) => {
      onLine(`[ats] ${status.name} ${status.state}${status.detail ? ` (${status.detail})` : ''}`);
      options.onStatus?.(status);
      const now = Date.now();
      healthBus.publish(topics.systemHealth, {
        type: 'HealthReported',
        id: ids.eventId(),
        occurredAt: now,
        receivedAt: now,
        causationId: null,
        service: status.name,
        status:
          status.state === 'up'
            ? 'up'
            : status.state === 'degraded' || status.state === 'starting'
              ? 'degraded'
              : 'down',
        detail: status.detail,
      });
    },
  });
  try {
    await supervisor.start();
  } catch (error) {
    await closeWithin(healthBus.close(), busCloseMilliseconds);
    await lock.release();
    throw error;
  }
  let stopping: Promise<void> | null = null;
  stopPlatform = () => {
    stopping ??= (async () => {
      try {
        await supervisor.stop();
        await closeWithin(healthBus.close(), busCloseMilliseconds);
      } finally {
        await lock.release();
      }
    })();
    return stopping;
  };
  return { supervisor, stop: stopPlatform };
}
