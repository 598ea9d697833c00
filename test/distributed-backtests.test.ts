// Distributed backtests over BullMQ on Redis: two `ats backtest-worker` processes pull the jobs. A run
// submitted to the Backtesting service's REST API, and a whole parameter optimization, come back
// identical to a local run; a worker SIGKILLed in the middle of a job has that job taken over and
// finished by the other worker, with the same answer.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  bundledDataFile,
  type EvaluationTask,
  evaluateParameters,
  optimize,
  parseYahooCsv,
  runBacktestInWorker,
  type SerializedSeries,
} from '@ats/backtest';
import type { Ticker } from '@ats/core';
import {
  backtestQueueName,
  bullPrefixOf,
  createLogger,
  DistributedBacktestQueue,
  loadConfig,
  type RunningService,
  startServiceProcess,
  testAdminHeaders,
  testCredentialEnvironment,
  testSecurityOverrides,
} from '@ats/services';
import { Queue, QueueEvents } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertRedisReachable, redisUrl } from './redis-availability.js';
import { type CliProcess, startCliProcess } from './support/cli-process.js';
import { freePort, waitFor } from './support/distributed-deployment.js';
import { createFreshDatabase, type FreshDatabase } from './support/fresh-database.js';

const databaseUrl = process.env.DATABASE_URL;
const enabled = Boolean(databaseUrl && redisUrl);
if (!enabled && process.env.CI === 'true')
  throw new Error(
    'CI=true but DATABASE_URL or REDIS_URL is not set: the distributed backtest test cannot run',
  );

const main = fileURLToPath(new URL('../apps/cli/dist/main.cjs', import.meta.url));
const deploymentName = `bt-${randomBytes(4).toString('hex')}`;
const directory = mkdtempSync(join(tmpdir(), 'ats-backtest-workers-'));
const workers = new Map<string, CliProcess>();
let freshDatabase: FreshDatabase | null = null;
let service: RunningService | null = null;
let queue: DistributedBacktestQueue | null = null;
let environment: Record<string, string> = {};

function startWorker(name: string): Promise<void> {
  const worker = startCliProcess(name, ['backtest-worker', '--name', name], environment, 'waiting for jobs');
  workers.set(name, worker);
  return worker.ready;
}

beforeAll(async () => {
  if (!enabled) return;
  await assertRedisReachable();
  freshDatabase = await createFreshDatabase(databaseUrl as string);
  writeFileSync(
    join(directory, 'default.yaml'),
    [
      'deployment:',
      `  name: ${deploymentName}`,
      'backtesting:',
      '  distributed:',
      '    enabled: true',
      '    attempts: 3',
      // A killed worker's job is free again after 2 s; the survivor looks every second.
      '    lock_duration: 2s',
      '    stalled_interval: 1s',
      'logging:',
      '  level: warn',
      '',
    ].join('\n'),
  );
  environment = {
    ATS_CONFIG_DIR: directory,
    DATABASE_URL: freshDatabase.url,
    REDIS_URL: redisUrl as string,
    ATS_JWT_SECRET: randomBytes(24).toString('hex'),
    ...testCredentialEnvironment,
  };
  const config = loadConfig({ directory, env: environment, overrides: testSecurityOverrides });
  // The Backtesting service (migrates the database) before the workers, which only open it.
  service = await startServiceProcess({
    config,
    logger: createLogger({ level: 'silent', service: 'test' }),
    service: 'backtesting',
    port: await freePort(),
  });
  await Promise.all([startWorker('worker-a'), startWorker('worker-b')]);
  queue = new DistributedBacktestQueue({ endpoint: redisUrl as string, deploymentName, attempts: 3 });
}, 180_000);

afterAll(async () => {
  for (const { child } of workers.values()) if (child.exitCode === null) child.kill('SIGKILL');
  await queue?.close();
  await service?.stop().catch(() => {});
  const cleanup = new Queue(backtestQueueName, {
    connection: new Redis(redisUrl as string, { maxRetriesPerRequest: null }),
    prefix: bullPrefixOf(deploymentName),
  });
  await cleanup.obliterate({ force: true }).catch(() => {});
  await cleanup.close();
  await freshDatabase?.drop().catch(() => {});
  rmSync(directory, { recursive: true, force: true });
});

