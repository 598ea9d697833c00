// Two instances of one ATS service partitioned by symbol (`partition_by_symbol`, leases in Redis), each
// a process of the built CLI, over a PostgreSQL database of the test's own: the harness the partition
// tests of the Data Collector and the Strategy Engine share. They differ in the service, its
// configuration and what they assert.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { migrate, PostgresDatabase } from '@ats/persistence';
import { testAdminHeaders, testCredentialEnvironment } from '@ats/services';
import { assertRedisReachable, redisUrl } from '../redis-availability.js';
import { type CliProcess, startCliProcess } from './cli-process.js';
import { freePort, waitFor } from './distributed-deployment.js';
import { createFreshDatabase, type FreshDatabase } from './fresh-database.js';

const databaseUrl = process.env.DATABASE_URL;

/** Whether the partition tests run: both need PostgreSQL and Redis, and under CI=true they must run. */
export const partitionTestsEnabled = Boolean(databaseUrl && redisUrl);
if (!partitionTestsEnabled && process.env.CI === 'true')
  throw new Error('CI=true but DATABASE_URL or REDIS_URL is not set: the partition test cannot run');

export type PartitionInstance = 'alpha' | 'beta';

export interface PartitionedServiceOptions {
  readonly service: 'data-collector' | 'strategy-engine';
  /** The deployment's name before a random suffix (the Redis keys of the leases and the bus). */
  readonly deploymentPrefix: string;
  /** How long a health request may take: short where the test polls it between bars. */
  readonly healthTimeoutMilliseconds: number;
}

interface RunningInstance extends CliProcess {
  readonly port: number;
}

export class PartitionedService {
  readonly deploymentName: string;
  /** A folder of the test's own for its configuration files. */
  readonly directory: string;
  private readonly instances = new Map<PartitionInstance, RunningInstance>();
  private freshDatabase: FreshDatabase | null = null;
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
    this.freshDatabase = await createFreshDatabase(databaseUrl as string);
    this.opened = await PostgresDatabase.open({ url: this.freshDatabase.url, maxConnections: 2 });
    await migrate(this.opened);
    this.environment = {
      DATABASE_URL: this.freshDatabase.url,
      REDIS_URL: redisUrl as string,
      ATS_JWT_SECRET: randomBytes(24).toString('hex'),
      ...testCredentialEnvironment,
    };
  }

  /** Starts an instance on a free port; resolves once it listens. `environment` adds ATS_CONFIG_DIR. */
  async start(instance: PartitionInstance, environment: Record<string, string>): Promise<void> {
    const port = await freePort();
    const started = startCliProcess(
      instance,
      ['service', this.options.service, '--instance', instance, '--port', String(port)],
      { ...this.environment, ...environment },
      'listening on',
    );
    this.instances.set(instance, { ...started, port });
    await started.ready;
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
    await this.freshDatabase?.drop().catch(() => {});
    rmSync(this.directory, { recursive: true, force: true });
  }
}
