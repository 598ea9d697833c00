// What the per-request hooks every service app installs cost: the RED metrics hook (onResponse: a
// counter and a histogram by route template) and the correlation context (onRequest: the request runs
// under its id). The same route is asked on a bare Fastify app and on one with the hook, in alternating
// rounds (so load on the shared machine falls on both alike); each round's added cost per request is the
// difference of the two means. Reported: median and p10/p90 of the rounds' differences.
import { performance } from 'node:perf_hooks';
import { registerCorrelationContext, registerHttpRequestMetrics } from '@ats/services';
import Fastify, { type FastifyInstance } from 'fastify';
import { Registry } from 'prom-client';
import { type BenchmarkRow, type BenchmarkSuite, formatSignedDuration, quantile } from '../benchmark-row.js';
import { loadText } from '../run-statistics.js';

// Short rounds, many of them: a load spike spoils few rounds, and the median ignores them.
const requestsPerRound = 500;
const rounds = 120;

function appWith(install: (app: FastifyInstance) => void): FastifyInstance {
  const app = Fastify({ logger: false });
  install(app);
  app.get('/orders/:id', async (request) => ({
    id: (request.params as { id: string }).id,
    status: 'FILLED',
  }));
  return app;
}

/** Mean milliseconds per request over one round of injected requests (no socket: only the app's work). */
async function roundOn(app: FastifyInstance, round: number): Promise<number> {
  const started = performance.now();
  for (let index = 0; index < requestsPerRound; index += 1) {
    const answer = await app.inject({ method: 'GET', url: `/orders/${round}-${index}` });
    if (answer.statusCode !== 200) throw new Error(`bench route answered ${answer.statusCode}`);
  }
  return (performance.now() - started) / requestsPerRound;
}

/** The hook's added cost per request, round by round, against the bare app. */
async function addedCost(
  hooked: FastifyInstance,
  bare: FastifyInstance,
): Promise<{
  added: number[];
  bare: number[];
}> {
  // Warm-up: both apps compiled and their routes' serializers built.
  await roundOn(bare, -1);
  await roundOn(hooked, -1);
  const added: number[] = [];
  const bareMeans: number[] = [];
  for (let round = 0; round < rounds; round += 1) {
    // Alternate which goes first, so a load spike is as likely to fall on either.
    const first = round % 2 === 0;
    const bareMean = first ? await roundOn(bare, round) : 0;
    const hookedMean = await roundOn(hooked, round);
    const bareSecond = first ? bareMean : await roundOn(bare, round);
    added.push(hookedMean - bareSecond);
    bareMeans.push(bareSecond);
  }
  return { added, bare: bareMeans };
}

function describe(values: readonly number[]): string {
  const sorted = [...values].sort((a, b) => a - b);
  return `median ${formatSignedDuration(quantile(sorted, 0.5))} (p10 ${formatSignedDuration(quantile(sorted, 0.1))}, p90 ${formatSignedDuration(quantile(sorted, 0.9))}, ${sorted.length} rounds of ${requestsPerRound})`;
}

export const httpRequestMetricsSuite: BenchmarkSuite = {
  name: 'http-request-metrics',
  async run(): Promise<readonly BenchmarkRow[]> {
    const bare = appWith(() => {});
    const metrics = appWith((app) => registerHttpRequestMetrics(app, new Registry()));
    const correlation = appWith((app) => registerCorrelationContext(app));
    try {
      const withMetrics = await addedCost(metrics, bare);
      const withCorrelation = await addedCost(correlation, bare);
      const load = loadText();
      return [
        {
          component: 'HTTP: a request without hooks',
          metric: 'time per request (inject)',
          target: '',
          measured: `${describe(withMetrics.bare)}; ${load}`,
          ratio: Number.NaN,
        },
        {
          component: 'HTTP: RED metrics hook (onResponse)',
          metric: 'added time per request',
          target: '',
          measured: `${describe(withMetrics.added)}; ${load}`,
          ratio: Number.NaN,
        },
        {
          component: 'HTTP: correlation context hook (onRequest)',
          metric: 'added time per request',
          target: '',
          measured: `${describe(withCorrelation.added)}; ${load}`,
          ratio: Number.NaN,
        },
      ];
    } finally {
      await Promise.all([bare.close(), metrics.close(), correlation.close()]);
    }
  },
};
