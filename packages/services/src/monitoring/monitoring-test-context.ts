// Test support: a Monitoring service on a real database (PostgreSQL when DATABASE_URL is set, else
// PGlite) listening on a free loopback port, watching one service whose health a test sets, with the
// log table's /logs search; for the HTTP route tests and the `ats status` and `ats logs` tests.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { IdGenerator, LiveClock, type PlatformEvent, SeededRandom } from '@ats/core';
import { InProcessMessageBus } from '@ats/engine';
import { createRepositories, openTestDatabase } from '@ats/persistence';
import { Registry } from 'prom-client';
import { buildMonitoring } from '../composition/monitoring-service.js';
import type { ServiceContext } from '../composition/service-context.js';
import { loadConfig } from '../config/load-config.js';
import { buildServiceApp } from '../http/build-http-app.js';
import type { ServiceHealth } from '../http/service-module.js';
import type { LogRecord } from '../log-pipeline/log-record.js';
import { insertLogRecords } from '../log-pipeline/log-store.js';
import { createLogger } from '../logging/create-logger.js';
import { PrometheusMetrics } from '../metrics/prometheus-metrics.js';
import { testRequestSecurity } from '../security/test-credentials.js';
import { logSearchRoutes } from './log-search-routes.js';
import { localService } from './monitored-services.js';

export interface RunningTestMonitoring {
  /** The service's root: `${url}/status`, `${url}/logs`, ... */
  readonly url: string;
  /** Events the service published (health, alert notifications). */
  readonly published: PlatformEvent[];
  /** Sets the health the watched service ("risk-manager") reports from the next round on. */
  setWatchedHealth(health: ServiceHealth): void;
  /** Stores log lines in the log table, as the shipper does. */
  storeLogs(records: readonly LogRecord[]): Promise<void>;
  close(): Promise<void>;
}

export async function startTestMonitoring(): Promise<RunningTestMonitoring> {
  const test = await openTestDatabase(process.env.DATABASE_URL ? 'postgres' : 'pglite');
  const directory = mkdtempSync(join(tmpdir(), 'ats-monitoring-'));
  // No timer: rounds run when a request asks for a fresh one (`/status?refresh=true`).
  const config = loadConfig({
    directory,
    environment: 'default',
    env: { ATS_DATA_DIR: directory },
    overrides: { monitoring: { check_interval: '0s' } },
  });
  const published: PlatformEvent[] = [];
  const bus = new InProcessMessageBus();
  bus.subscribe('*', (event) => void published.push(event));
  const context: ServiceContext = {
    config,
    logger: createLogger({ level: 'silent', service: 'monitoring' }),
    bus,
    database: test.database,
    repositories: createRepositories(test.database),
    metrics: new PrometheusMetrics('monitoring', false),
    ids: new IdGenerator(new SeededRandom(11)),
    clock: new LiveClock(),
    onError: () => {},
  };
  let watchedHealth: ServiceHealth = { status: 'up', detail: { database: { connected: true } } };
  const watchedMetrics = new Registry();
  const service = buildMonitoring(
    context,
    [
      localService(
        'risk-manager',
        () => watchedHealth,
        () => watchedMetrics.metrics(),
      ),
    ],
    { extraRoutes: logSearchRoutes(test.database) },
  );
  await service.start();
  const app = await buildServiceApp(service.module, { security: testRequestSecurity() });
  const url = await app.listen({ host: '127.0.0.1', port: 0 });
  return {
    url,
    published,
    setWatchedHealth(health) {
      watchedHealth = health;
    },
    storeLogs: (records) => insertLogRecords(test.database, records),
    async close() {
      await service.stop();
      await app.close();
      await test.dispose();
    },
  };
}
