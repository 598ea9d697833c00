// A multi-process deployment whose supervisor is itself a child process (`ats start --distributed`), so
// a test can SIGKILL the supervisor too. Service states are read from the supervisor's status lines.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PostgresDatabase } from '@ats/persistence';
import { distributedServices, isProcessRunning, testCredentialEnvironment } from '@ats/services';
import { freePort, sleep, waitFor } from './distributed-deployment.js';
import { createFreshDatabase, type FreshDatabase } from './fresh-database.js';

/** Every service the supervisor runs: all must be up before a fault's recovery counts. */
const services = distributedServices;

interface ServiceLine {
  state: string;
  pid: number | null;
  restarts: number;
}

export class SupervisedDeployment {
  readonly lines: string[] = [];
  private supervisor: ChildProcess | null = null;
  private readonly states = new Map<string, ServiceLine>();

  private constructor(
    readonly database: PostgresDatabase,
    private readonly fresh: FreshDatabase,
    private readonly environment: NodeJS.ProcessEnv,
    readonly ports: Record<string, number>,
  ) {}

  static async start(options: {
    readonly yaml: readonly string[];
    readonly redisUrl: string;
    readonly databaseUrl: string;
  }): Promise<SupervisedDeployment> {
    const fresh = await createFreshDatabase(options.databaseUrl);
    const { name, url } = fresh;
    const ports: Record<string, number> = {};
    for (const service of services) ports[service.replace('-', '_')] = await freePort();
    const directory = mkdtempSync(join(tmpdir(), 'ats-supervised-'));
    writeFileSync(
      join(directory, 'default.yaml'),
      [
        'services:',
        ...Object.entries(ports).map(([service, port]) => `  ${service}: ${port}`),
        // `ats start --distributed` also runs the gateway on http.port: a free one, not 8000.
        'http:',
        `  port: ${await freePort()}`,
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
    const environment = {
      ...process.env,
      ATS_CONFIG_DIR: directory,
      DATABASE_URL: url,
      REDIS_URL: options.redisUrl,
      // Every service accepts the test's admin key (testAdminHeaders), and so does the CLI.
      ...testCredentialEnvironment,
    };
    const database = await PostgresDatabase.open({ url: url, maxConnections: 2 });
    const deployment = new SupervisedDeployment(database, fresh, environment, ports);
    await deployment.launchSupervisor();
    return deployment;
  }

  url(service: string): string {
    return `http://127.0.0.1:${this.ports[service.replace('-', '_')]}`;
  }

  allUp(): boolean {
    return services.every((service) => this.states.get(service)?.state === 'up');
  }

  /** Service restarts the supervisors made (each supervisor counts its own). */
  restarts(): number {
    return [...this.states.values()].reduce((sum, line) => sum + line.restarts, 0);
  }

  /** Each service's restarts, for the report when the total is not what a test expects. */
  restartsByService(): Record<string, number> {
    return Object.fromEntries([...this.states].map(([service, line]) => [service, line.restarts]));
  }

  /** SIGKILLs a service and waits until its supervisor has it up again in a new process. */
  async kill(service: string): Promise<void> {
    const before = this.states.get(service);
    if (!before?.pid) throw new Error(`${service} has no process to kill`);
    const restarts = before.restarts;
    process.kill(before.pid, 'SIGKILL');
    await waitFor(
      async () => this.states.get(service),
      (line) => line?.state === 'up' && line.restarts > restarts,
      90_000,
      `${service} restarted after SIGKILL`,
    );
  }

  /**
   * SIGKILLs the supervisor: its services must exit by themselves (they watch their parent); then a new
   * supervisor starts the deployment again and every service comes up.
   */
  async killSupervisor(): Promise<{ orphansGoneInMilliseconds: number }> {
    const pids = [...this.states.values()]
      .map((line) => line.pid)
      .filter((pid): pid is number => pid !== null);
    const killedAt = Date.now();
    this.supervisor?.kill('SIGKILL');
    await waitFor(
      async () => pids.filter(isProcessRunning),
      (left) => left.length === 0,
      30_000,
      'services exit with their supervisor',
    );
    const orphansGoneInMilliseconds = Date.now() - killedAt;
    this.states.clear();
    await this.launchSupervisor();
    return { orphansGoneInMilliseconds };
  }

  async dispose(): Promise<void> {
    const supervisor = this.supervisor;
    if (supervisor && supervisor.exitCode === null) {
      const exited = new Promise((resolve) => supervisor.once('exit', resolve));
      supervisor.kill('SIGINT');
      await Promise.race([exited, sleep(30_000)]);
      if (supervisor.exitCode === null) supervisor.kill('SIGKILL');
    }
    await this.database.close().catch(() => {});
    await this.fresh.drop().catch(() => {});
  }

  private async launchSupervisor(): Promise<void> {
    const main = fileURLToPath(new URL('../../apps/cli/dist/main.cjs', import.meta.url));
    const child = spawn(process.execPath, [main, 'start', '--distributed'], {
      env: this.environment,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.supervisor = child;
    let pending = '';
    const onData = (chunk: Buffer) => {
      pending += String(chunk);
      const parts = pending.split('\n');
      pending = parts.pop() ?? '';
      for (const line of parts) this.onLine(line);
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    await waitFor(async () => this.allUp(), Boolean, 120_000, 'every service up under the supervisor').catch(
      (error: unknown) => {
        throw new Error(`${(error as Error).message}\n${this.lines.slice(-20).join('\n')}`);
      },
    );
  }

  /** `[ats] <service> <state> (<detail>)`: the supervisor's status lines. */
  private onLine(line: string): void {
    this.lines.push(line);
    const match = /^\[ats\] ([a-z-]+) (starting|up|degraded|down|restarting|stopped)(?: \((.*)\))?$/.exec(
      line,
    );
    if (!match) return;
    const [, service, state, detail] = match as unknown as [string, string, string, string | undefined];
    const current = this.states.get(service) ?? { state, pid: null, restarts: 0 };
    current.state = state;
    const pid = detail ? /^pid (\d+)$/.exec(detail) : null;
    if (pid) current.pid = Number(pid[1]);
    if (state === 'restarting') current.restarts++;
    this.states.set(service, current);
  }
}
