// Bounded backtest work: the submission past a full queue gets 429 and stores nothing, runs never exceed the concurrency, and files are parsed by the worker.
import type { BacktestJob, BacktestResult } from '@ats/backtest';
import { createRepositories, openTestDatabase, SqlBacktestRunRepository } from '@ats/persistence';
import { describe, expect, it } from 'vitest';
import { buildServiceApp } from '../http/build-http-app.js';
import { PrometheusMetrics } from '../metrics/prometheus-metrics.js';
import { testAdminHeaders, testRequestSecurity } from '../security/test-credentials.js';
import { BacktestQueue } from './backtest-queue.js';
import { BacktestingModule } from './backtesting-module.js';

/** A stand-in for the worker that holds every run until released, and records what it was given. */
function gatedRunner() {
  const jobs: BacktestJob[] = [];
  let running = 0;
  let mostAtOnce = 0;
  let release: () => void = () => {};
  const gate = new Promise<void>((resolve) => {
    release = resolve;
  });
  const run = async (job: BacktestJob) => {
    jobs.push(job);
    running++;
    mostAtOnce = Math.max(mostAtOnce, running);
    await gate;
    running--;
    return { result: { bars: 0 } as unknown as BacktestResult, report: '<html></html>' };
  };
  return { run, jobs, release: () => release(), mostAtOnce: () => mostAtOnce };
}

const request = {
  strategy: 'sma-cross',
  symbols: ['ORCL'],
  parameters: { fast: 10, slow: 30 },
  from: '2003-01-01',
  to: '2005-12-31',
};

describe('the backtest queue', () => {
  it('answers 429 to the 61st submission over a full queue and stores nothing for it', async () => {
    const test = await openTestDatabase('pglite');
    const runs = new SqlBacktestRunRepository(test.database);
    const runner = gatedRunner();
    const app = await buildServiceApp(
      new BacktestingModule({
        runs,
        marketData: createRepositories(test.database).marketData,
        metrics: new PrometheusMetrics('backtesting', false),
        onError: (error) => {
          throw error;
        },
        queue: new BacktestQueue({ concurrency: 2, maxQueueLength: 58 }),
        runInWorker: runner.run,
      }),
      { security: testRequestSecurity() },
    );
    const submit = () =>
      app.inject({ headers: testAdminHeaders, method: 'POST', url: '/runs', payload: request });

    const accepted = await Promise.all(Array.from({ length: 60 }, submit));
    expect(accepted.map((answer) => answer.statusCode)).toEqual(Array(60).fill(202));
    const refused = await submit();
    expect(refused.statusCode).toBe(429);
    expect(refused.json()).toMatchObject({ error: 'QUEUE_FULL' });
    expect(refused.json().message).toMatch(/backtest queue is full/);
    const stored = await runs.list(1000);
    expect(stored).toHaveLength(60);
    const health = (await app.inject({ headers: testAdminHeaders, method: 'GET', url: '/health' })).json();
    expect(health.detail).toEqual({ running: 2, queued: 58 });

    // The bundled file goes to the worker to read and parse; the main thread parsed nothing.
    expect(runner.jobs[0]?.request).toMatchObject({
      symbols: ['ORCL'],
      from: '2003-01-01',
      to: '2005-12-31',
      data: { kind: 'bundled', records: 'bars' },
    });

    runner.release();
    const deadline = Date.now() + 30_000;
    while ((await runs.list(1000)).some((run) => run.status !== 'succeeded') && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 50));
    expect((await runs.list(1000)).every((run) => run.status === 'succeeded')).toBe(true);
    expect(runner.mostAtOnce()).toBe(2);
    expect((await submit()).statusCode).toBe(202);
    await app.close();
    await test.dispose();
  }, 60_000);

  it('gives the place back when a submission fails before its run is stored', async () => {
    const queue = new BacktestQueue({ concurrency: 1, maxQueueLength: 0 });
    const place = queue.reserve();
    expect(() => queue.reserve()).toThrow(/queue is full/);
    place.cancel();
    expect(queue.queued).toBe(0);
    queue.reserve().cancel();
  });

  it('refuses a concurrency below 1 or a negative queue length', () => {
    expect(() => new BacktestQueue({ concurrency: 0, maxQueueLength: 1 })).toThrow(/concurrency/);
    expect(() => new BacktestQueue({ concurrency: 1, maxQueueLength: -1 })).toThrow(/queue length/);
  });
});
