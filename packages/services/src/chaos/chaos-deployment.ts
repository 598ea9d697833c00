// The deployment a disaster drill runs against, all on loopback and all its own: a PostgreSQL server
// (its data directory on a small tmpfs when root), a Redis primary, replica and Sentinel, and the ATS
// services under the supervisor (`ats start --distributed`), trading a fast simulated market with
// the venue's fault injection on.
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PostgresDatabase } from '@ats/persistence';
import { loadConfig } from '../config/load-config.js';
import { createLogger } from '../logging/create-logger.js';
import { type RunningPlatform, startDistributedPlatform } from '../node/distributed-platform.js';
import { freePort } from '../node/free-port.js';
import { PrivatePostgres } from './private-postgres.js';
import { SentinelRedisGroup, sentinelGroupPrimaryName } from './sentinel-redis-group.js';

export const chaosServices = [
  'audit',
  'security',
  'trade-executor',
  'risk-manager',
  'strategy-engine',
  'scheduler',
  'backtesting',
  'data-collector',
] as const;

export interface ChaosDeploymentOptions {
  /** `[node, ats main.cjs]`: how the supervisor starts each service. */
  readonly command: readonly string[];
  readonly onLine?: (line: string) => void;
}

export class ChaosDeployment {
  private constructor(
    /** The supervisor's and the services' output lines (the newest few thousand). */
    readonly lines: string[],
    readonly postgres: PrivatePostgres,
    readonly redis: SentinelRedisGroup,
    readonly platform: RunningPlatform,
    /** A small pool of the drill's own on the deployment's database (reconnects after faults). */
    readonly database: PostgresDatabase,
    readonly databaseName: string,
    readonly ports: Readonly<Record<string, number>>,
    readonly apiKey: string,
    private readonly folder: string,
  ) {}

  static async start(options: ChaosDeploymentOptions): Promise<ChaosDeployment> {
    const folder = mkdtempSync(join(tmpdir(), 'ats-chaos-'));
    // The postgres user (the server never runs as root) must reach its folders inside.
    chmodSync(folder, 0o755);
    const lines: string[] = [];
    const onLine = (line: string) => {
      lines.push(line);
      if (lines.length > 5_000) lines.splice(0, 1_000);
      options.onLine?.(line);
    };
    const postgres = await PrivatePostgres.start({
      folder: join(folder, 'postgres'),
      port: await freePort(),
      dataDiskMegabytes: 160,
    });
    let redis: SentinelRedisGroup | null = null;
    try {
      redis = await SentinelRedisGroup.start(folder, {
        data: [await freePort(), await freePort()],
        sentinel: await freePort(),
      });
      const databaseName = 'ats_chaos';
      const admin = await PostgresDatabase.open({ url: postgres.url, maxConnections: 1 });
      await admin.query(`CREATE DATABASE ${databaseName}`);
      await admin.close();
      const configDirectory = join(folder, 'config');
      const apiKey = `chaos-${randomBytes(24).toString('base64url')}`;
      process.env.ATS_CONFIG_DIR = configDirectory;
      process.env.DATABASE_URL = postgres.urlOf(databaseName);
      // With Sentinel the URL gives only the database number: the sentinel names the primary.
      process.env.REDIS_URL = 'redis://127.0.0.1:6379/0';
      process.env.ATS_BOOTSTRAP_API_KEY = apiKey;
      // A busy machine can fail a wave's start (a service's first Redis command timing out, or a free
      // port taken by another program meanwhile): the supervisor stops what it started, and the start
      // is tried again on new ports, at most three times.
      let platform: RunningPlatform | null = null;
      const ports: Record<string, number> = {};
      for (let attempt = 1; platform === null; attempt++) {
        for (const service of chaosServices) ports[service.replace('-', '_')] = await freePort();
        writeConfig(configDirectory, folder, ports, redis.sentinelAddress);
        try {
          platform = await startDistributedPlatform({
            config: loadConfig({ directory: configDirectory }),
            logger: createLogger({ level: 'silent', service: 'chaos' }),
            command: options.command,
            onLine,
          });
        } catch (error) {
          if (attempt >= 3) throw new Error(`${(error as Error).message}\n${lines.slice(-20).join('\n')}`);
          onLine(`[chaos] start attempt ${attempt} failed (${(error as Error).message}); trying again`);
          await new Promise((resolve) => setTimeout(resolve, 2_000));
        }
      }
      const database = await PostgresDatabase.open({ url: postgres.urlOf(databaseName), maxConnections: 2 });
      const deployment = new ChaosDeployment(
        lines,
        postgres,
        redis,
        platform,
        database,
        databaseName,
        ports,
        apiKey,
        folder,
      );
      return deployment;
    } catch (error) {
      await redis?.dispose();
      await postgres.dispose();
      rmSync(folder, { recursive: true, force: true });
      throw error;
    }
  }

