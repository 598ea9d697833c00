// Test support: a notification service on a real database (PostgreSQL when DATABASE_URL is set, else
// PGlite) and the in-process bus, listening on a free loopback port.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { IdGenerator, LiveClock, SeededRandom } from '@ats/core';
import { InProcessMessageBus } from '@ats/engine';
import { createRepositories, openTestDatabase } from '@ats/persistence';
import type { FastifyInstance } from 'fastify';
import { buildNotifications, type NotificationService } from '../composition/notification-service.js';
import type { ServiceContext } from '../composition/service-context.js';
import type { AtsConfig } from '../config/config-schema.js';
import { loadConfig } from '../config/load-config.js';
import { buildServiceApp } from '../http/build-http-app.js';
import { createLogger } from '../logging/create-logger.js';
import { PrometheusMetrics } from '../metrics/prometheus-metrics.js';
import { testRequestSecurity } from '../security/test-credentials.js';
import type { NotificationChannel } from './channels/notification-channel.js';

export interface RunningNotifications {
  readonly service: NotificationService;
  readonly app: FastifyInstance;
  readonly url: string;
  readonly bus: InProcessMessageBus;
  readonly config: AtsConfig;
  readonly errors: unknown[];
  close(): Promise<void>;
}

export async function startTestNotifications(
  overrides: Record<string, unknown>,
  channels?: (config: AtsConfig) => NotificationChannel[],
): Promise<RunningNotifications> {
  const test = await openTestDatabase(process.env.DATABASE_URL ? 'postgres' : 'pglite');
  const directory = mkdtempSync(join(tmpdir(), 'ats-notifications-'));
  const config = loadConfig({
    directory,
    environment: 'default',
    env: { ATS_DATA_DIR: directory },
    overrides,
  });
  const errors: unknown[] = [];
  const bus = new InProcessMessageBus((error) => errors.push(error));
  const context: ServiceContext = {
    config,
    logger: createLogger({ level: 'silent', service: 'notifications' }),
    bus,
    database: test.database,
    repositories: createRepositories(test.database),
    metrics: new PrometheusMetrics('notifications', false),
    ids: new IdGenerator(new SeededRandom(7)),
    clock: new LiveClock(),
    onError: (error) => errors.push(error),
  };
  const service = channels ? buildNotifications(context, channels(config)) : buildNotifications(context);
  await service.start();
  const app = await buildServiceApp(service.module, { security: testRequestSecurity() });
  const url = await app.listen({ host: '127.0.0.1', port: 0 });
  return {
    service,
    app,
    url,
    bus,
    config,
    errors,
    async close() {
      await service.stop();
      await app.close();
      await test.dispose();
    },
  };
}
