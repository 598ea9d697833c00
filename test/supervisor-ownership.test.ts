// One supervisor per deployment, proven with the built `ats start --distributed` on the real servers: a second start refuses, a SIGKILLed supervisor takes its services with it and leaves no lock behind, an unreachable Redis is refused at start.
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { distributedServices, freePort, isProcessRunning } from '@ats/services';
import { afterAll, describe, expect, it } from 'vitest';
import { assertRedisReachable } from './redis-availability.js';
import { createFreshDatabase } from './support/fresh-database.js';

const databaseUrl = process.env.DATABASE_URL;
const redisUrl = process.env.REDIS_URL;
const enabled = Boolean(databaseUrl && redisUrl);
if (!enabled) {
  if (process.env.CI === 'true')
    throw new Error('CI=true but DATABASE_URL or REDIS_URL is not set: the supervisor test cannot run');
  console.warn('supervisor ownership test: DATABASE_URL and REDIS_URL are not both set; skipped');
}

const main = fileURLToPath(new URL('../apps/cli/dist/main.cjs', import.meta.url));

async function until(
  condition: () => boolean,
  what: string,
  timeout = 20_000,
  context: () => string = () => '',
): Promise<void> {
  const deadline = Date.now() + timeout;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`${what}: not within ${timeout} ms\n${context()}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

interface Started {
  readonly child: ChildProcess;
  readonly output: () => string;
  readonly exited: Promise<number | null>;
}

function startPlatform(env: Record<string, string>): Started {
  let output = '';
  const child = spawn(process.execPath, [main, 'start', '--distributed'], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (chunk: Buffer) => {
    output += String(chunk);
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    output += String(chunk);
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, output: () => output, exited };
}

/** The pids of the services the supervisor started, from its "<service> starting (pid N)" lines. */
function servicePids(output: string): number[] {
  return [...output.matchAll(/^\[ats\] \S+ starting \(pid (\d+)\)/gm)].map((match) => Number(match[1]));
}

const cleanups: (() => Promise<void> | void)[] = [];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

describe.runIf(enabled)('one supervisor per deployment', () => {
  it('refuses a second start, and a SIGKILLed supervisor takes its services with it and leaves no lock', async () => {
    await assertRedisReachable();
    const database = await createFreshDatabase(databaseUrl as string, 'ats_own');
    cleanups.push(() => database.drop());
    const { name, url } = database;
    const services = distributedServices.map((service) => service.replace('-', '_'));
    const directory = mkdtempSync(join(tmpdir(), 'ats-own-'));
    // `ats start --distributed` also runs the gateway on http.port: a free one, not 8000.
    const lines = ['http:', `  port: ${await freePort()}`, 'services:'];
    for (const service of services) lines.push(`  ${service}: ${await freePort()}`);
    lines.push('deployment:', `  name: own-${name}`, 'logging:', '  level: warn', 'backups:');
    lines.push(`  directory: ${JSON.stringify(join(directory, 'backups'))}`, '');
    writeFileSync(join(directory, 'default.yaml'), lines.join('\n'));
    const env = { ATS_CONFIG_DIR: directory, DATABASE_URL: url, REDIS_URL: redisUrl as string };

    const first = startPlatform(env);
    cleanups.push(() => {
      first.child.kill('SIGKILL');
    });
    await until(
      () => first.output().includes('all services are up'),
      'first start up',
      150_000,
      () => first.output().split('\n').slice(-25).join('\n'),
    );
    const pids = servicePids(first.output());
    expect(pids).toHaveLength(distributedServices.length + 1); // and the gateway;
    cleanups.push(() => {
      for (const pid of pids) if (isProcessRunning(pid)) process.kill(pid, 'SIGKILL');
    });

    // A second start on the same deployment refuses at once, naming the running supervisor.
    const second = startPlatform(env);
    const secondCode = await second.exited;
    expect(secondCode).not.toBe(0);
    expect(second.output()).toContain(`deployment 'own-${name}' is already running`);
    expect(second.output()).toContain(`process ${first.child.pid}`);
    expect(second.output()).not.toContain('all services are up');
    expect(servicePids(second.output())).toEqual([]);

    // SIGKILL the supervisor: every service it started exits on its own.
    first.child.kill('SIGKILL');
    await first.exited;
    await until(() => pids.every((pid) => !isProcessRunning(pid)), 'services gone after their supervisor');

    // Its lock died with its session: the next start runs.
    const third = startPlatform(env);
    cleanups.push(() => {
      third.child.kill('SIGKILL');
    });
    await until(
      () => third.output().includes('all services are up'),
      'third start up',
      150_000,
      () => third.output().split('\n').slice(-25).join('\n'),
    );
    const thirdPids = servicePids(third.output());
    expect(thirdPids).toHaveLength(distributedServices.length + 1); // and the gateway;
    third.child.kill('SIGTERM');
    expect(await third.exited).toBe(0);
    expect(thirdPids.every((pid) => !isProcessRunning(pid))).toBe(true);
  }, 360_000);

  const redisServer = spawnSync('redis-server', ['--version']).status === 0;
  it.runIf(redisServer)(
    'stops on Ctrl-C with its services after Redis went away',
    async () => {
      // A Redis of our own, on another loopback port: the machine's Redis serves the other tests.
      const redisPort = await freePort();
      const redis = spawn(
        'redis-server',
        ['--port', String(redisPort), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
        { stdio: 'ignore' },
      );
      cleanups.push(() => {
        redis.kill('SIGKILL');
      });
      const database = await createFreshDatabase(databaseUrl as string, 'ats_own');
      cleanups.push(() => database.drop());
      const { name, url } = database;
      const directory = mkdtempSync(join(tmpdir(), 'ats-own-stop-'));
      // `ats start --distributed` also runs the gateway on http.port: a free one, not 8000.
      const lines = ['http:', `  port: ${await freePort()}`, 'services:'];
      for (const service of ['data_collector', 'strategy_engine', 'risk_manager', 'trade_executor'])
        lines.push(`  ${service}: ${await freePort()}`);
      lines.push(`  scheduler: ${await freePort()}`, `  backtesting: ${await freePort()}`);
      lines.push(`  security: ${await freePort()}`, `  audit: ${await freePort()}`);
      lines.push(`  notifications: ${await freePort()}`, `  monitoring: ${await freePort()}`);
      lines.push('deployment:', `  name: stop-${name}`, 'logging:', '  level: warn', '');
      writeFileSync(join(directory, 'default.yaml'), lines.join('\n'));
      const started = startPlatform({
        ATS_CONFIG_DIR: directory,
        DATABASE_URL: url,
        REDIS_URL: `redis://127.0.0.1:${redisPort}`,
      });
      cleanups.push(() => {
        started.child.kill('SIGKILL');
      });
      await until(
        () => started.output().includes('all services are up'),
        'platform up',
        150_000,
        () => started.output().split('\n').slice(-25).join('\n'),
      );
      const pids = servicePids(started.output());
      expect(pids).toHaveLength(distributedServices.length + 1); // and the gateway;

      redis.kill('SIGKILL');
      started.child.kill('SIGINT');
      // Bounded: the supervisor's stop budget kills whatever hangs, then it exits.
      const code = await Promise.race([
        started.exited,
        new Promise<'hung'>((resolve) => setTimeout(() => resolve('hung'), 60_000)),
      ]);
      expect(code).not.toBe('hung');
      // A service whose stop hung past the supervisor's budget exits by itself once it sees its
      // supervisor gone (a 1 s watch, then at most 5 s of grace): none is left running after that.
      await until(() => pids.filter(isProcessRunning).length === 0, 'every service gone', 15_000).catch(
        () => {},
      );
      expect(pids.filter(isProcessRunning)).toEqual([]);
    },
    240_000,
  );

  it('refuses to start when Redis does not answer, without starting a service', async () => {
    const deadRedis = `redis://127.0.0.1:${await freePort()}`;
    const directory = mkdtempSync(join(tmpdir(), 'ats-own-redis-'));
    writeFileSync(
      join(directory, 'default.yaml'),
      `deployment:\n  name: own-redis-${randomBytes(4).toString('hex')}\nlogging:\n  level: warn\n`,
    );
    const started = startPlatform({
      ATS_CONFIG_DIR: directory,
      DATABASE_URL: databaseUrl as string,
      REDIS_URL: deadRedis,
    });
    cleanups.push(() => {
      started.child.kill('SIGKILL');
    });
    expect(await started.exited).not.toBe(0);
    expect(started.output()).toContain(`Redis at ${deadRedis}`);
    expect(started.output()).not.toContain('all services are up');
    expect(servicePids(started.output())).toEqual([]);
  }, 60_000);
});
