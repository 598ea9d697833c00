// The multi-process mode: migrates once, then runs each service as a supervised child process.
import { AtsError } from '@ats/core';
import { createRepositories, openDatabase } from '@ats/persistence';
import type { AtsConfig } from '../config/config-schema.js';
import type { Logger } from '../logging/create-logger.js';
import { type ServiceStatus, ServiceSupervisor } from '../orchestration/service-supervisor.js';
import { databaseUrlOf } from '../wiring/config-mapping.js';
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
  const database = await openDatabase({ url });
  createRepositories(database);
  await database.close();

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
    },
  });
  await supervisor.start();
  return { supervisor, stop: () => supervisor.stop() };
}
