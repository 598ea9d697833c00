// A multi-process deployment for tests: its own PostgreSQL database, free ports, a config folder,
// the supervised services, and helpers to kill a service and wait for its restart.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PostgresDatabase } from '@ats/persistence';
import {
  createLogger,
  distributedServices,
  loadConfig,
  type RunningPlatform,
  startDistributedPlatform,
  testCredentialEnvironment,
} from '@ats/services';
import { createFreshDatabase } from './fresh-database.js';

/** Re-exported for the tests that take their ports from here. */
export { freePort } from '@ats/services';

/**
 * Distinct free ports: every probe socket stays open until all are chosen, so the kernel cannot hand
 * the same port out twice (one deployment's services once got the same port).
 */
export async function freePorts(count: number): Promise<number[]> {
  const servers = await Promise.all(
    Array.from(
      { length: count },
      () =>
        new Promise<ReturnType<typeof createServer>>((resolve) => {
          const server = createServer();
          server.listen(0, '127.0.0.1', () => resolve(server));
        }),
    ),
  );
  const ports = servers.map((server) => {
    const address = server.address();
    return typeof address === 'object' && address ? address.port : 0;
  });
  await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
  return ports;
}

export const sleep = (milliseconds: number) => new Promise((resolve) => setTimeout(resolve, milliseconds));

export async function waitFor<T>(
  probe: () => Promise<T>,
  done: (value: T) => boolean,
  timeoutMilliseconds: number,
  what: string,
): Promise<T> {
  const deadline = Date.now() + timeoutMilliseconds;
  let value = await probe();
  while (!done(value)) {
    if (Date.now() > deadline)
      throw new Error(`${what}: not reached in ${timeoutMilliseconds} ms (last: ${JSON.stringify(value)})`);
    await sleep(100);
    value = await probe();
  }
  return value;
}

/**
 * A deployment that trades often: a fast market and crossover, prices and approvals that stay fresh
 * across a restart at that speed, reconciliation every 5 s, an executor lease short enough that a
 * restart after SIGKILL waits little for it.
 */
export function busyTradingYaml(seed: number): string[] {
  return [
    'market:',
    '  speed: 1200',
    `  seed: ${seed}`,
    'strategies:',
    '  - id: fast-cross',
    '    kind: sma-cross',
    '    symbols: [AAPL, MSFT, JPM, XOM, JNJ]',
    '    parameters: { fast: 2, slow: 5 }',
    'risk_limits:',
    '  max_price_age: 4h',
    'execution:',
    '  max_approval_age: 4h',
    '  reconcile_interval: 5s',
    '  lease_ttl: 1500ms',
    'logging:',
    '  level: warn',
  ];
}

export interface Deployment {
  readonly platform: RunningPlatform;
  readonly database: PostgresDatabase;
  readonly ports: Record<string, number>;
  readonly lines: string[];
  url(service: string): string;
  /** The gateway's address (the dashboard at /), when the deployment was started with one. */
  readonly gatewayUrl: string | null;
  /** SIGKILLs a service process and waits until the supervisor reports it up again. */
  kill(service: string): Promise<{ pid: number; restartedInMilliseconds: number }>;
  dispose(): Promise<void>;
}

export async function startDeployment(options: {
  readonly yaml: readonly string[];
  readonly redisUrl: string;
  readonly databaseUrl: string;
  /** Runs on the deployment's new database before any service starts (e.g. to register models). */
  readonly beforeStart?: (databaseUrl: string) => Promise<void>;
  /** Also run the gateway (the dashboard, its live stream and /api/<service>/) on a free port. */
  readonly gateway?: boolean;
}): Promise<Deployment> {
  const fresh = await createFreshDatabase(options.databaseUrl);
  const { name, url } = fresh;
  // Each service's key under `services:` (the configuration writes data-collector as data_collector).
  const services = distributedServices.map((service) => service.replace('-', '_'));
  // One more for the gateway, chosen with the others so no two are the same.
  const chosen = await freePorts(services.length + 1);
  const ports: Record<string, number> = Object.fromEntries(
    services.map((service, index) => [service, chosen[index] as number]),
  );
  const directory = mkdtempSync(join(tmpdir(), 'ats-deployment-'));
  writeFileSync(
    join(directory, 'default.yaml'),
    [
      'services:',
      ...Object.entries(ports).map(([service, port]) => `  ${service}: ${port}`),
      'deployment:',
      `  name: it-${name}`,
      'backups:',
      `  directory: ${JSON.stringify(join(directory, 'backups'))}`,
      // Tests poll every service from one address with one key: no rate limit in a harness.
      'security:',
      '  rate_limit:',
      '    per_ip_per_minute: 0',
      '    per_credential_per_minute: 0',
      ...options.yaml,
      '',
    ].join('\n'),
  );
  await options.beforeStart?.(url);
  process.env.ATS_CONFIG_DIR = directory;
  process.env.DATABASE_URL = url;
  process.env.REDIS_URL = options.redisUrl;
  // The services are children of this process: they accept the test's admin key (testAdminHeaders).
  Object.assign(process.env, testCredentialEnvironment);
  const config = loadConfig({ directory });
  const lines: string[] = [];
  const main = fileURLToPath(new URL('../../apps/cli/dist/main.cjs', import.meta.url));
  const gatewayPort = options.gateway ? (chosen[services.length] as number) : null;
  const platform = await startDistributedPlatform({
    config,
    logger: createLogger({ level: 'silent', service: 'test' }),
    command: [process.execPath, main],
    onLine: (line) => lines.push(line),
    ...(gatewayPort !== null ? { gateway: { port: gatewayPort } } : {}),
  }).catch(async (error: Error) => {
    await fresh.drop().catch(() => {});
    // What the services printed says why the start failed.
    const stopping = lines.findIndex((line) => line.includes('stopped by the supervisor'));
    const before = stopping < 0 ? lines : lines.slice(0, stopping);
    throw new Error(`${error.message}\n${before.slice(-40).join('\n')}`);
  });
  const database = await PostgresDatabase.open({ url: url, maxConnections: 2 });
  const statusOf = (service: string) =>
    platform.supervisor.statuses().find((status) => status.name === service);
  return {
    platform,
    database,
    ports,
    lines,
    url: (service) => `http://127.0.0.1:${ports[service.replace('-', '_')]}`,
    gatewayUrl: gatewayPort !== null ? `http://127.0.0.1:${gatewayPort}` : null,
    async kill(service) {
      const before = statusOf(service);
      if (!before?.pid) throw new Error(`${service} has no process to kill`);
      const killedAt = Date.now();
      const mark = lines.length;
      process.kill(before.pid, 'SIGKILL');
      await waitFor(
        async () => statusOf(service),
        // Up again in a new process (a start that failed, e.g. on a busy machine, is retried by the supervisor).
        (status) => status?.state === 'up' && status.restarts > before.restarts && status.pid !== before.pid,
        90_000,
        `${service} restarted after SIGKILL`,
      ).catch((error: unknown) => {
        const recent = lines
          .slice(mark)
          .filter((line) => line.includes(service))
          .slice(-20);
        throw new Error(`${(error as Error).message}\n${recent.join('\n')}`);
      });
      return { pid: before.pid, restartedInMilliseconds: Date.now() - killedAt };
    },
    async dispose() {
      await platform.stop().catch(() => {});
      await database.close().catch(() => {});
      await fresh.drop().catch(() => {});
    },
  };
}
