// Two instances of one ATS service partitioned by symbol (`partition_by_symbol`, leases in Redis), each
// a process of the built CLI, over a PostgreSQL database of the test's own: the harness the partition
// tests of the Data Collector and the Strategy Engine share. They differ in the service, its
// configuration and what they assert.
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { migrate, PostgresDatabase } from '@ats/persistence';
import { testAdminHeaders, testCredentialEnvironment } from '@ats/services';
import { assertRedisReachable, redisUrl } from '../redis-availability.js';
import { freePort, waitFor } from './distributed-deployment.js';

const databaseUrl = process.env.DATABASE_URL;

/** Whether the partition tests run: both need PostgreSQL and Redis, and under CI=true they must run. */
export const partitionTestsEnabled = Boolean(databaseUrl && redisUrl);
if (!partitionTestsEnabled && process.env.CI === 'true')
  throw new Error('CI=true but DATABASE_URL or REDIS_URL is not set: the partition test cannot run');

const main = fileURLToPath(new URL('../../apps/cli/dist/main.js', import.meta.url));

export type PartitionInstance = 'alpha' | 'beta';

export interface PartitionedServiceOptions {
  readonly service: 'data-collector' | 'strategy-engine';
  /** The deployment's name before a random suffix (the Redis keys of the leases and the bus). */
  readonly deploymentPrefix: string;
  /** How long a health request may take: short where the test polls it between bars. */
  readonly healthTimeoutMilliseconds: number;
}

interface RunningInstance {
  readonly child: ChildProcess;
  readonly port: number;
  readonly lines: string[];
}

export class PartitionedService {
  readonly deploymentName: string;
  /** A folder of the test's own for its configuration files. */
  readonly directory: string;
  private readonly databaseName = `ats_it_${randomBytes(5).toString('hex')}`;
  private readonly instances = new Map<PartitionInstance, RunningInstance>();
  private admin: PostgresDatabase | null = null;
  private opened: PostgresDatabase | null = null;
  private environment: Record<string, string> = {};

  constructor(private readonly options: PartitionedServiceOptions) {
    this.deploymentName = `${options.deploymentPrefix}-${randomBytes(4).toString('hex')}`;
    this.directory = mkdtempSync(join(tmpdir(), `ats-${options.service}-partition-`));
  }

  /** The test's database (open after `prepare`). */
  get database(): PostgresDatabase {
    if (!this.opened) throw new Error('the partition test database is not open: call prepare() first');
    return this.opened;
  }

  /**
   * Checks that Redis answers, creates the test's database and migrates it once, as the supervisor
   * does before it starts the services.
   */
  async prepare(): Promise<void> {
    await assertRedisReachable();
    this.admin = await PostgresDatabase.open({ url: databaseUrl as string, maxConnections: 1 });
    await this.admin.query(`CREATE DATABASE ${this.databaseName}`);
    const url = new URL(databaseUrl as string);
    url.pathname = `/${this.databaseName}`;
    this.opened = await PostgresDatabase.open({ url: url.toString(), maxConnections: 2 });
    await migrate(this.opened);
    this.environment = {
      DATABASE_URL: url.toString(),
      REDIS_URL: redisUrl as string,
      ATS_JWT_SECRET: randomBytes(24).toString('hex'),
      ...testCredentialEnvironment,
    };
  }

  /** Starts an instance on a free port; resolves once it listens. `environment` adds ATS_CONFIG_DIR. */
  async start(instance: PartitionInstance, environment: Record<string, string>): Promise<void> {
    const port = await freePort();
    const lines: string[] = [];
    const child = spawn(
      process.execPath,
      [main, 'service', this.options.service, '--instance', instance, '--port', String(port)],
      { env: { ...process.env, ...this.environment, ...environment }, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    this.instances.set(instance, { child, port, lines });
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`${instance} did not start: ${lines.join('\n')}`)),
        90_000,
      );
      const read = (chunk: Buffer) => {
        for (const line of chunk.toString().split('\n')) if (line) lines.push(line);
        if (lines.some((line) => line.includes('listening on'))) {
          clearTimeout(timer);
          resolve();
        }
      };
      child.stdout?.on('data', read);
      child.stderr?.on('data', read);
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`${instance} exited (${code}): ${lines.join('\n')}`));
      });
    });
  }

  /** The symbols the instance's health says it holds the lease of. */
  async ownedBy(instance: PartitionInstance): Promise<string[]> {
    const response = await fetch(`http://127.0.0.1:${this.instances.get(instance)?.port}/health`, {
      headers: testAdminHeaders,
      signal: AbortSignal.timeout(this.options.healthTimeoutMilliseconds),
    });
    const health = (await response.json()) as { detail: { symbols?: string[] } };
    return health.detail.symbols ?? [];
  }

  /** Waits until each instance holds `each` symbols; the split. */
  split(each: number): Promise<Record<PartitionInstance, string[]>> {
    return waitFor(
      async () => ({ alpha: await this.ownedBy('alpha'), beta: await this.ownedBy('beta') }),
      ({ alpha, beta }) => alpha.length === each && beta.length === each,
      30_000,
      `${each} symbols each`,
    );
  }

  /** The instance's output lines so far. */
  lines(instance: PartitionInstance): readonly string[] {
    return this.instances.get(instance)?.lines ?? [];
  }

  /** Sends the signal; with SIGTERM, resolves once the instance has exited (its clean stop). */
  async kill(instance: PartitionInstance, signal: 'SIGKILL' | 'SIGTERM'): Promise<void> {
    const child = this.instances.get(instance)?.child;
    if (!child) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill(signal);
    if (signal === 'SIGTERM') await exited;
  }

  async dispose(): Promise<void> {
    for (const { child } of this.instances.values()) if (child.exitCode === null) child.kill('SIGKILL');
    await this.opened?.close();
    await this.admin?.query(`DROP DATABASE IF EXISTS ${this.databaseName} WITH (FORCE)`).catch(() => {});
    await this.admin?.close();
    rmSync(this.directory, { recursive: true, force: true });
  }
}
