// A Redis primary, a replica and one Sentinel of the caller's own on loopback (Debian's redis-server and
// redis-cli; the sentinel runs as `redis-sentinel`, or `redis-server --sentinel` without it), for the
// chaos drill and the Sentinel failover test alike. The sentinel promotes the replica after 1 s
// without an answer from the primary; the drill's failover fault also starts the old primary again as
// a replica of the new one.
import { type ChildProcess, execFile, spawn, spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const sentinelGroupPrimaryName = 'ats';

const sleep = (milliseconds: number) => new Promise((resolve) => setTimeout(resolve, milliseconds));

/** One command through redis-cli (lines of its answer), so this needs no Redis client library. */
function redisCommand(port: number, ...parameters: string[]): Promise<string[]> {
  return new Promise((resolve, reject) => {
    execFile(
      'redis-cli',
      ['-h', '127.0.0.1', '-p', String(port), ...parameters],
      { timeout: 5_000 },
      (error, stdout) => {
        if (error) reject(error);
        else resolve(stdout.split('\n').filter((line) => line.length > 0));
      },
    );
  });
}

async function answers(port: number): Promise<boolean> {
  try {
    return (await redisCommand(port, 'PING'))[0] === 'PONG';
  } catch {
    return false;
  }
}

async function waitUntil(what: string, check: () => Promise<boolean>, timeout = 30_000): Promise<void> {
  const deadline = Date.now() + timeout;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`${what}: not within ${timeout} ms`);
    await sleep(100);
  }
}

export class SentinelRedisGroup {
  private readonly processes = new Map<number, ChildProcess>();

  private constructor(
    readonly sentinelPort: number,
    /** The primary's and the replica's ports as started (the sentinel may since have swapped their roles). */
    readonly dataPorts: readonly [number, number],
    private readonly folder: string,
  ) {}

  static async start(
    folder: string,
    ports: { data: [number, number]; sentinel: number },
  ): Promise<SentinelRedisGroup> {
    const group = new SentinelRedisGroup(ports.sentinel, ports.data, folder);
    group.server(ports.data[0], []);
    group.server(ports.data[1], ['--replicaof', '127.0.0.1', String(ports.data[0])]);
    await waitUntil(
      'Redis primary and replica answer',
      async () => (await answers(ports.data[0])) && (await answers(ports.data[1])),
    );
    const configuration = join(folder, 'sentinel.conf');
    writeFileSync(
      configuration,
      [
        `port ${ports.sentinel}`,
        'bind 127.0.0.1',
        `dir ${folder}`,
        // Failover after 1 s without an answer; one sentinel is its own quorum.
        `sentinel monitor ${sentinelGroupPrimaryName} 127.0.0.1 ${ports.data[0]} 1`,
        `sentinel down-after-milliseconds ${sentinelGroupPrimaryName} 1000`,
        `sentinel failover-timeout ${sentinelGroupPrimaryName} 10000`,
        `sentinel parallel-syncs ${sentinelGroupPrimaryName} 1`,
        '',
      ].join('\n'),
    );
    const sentinel =
      spawnSync('redis-sentinel', ['--version']).status === 0
        ? spawn('redis-sentinel', [configuration], { stdio: 'ignore' })
        : spawn('redis-server', [configuration, '--sentinel'], { stdio: 'ignore' });
    group.processes.set(ports.sentinel, sentinel);
    await waitUntil('the sentinel sees the replica', async () => (await group.replicaCount()) > 0);
    return group;
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
        this.folder,
        ...extra,
      ],
      { stdio: 'ignore' },
    );
    this.processes.set(port, child);
  }

  private async replicaCount(): Promise<number> {
    try {
      const lines = await redisCommand(this.sentinelPort, 'SENTINEL', 'REPLICAS', sentinelGroupPrimaryName);
      return lines.filter((line) => line === 'name').length;
    } catch {
      return 0;
    }
  }

  async primaryPort(): Promise<number> {
    const [, port] = await redisCommand(
      this.sentinelPort,
      'SENTINEL',
      'GET-MASTER-ADDR-BY-NAME',
      sentinelGroupPrimaryName,
    );
    return Number(port);
  }

  /** Waits until the replica has every write of the primary (WAIT 1). */
  async replicaCaughtUp(): Promise<void> {
    const [acknowledged] = await redisCommand(await this.primaryPort(), 'WAIT', '1', '5000');
    if (Number(acknowledged) < 1) throw new Error("the replica did not acknowledge the primary's writes");
  }

  /** SIGKILLs the server on the port (the sentinel promotes the replica when it was the primary). */
  kill(port: number): void {
    this.processes.get(port)?.kill('SIGKILL');
  }

  /**
   * SIGKILLs the primary, waits until the sentinel names the replica primary, then starts the old
   * primary again (the sentinel turns it into a replica). Returns the seconds until the promotion.
   */
  async failover(): Promise<number> {
    const old = await this.primaryPort();
    const startedAt = Date.now();
    this.kill(old);
    await waitUntil('the sentinel promotes the replica', async () => {
      try {
        return (await this.primaryPort()) !== old;
      } catch {
        return false;
      }
    });
    const promotedIn = (Date.now() - startedAt) / 1000;
    const now = await this.primaryPort();
    this.server(old, ['--replicaof', '127.0.0.1', String(now)]);
    await waitUntil('the old primary is back as a replica', () => answers(old));
    return promotedIn;
  }

  async dispose(): Promise<void> {
    for (const child of this.processes.values())
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGKILL');
        await exited;
      }
  }
}
