// The multi-process mode: migrates once, then runs each service as a supervised child process.
import { AtsError, IdGenerator, topics } from '@ats/core';
import { createRepositories, openDatabase } from '@ats/persistence';
import { RedisMessageBus } from '@ats/redis';
import type { AtsConfig } from '../config/config-schema.js';
import type { Logger } from '../logging/create-logger.js';
import { type ServiceStatus, ServiceSupervisor } from '../orchestration/service-supervisor.js';
import { databaseOptionsOf, databaseUrlOf } from '../wiring/config-mapping.js';
import { CryptoRandom } from '../wiring/crypto-random.js';
import { distributedServices, servicePort } from './service-process.js';

export interface DistributedPlatformOptions {
  readonly config: AtsConfig;
  readonly logger: Logger;
  /** The command that runs one service: `[node, ats main.js]`; `service <name>` is appended. */
  readonly command: readonly string[];
  readonly onLine: (line: string) => void;
  readonly onStatus?: (status: ServiceStatus) => void;
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
  if (!config.redis.url)
    throw new AtsError(
      'CONFIG_INVALID',
      'config: redis.url is required in multi-process mode (set REDIS_URL)',
    );
  // Migrations run once here, before any service connects, so services never race to apply them.
  const database = await openDatabase(databaseOptionsOf(config));
  createRepositories(database);
  await database.close();

  // Every state change of a service is also a HealthReported event on system.health.
  const bus = new RedisMessageBus({
    url: config.redis.url,
    keyPrefix: config.redis.key_prefix,
    onError: () => {},
  });
  const ids = new IdGenerator(new CryptoRandom());
  const supervisor = new ServiceSupervisor({
    services: distributedServices.map((name) => ({
      name,
      command: [...options.command, 'service', name],
      url: `http://${config.http.host}:${servicePort(config, name)}`,
    })),
    onLine: (service, line) => onLine(`[${service}] ${line}`),
    onStatus: (status) => {
      onLine(`[ats] ${status.name} ${status.state}${status.detail ? ` (${status.detail})` : ''}`);
      options.onStatus?.(status);
      const now = Date.now();
      bus.publish(topics.systemHealth, {
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
    await bus.close();
    throw error;
  }
  return {
    supervisor,
    stop: async () => {
      await supervisor.stop();
      await bus.close();
    },
  };
}