  url(service: string): string {
    return `http://127.0.0.1:${this.ports[service.replace('-', '_')]}`;
  }

  /** Every service up under the supervisor, and answering /health with status up itself. */
  async allHealthy(): Promise<boolean> {
    if (!this.platform.supervisor.statuses().every((status) => status.state === 'up')) return false;
    for (const service of chaosServices) {
      try {
        const response = await fetch(`${this.url(service)}/health`, { signal: AbortSignal.timeout(2_000) });
        if (!response.ok) return false;
        const body = (await response.json()) as { status?: string };
        if (body.status !== 'up') return false;
      } catch {
        return false;
      }
    }
    return true;
  }

  /** Services restarted by the supervisor so far. */
  restarts(): number {
    return this.platform.supervisor.statuses().reduce((sum, status) => sum + status.restarts, 0);
  }

  async tradeCount(): Promise<number | null> {
    try {
      const [row] = await this.database.query('SELECT COUNT(*) AS n FROM trades');
      return Number(row?.n ?? 0);
    } catch {
      return null;
    }
  }

  /**
   * Signals the Strategy Engine's strategies emitted since it started (the sum of its
   * `ats_signals_total` series on /metrics), or null when it cannot be read.
   */
  async signalsEmitted(): Promise<number | null> {
    try {
      const response = await fetch(`${this.url('strategy-engine')}/metrics`, {
        headers: { 'x-api-key': this.apiKey },
        signal: AbortSignal.timeout(5_000),
      });
      if (!response.ok) return null;
      let total = 0;
      for (const line of (await response.text()).split('\n')) {
        if (!line.startsWith('ats_signals_total{') && !line.startsWith('ats_signals_total ')) continue;
        total += Number(line.slice(line.lastIndexOf(' ') + 1));
      }
      return total;
    } catch {
      return null;
    }
  }

  /** An authenticated call to a service (the drill's own bootstrap key). */
  async call(service: string, path: string, method = 'GET', body?: unknown): Promise<unknown> {
    const response = await fetch(`${this.url(service)}${path}`, {
      method,
      headers: {
        'x-api-key': this.apiKey,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      signal: AbortSignal.timeout(10_000),
    });
    if (!response.ok)
      throw new Error(`${method} ${service}${path}: ${response.status} ${await response.text()}`);
    return response.json();
  }

  async dispose(): Promise<void> {
    await this.platform.stop().catch(() => {});
    await this.database.close().catch(() => {});
    await this.redis.dispose();
    await this.postgres.dispose();
    rmSync(this.folder, { recursive: true, force: true });
  }
}

function writeConfig(
  directory: string,
  folder: string,
  ports: Readonly<Record<string, number>>,
  sentinel: string,
): void {
  mkdirSync(directory, { recursive: true });
  writeFileSync(
    join(directory, 'default.yaml'),
    [
      'services:',
      ...Object.entries(ports).map(([service, port]) => `  ${service}: ${port}`),
      'deployment:',
      `  name: chaos-${randomBytes(4).toString('hex')}`,
      'backups:',
      `  directory: ${JSON.stringify(join(folder, 'backups'))}`,
      'database:',
      `  data_directory: ${JSON.stringify(join(folder, 'pglite'))}`,
      '  max_connections: 5',
      'redis:',
      '  sentinel_enabled: true',
      `  sentinels: ["${sentinel}"]`,
      `  sentinel_master: ${sentinelGroupPrimaryName}`,
      // The drill polls every service from one address with one key: no rate limit.
      'security:',
      '  rate_limit:',
      '    per_ip_per_minute: 0',
      '    per_credential_per_minute: 0',
      // A market and strategy that trade every few seconds, so "trading again" is seen quickly.
      'market:',
      '  speed: 1200',
      '  seed: 41',
      'strategies:',
      '  - id: chaos-cross',
      '    kind: sma-cross',
      '    symbols: [AAPL, MSFT, JPM, XOM, JNJ]',
      '    parameters: { fast: 2, slow: 5 }',
      // Market time runs 1,200 times wall time: a 30 s fault is 10 market hours, and a signal emitted
      // during it must still be written once the database is back, not dropped as stale.
      'strategy_engine:',
      '  signal_retry_window: 24h',
      'risk_limits:',
      '  max_price_age: 4h',
      'execution:',
      '  max_approval_age: 4h',
      '  reconcile_interval: 5s',
      '  lease_ttl: 1500ms',
      '  fault_injection: true',
      'logging:',
      '  level: warn',
      '',
    ].join('\n'),
  );
}
