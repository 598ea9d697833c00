// A Redis Cluster of a test's own on loopback: three primaries (Debian's redis-server with
// --cluster-enabled yes) joined by `redis-cli --cluster create`, on free ports below 55536 (each
// node's cluster bus listens on its port + 10000).
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { sleep } from './distributed-deployment.js';

export function redisClusterToolsAvailable(): boolean {
  return (
    spawnSync('redis-server', ['--version']).status === 0 &&
    spawnSync('redis-cli', ['--version']).status === 0
  );
}

function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

/** A port whose +10000 (the cluster bus) is free too. */
async function clusterPort(taken: Set<number>): Promise<number> {
  for (let attempt = 0; attempt < 200; attempt++) {
    const port = 20_000 + Math.floor(Math.random() * 25_000);
    if (taken.has(port) || taken.has(port + 10_000)) continue;
    if ((await portIsFree(port)) && (await portIsFree(port + 10_000))) {
      taken.add(port);
      return port;
    }
  }
  throw new Error('no free port pair for a cluster node');
}

async function clusterState(port: number): Promise<string> {
  const client = new Redis({ port, host: '127.0.0.1', lazyConnect: true, retryStrategy: () => null });
  client.on('error', () => {});
  try {
    await client.connect();
    const info = String(await client.call('CLUSTER', 'INFO'));
    return /cluster_state:(\w+)/.exec(info)?.[1] ?? 'unknown';
  } catch {
    return 'down';
  } finally {
    client.disconnect();
  }
}

export class RedisClusterFixture {
  private readonly processes: ChildProcess[] = [];

  private constructor(
    readonly ports: readonly number[],
    private readonly directory: string,
  ) {}

  /** `host:port` of every node, as `redis.cluster_endpoints` takes them. */
  get endpoints(): string[] {
    return this.ports.map((port) => `127.0.0.1:${port}`);
  }

  static async start(primaries = 3): Promise<RedisClusterFixture> {
    const taken = new Set<number>();
    const ports: number[] = [];
    for (let index = 0; index < primaries; index++) ports.push(await clusterPort(taken));
    const fixture = new RedisClusterFixture(ports, mkdtempSync(join(tmpdir(), 'ats-cluster-')));
    await fixture.launch();
    return fixture;
  }

  private async launch(): Promise<void> {
    for (const port of this.ports) {
      const directory = join(this.directory, String(port));
      mkdirSync(directory);
      const child = spawn(
        'redis-server',
        [
          '--port',
          String(port),
          '--bind',
          '127.0.0.1',
          '--cluster-enabled',
          'yes',
          '--cluster-config-file',
          'nodes.conf',
          '--cluster-node-timeout',
          '2000',
          '--save',
          '',
          '--appendonly',
          'no',
          '--dir',
          directory,
        ],
        { stdio: 'ignore' },
      );
      this.processes.push(child);
    }
    const deadline = Date.now() + 20_000;
    while ((await Promise.all(this.ports.map(clusterState))).includes('down')) {
      if (Date.now() > deadline) throw new Error('the cluster nodes did not answer within 20 s');
      await sleep(100);
    }
    const created = spawnSync(
      'redis-cli',
      ['--cluster', 'create', ...this.endpoints, '--cluster-replicas', '0', '--cluster-yes'],
      { encoding: 'utf8', timeout: 60_000 },
    );
    if (created.status !== 0)
      throw new Error(`redis-cli --cluster create failed: ${created.stdout}${created.stderr}`);
    while ((await Promise.all(this.ports.map(clusterState))).some((state) => state !== 'ok')) {
      if (Date.now() > deadline + 40_000) throw new Error('the cluster did not reach cluster_state:ok');
      await sleep(200);
    }
  }

  /** The port of the primary that serves `key`'s hash slot. */
  async ownerOf(key: string): Promise<number> {
    const client = new Redis({ port: this.ports[0] as number, host: '127.0.0.1' });
    try {
      const slot = Number(await client.call('CLUSTER', 'KEYSLOT', key));
      const ranges = (await client.call('CLUSTER', 'SLOTS')) as [number, number, [string, number]][];
      const range = ranges.find(([from, to]) => slot >= from && slot <= to);
      if (!range) throw new Error(`no node serves slot ${slot}`);
      return Number(range[2][1]);
    } finally {
      client.disconnect();
    }
  }

  async dispose(): Promise<void> {
    for (const child of this.processes) {
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGKILL');
        await exited;
      }
    }
    rmSync(this.directory, { recursive: true, force: true });
  }
}