describe.runIf(enabled)('distributed backtests (BullMQ on Redis, two worker processes)', () => {
  it('runs a REST submission on a worker process with the result of a local run', async () => {
    const body = { strategy: 'sma-cross', symbols: ['ORCL'], from: '2001-01-01', to: '2006-12-31' };
    const submitted = await fetch(`${service?.url}/runs`, {
      method: 'POST',
      headers: { ...testAdminHeaders, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    expect(submitted.status).toBe(202);
    const { id } = (await submitted.json()) as { id: string };
    await waitFor(
      async () =>
        (
          (await (await fetch(`${service?.url}/runs/${id}`, { headers: testAdminHeaders })).json()) as {
            status: string;
          }
        ).status,
      (status) => status === 'succeeded' || status === 'failed',
      120_000,
      'the run finished by a worker',
    );
    const remote = await (
      await fetch(`${service?.url}/runs/${id}/result`, { headers: testAdminHeaders })
    ).json();
    const local = await runBacktestInWorker(
      { request: { ...body, data: { kind: 'bundled', records: 'bars' } } },
      () => {},
    );
    expect(remote).toEqual(JSON.parse(JSON.stringify(local.result)));
    const job = await queue?.runJob(id);
    expect(['worker-a', 'worker-b']).toContain(job?.processedBy);
  }, 180_000);

  it('ranks a parameter grid on the workers exactly as a local optimization does', async () => {
    const orcl = 'ORCL' as Ticker;
    const bars = new Map([
      [
        orcl,
        parseYahooCsv(readFileSync(bundledDataFile('ORCL') as string, 'utf8'), {
          symbol: orcl,
          from: '2003-01-01',
          to: '2007-12-31',
        }),
      ],
    ]);
    const base = {
      strategyKind: 'sma-cross',
      bars,
      space: { kind: 'grid' as const, values: { fast: [3, 5, 10, 15], slow: [20, 30, 50] } },
      metric: 'sharpe' as const,
      startingCash: '100000',
      rules: {
        marketFill: 'next-open' as const,
        slippage: { kind: 'none' as const },
        commission: { kind: 'basis-points' as const, basisPoints: 10 },
      },
    };
    const local = await optimize({ ...base, workers: 1 });
    const distributed = await optimize({ ...base, workers: 1, evaluator: queue as DistributedBacktestQueue });
    expect(distributed).toHaveLength(12);
    expect(distributed).toEqual(local);
    // Every evaluation ran on a worker process (their output lines may trail the results a little).
    await waitFor(
      async () =>
        [...workers.values()]
          .flatMap((worker) => worker.lines)
          .filter((line) => line.includes('evaluate job') && line.endsWith('completed')).length,
      (count) => count === 12,
      30_000,
      'twelve evaluations completed by the workers',
    );
  }, 240_000);

  it('ats optimize --distributed writes the same ranking as ats optimize on local threads', async () => {
    const run = (extra: string[], folder: string) =>
      new Promise<string>((resolve, reject) => {
        const child = spawn(
          process.execPath,
          [
            main,
            'optimize',
            '--strategy',
            'sma-cross',
            '--symbols',
            'ORCL',
            '--grid',
            'fast=4:12:4',
            '--grid',
            'slow=20:40:10',
            '--from',
            '2004-01-01',
            '--to',
            '2008-12-31',
            '--report',
            folder,
            ...extra,
          ],
          { env: { ...process.env, ...environment }, stdio: ['ignore', 'pipe', 'pipe'] },
        );
        let output = '';
        child.stdout?.on('data', (chunk: Buffer) => {
          output += chunk.toString();
        });
        child.stderr?.on('data', (chunk: Buffer) => {
          output += chunk.toString();
        });
        child.once('exit', (code) =>
          code === 0
            ? resolve(readFileSync(join(folder, 'optimization.json'), 'utf8'))
            : reject(new Error(`ats optimize exited ${code}: ${output}`)),
        );
      });
    const evaluated = () =>
      [...workers.values()]
        .flatMap((worker) => worker.lines)
        .filter((line) => line.includes('evaluate job') && line.endsWith('completed')).length;
    const before = evaluated();
    const distributed = await run(['--distributed'], join(directory, 'distributed-report'));
    // The nine candidates were evaluated by the worker processes.
    await waitFor(
      async () => evaluated() - before,
      (count) => count === 9,
      30_000,
      'nine evaluations on the workers',
    );
    const local = await run(['--workers', '1'], join(directory, 'local-report'));
    expect(JSON.parse(distributed)).toHaveLength(9);
    expect(distributed).toBe(local);
  }, 240_000);

  it('finishes a job on the other worker when the one holding it is SIGKILLed mid-job', async () => {
    // A long history (a seeded random walk, 120,000 daily bars) keeps the job busy for a while.
    const length = 120_000;
    const shared = new SharedArrayBuffer(6 * length * 8);
    const column = (index: number) => new Float64Array(shared, index * length * 8, length);
    const series: SerializedSeries = {
      symbol: 'WALK',
      time: column(0),
      open: column(1),
      high: column(2),
      low: column(3),
      close: column(4),
      volume: column(5),
    };
    let seed = 42;
    let price = 1_000_000; // 100.0000 in fixed point
    for (let index = 0; index < length; index++) {
      seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
      const step = Math.round(((seed / 2_147_483_648) * 2 - 1) * 5_000);
      const open = price;
      price = Math.max(10_000, price + step);
      series.time[index] = Date.UTC(1700, 0, 1) + index * 86_400_000;
      series.open[index] = open;
      series.high[index] = Math.max(open, price) + 500;
      series.low[index] = Math.min(open, price) - 500;
      series.close[index] = price;
      series.volume[index] = 1_000_000;
    }
    const task: EvaluationTask = {
      strategyKind: 'sma-cross',
      parameters: { fast: 5, slow: 20 },
      series: [series],
      from: Number.NEGATIVE_INFINITY,
      to: Number.POSITIVE_INFINITY,
      startingCash: '100000',
      rules: {
        marketFill: 'next-open',
        slippage: { kind: 'none' },
        commission: { kind: 'basis-points', basisPoints: 10 },
      },
    };
    const events = new QueueEvents(backtestQueueName, {
      connection: new Redis(redisUrl as string, { maxRetriesPerRequest: null }),
      prefix: bullPrefixOf(deploymentName),
    });
    await events.waitUntilReady();
    const jobs = new Queue(backtestQueueName, {
      connection: new Redis(redisUrl as string, { maxRetriesPerRequest: null }),
      prefix: bullPrefixOf(deploymentName),
    });
    let killed: string | null = null;
    let jobId: string | null = null;
    events.on('active', ({ jobId: active }) => {
      if (killed) return;
      void jobs.getJob(active).then((job) => {
        if (killed || !job?.processedBy) return;
        killed = job.processedBy;
        jobId = active;
        workers.get(killed)?.child.kill('SIGKILL');
      });
    });
    try {
      const remote = await (queue as DistributedBacktestQueue).evaluate(task);
      expect(killed).not.toBeNull();
      const job = await jobs.getJob(jobId as unknown as string);
      // Taken again after its holder died, and finished by the survivor.
      expect(job?.processedBy).not.toBe(killed);
      expect(job?.attemptsStarted).toBeGreaterThanOrEqual(2);
      // The killed worker never finished it (whether its "started" line left the pipe before the
      // SIGKILL is a race; attemptsStarted above says the job was taken twice).
      const lines = workers.get(killed as unknown as string)?.lines ?? [];
      expect(lines.some((line) => line.includes(`job ${jobId} completed`))).toBe(false);
      const local = await evaluateParameters(task);
      expect(remote).toEqual(local);
      expect(remote.metrics.trades).toBeGreaterThan(100);
    } finally {
      await events.close();
      await jobs.close();
    }
  }, 240_000);
});
