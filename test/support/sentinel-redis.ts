// A Redis primary, a replica and one Sentinel of a test's own on free loopback ports (Debian's
// redis-server; the sentinel runs as `redis-sentinel`, or `redis-server --sentinel` without it).
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { freePort, sleep } from './distributed-deployment.js';

export const sentinelPrimaryName = 'ats';

export function redisServerAvailable(): boolean {
  return spawnSync('redis-server', ['--version']).status === 0;
}

async function answers(port: number): Promise<boolean> {
  const client = new Redis({ port, host: '127.0.0.1', lazyConnect: true, retryStrategy: () => null });
  client.on('error', () => {});
  try {
    await client.connect();
    return (await client.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    client.disconnect();
  }
}

async function waitUntil(what: string, check: () => Promise<boolean>, timeout = 20_000): Promise<void> {
  const deadline = Date.now() + timeout;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`${what} within ${timeout} ms`);
    await sleep(100);
  }
}

export class SentinelRedis {
  private readonly processes = new Map<number, ChildProcess>();

  private constructor(
    readonly primaryPort: number,
    readonly replicaPort: number,
    readonly sentinelPort: number,
    private readonly directory: string,
  ) {}

  static async start(): Promise<SentinelRedis> {
    const setup = new SentinelRedis(
      await freePort(),
      await freePort(),
      await freePort(),
      mkdtempSync(join(tmpdir(), 'ats-sentinel-')),
    );
    await setup.launch();
    return setup;
  }

  get sentinelAddress(): string {
    return `127.0.0.1:${this.sentinelPort}`;
  }

  private server(port: number, extra: string[]): void {
    const child = spawn(
      'redis-server',
      [
        '--port',
        String(port),
        '--bind',
        '127.0.0.1',
        '--save',
        '',
        '--appendonly',
        'no',
        '--dir',
        this.directory,
        ...extra,
      ],
      { stdio: 'ignore' },
    );
    this.processes.set(port, child);
  }

  private async launch(): Promise<void> {
    this.server(this.primaryPort, []);
    this.server(this.replicaPort, ['--replicaof', '127.0.0.1', String(this.primaryPort)]);
    await waitUntil(
      'primary and replica answer',
      async () => (await answers(this.primaryPort)) && (await answers(this.replicaPort)),
    );
    // Failover after 1 s without an answer; one sentinel is its own quorum.
    const configuration = join(this.directory, 'sentinel.conf');
    writeFileSync(
      configuration,
      [
        `port ${this.sentinelPort}`,
        'bind 127.0.0.1',
        `dir ${this.directory}`,
        `sentinel monitor ${sentinelPrimaryName} 127.0.0.1 ${this.primaryPort} 1`,
        `sentinel down-after-milliseconds ${sentinelPrimaryName} 1000`,
        `sentinel failover-timeout ${sentinelPrimaryName} 10000`,
        `sentinel parallel-syncs ${sentinelPrimaryName} 1`,
        '',
      ].join('\n'),
    );
    const sentinel =
      spawnSync('redis-sentinel', ['--version']).status === 0
        ? spawn('redis-sentinel', [configuration], { stdio: 'ignore' })
        : spawn('redis-server', [configuration, '--sentinel'], { stdio: 'ignore' });
    this.processes.set(this.sentinelPort, sentinel);
    await waitUntil('the sentinel sees the replica', async () => {
      const client = new Redis({
        port: this.sentinelPort,
        host: '127.0.0.1',
        lazyConnect: true,
        retryStrategy: () => null,
      });
      client.on('error', () => {});
      try {
        await client.connect();
        const replicas = (await client.call('SENTINEL', 'REPLICAS', sentinelPrimaryName)) as unknown[];
        return replicas.length > 0;
      } catch {
        return false;
      } finally {
        client.disconnect();
      }
    });
  }

  /** The port the sentinel names as the primary now. */
  async currentPrimaryPort(): Promise<number> {
    const client = new Redis({ port: this.sentinelPort, host: '127.0.0.1' });
    try {
      const [, port] = (await client.call('SENTINEL', 'GET-MASTER-ADDR-BY-NAME', sentinelPrimaryName)) as [
        string,
        string,
      ];
      return Number(port);
    } finally {
      client.disconnect();
    }
  }

  /** Waits until the replica has every write of the primary (WAIT 1). */
  async replicaCaughtUp(): Promise<void> {
    const client = new Redis({ port: this.primaryPort, host: '127.0.0.1' });
    try {
      const acknowledged = Number(await client.call('WAIT', '1', '5000'));
      if (acknowledged < 1) throw new Error("the replica did not acknowledge the primary's writes");
    } finally {
      client.disconnect();
    }
  }

  /** SIGKILLs the primary: the sentinel promotes the replica after its down-after time. */
  killPrimary(): void {
    this.processes.get(this.primaryPort)?.kill('SIGKILL');
  }

  async dispose(): Promise<void> {
    for (const child of this.processes.values()) {
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGKILL');
        await exited;
      }
    }
    rmSync(this.directory, { recursive: true, force: true });
  }
}
