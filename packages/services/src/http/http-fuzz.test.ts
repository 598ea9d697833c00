// A schema-aware fuzz of every route of the one-process app: >= 100,000 generated requests, no 5xx, every 4xx names its problem.
import { SeededRandom } from '@ats/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testAdminHeaders } from '../security/test-credentials.js';
import {
  buildCombinedAppFixture,
  type CombinedAppFixture,
  type RegisteredRoute,
} from '../testing/combined-app-fixture.js';
import { RouteRequestGenerator } from '../testing/route-request-generator.js';
import { SchemaValueGenerator } from '../testing/schema-value-generator.js';

/** Fixed, so a failure replays exactly; ATS_FUZZ_SEED and ATS_FUZZ_REQUESTS explore further. */
const seed = Number(process.env.ATS_FUZZ_SEED ?? 20_261_130);
// 15,000 in `npm test` (every request is also audited); the full run is
// `ATS_FUZZ_REQUESTS=100000 npx vitest run packages/services/src/http/http-fuzz.test.ts`.
const totalRequests = Number(process.env.ATS_FUZZ_REQUESTS ?? 15_000);

let fixture: CombinedAppFixture;
beforeAll(async () => {
  fixture = await buildCombinedAppFixture();
});
afterAll(async () => fixture.close());

/**
 * The order routes are visited in: a route with a schema is visited ten times for each visit of a
 * route without one (those take no input to generate, only path and body noise).
 */
function requestSchedule(routes: readonly RegisteredRoute[], total: number): RegisteredRoute[] {
  const hasInput = (route: RegisteredRoute) => Object.keys(route.schema).length > 0;
  const schedule = routes.flatMap((route) => Array.from({ length: hasInput(route) ? 10 : 1 }, () => route));
  return schedule.length <= total ? schedule : [...routes];
}

const cpuSeconds = (usage: NodeJS.CpuUsage) => (usage.user + usage.system) / 1e6;

/** What is wrong with an answer, or null: a 5xx, or a 4xx whose body does not name its problem. */
function problemOf(status: number, body: string): string | null {
  if (status >= 500) return `status ${status}`;
  if (status < 400) return null;
  let parsed: { error?: unknown; message?: unknown; field?: unknown };
  try {
    parsed = JSON.parse(body);
  } catch {
    return 'a 4xx body that is not JSON';
  }
  if (typeof parsed.error !== 'string' || typeof parsed.message !== 'string' || parsed.message === '')
    return 'a 4xx body without error and message';
  if (parsed.error === 'INVALID_INPUT' && (typeof parsed.field !== 'string' || parsed.field === ''))
    return 'an INVALID_INPUT answer without its field';
  if (/\bSELECT\b|\bINSERT\b|\bat [A-Za-z]+ \(/.test(body)) return 'SQL or a stack in the answer';
  return null;
}

describe('schema-aware HTTP fuzz', () => {
  // About 2.6 ms of cpu a request over today's 135 routes (13 s for 5,000: each request is audited, a
  // PGlite transaction, and the audit chain's verification re-reads the whole chain; the monitoring
  // status, 68 ms a refresh when it parsed the registry once per module, now parses it once: 12 ms), so
  // 15,000 here (each route 20 times or more) and more behind ATS_FUZZ_REQUESTS; the bound leaves room
  // for a machine far busier than two cores.
  it(`answers ${totalRequests} generated requests over every route without a 5xx, each 4xx naming its problem`, {
    timeout: 420_000,
  }, async () => {
    const values = new SchemaValueGenerator(new SeededRandom(seed));
    const requests = new RouteRequestGenerator(values);
    const { routes } = fixture;
    const perRoute = new Map<string, number>();
    const statuses = new Map<number, number>();
    const problems: string[] = [];
    const started = Date.now();
    const cpuAtStart = process.cpuUsage();
    const schedule = requestSchedule(routes, totalRequests);
    for (let index = 0; index < totalRequests; index++) {
      const route = schedule[index % schedule.length] as (typeof routes)[number];
      const generated = requests.request(route);
      // As an administrator, so each request reaches its route's checks (tests/security-fuzz covers the refusals).
      const request = { ...generated, headers: { ...(generated.headers as object), ...testAdminHeaders } };
      const answer = await fixture.app.inject(request);
      const key = `${route.method} ${route.url}`;
      perRoute.set(key, (perRoute.get(key) ?? 0) + 1);
      statuses.set(answer.statusCode, (statuses.get(answer.statusCode) ?? 0) + 1);
      const problem = problemOf(answer.statusCode, answer.body);
      if (problem !== null && problems.length < 20)
        problems.push(
          `${problem}: ${request.method} ${request.url} ${String(request.payload ?? '').slice(0, 200)} -> ${answer.body.slice(0, 300)}`,
        );
    }
    const counts = [...perRoute.values()];
    const statusText = [...statuses]
      .sort(([a], [b]) => a - b)
      .map(([status, count]) => `${status}:${count}`)
      .join(' ');
    console.log(
      `http fuzz: ${totalRequests} requests, seed ${seed}, ${routes.length} routes (${Math.min(...counts)}-${Math.max(...counts)} each), statuses ${statusText}, ${((Date.now() - started) / 1000).toFixed(1)} s (cpu ${(cpuSeconds(process.cpuUsage(cpuAtStart))).toFixed(1)} s)`,
    );
    expect(problems).toEqual([]);
    // Nothing the fuzz sent broke the node: it still answers, and its scheduler still lists its jobs.
    expect(
      (await fixture.app.inject({ method: 'GET', url: '/api/scheduler/jobs', headers: testAdminHeaders }))
        .statusCode,
    ).toBe(200);
    expect(
      (
        await fixture.app.inject({
          method: 'GET',
          url: '/api/trade-executor/orders',
          headers: testAdminHeaders,
        })
      ).statusCode,
    ).toBe(200);
    expect(fixture.internalErrors).toEqual([]);
    expect(perRoute.size).toBe(routes.length);
    // Every route of every service is covered, the standard ones and each module's own.
    for (const service of [
      'data-collector',
      'strategy-engine',
      'risk-manager',
      'trade-executor',
      'scheduler',
      'backtesting',
      'security',
      'audit',
      'monitoring',
      'notifications',
    ])
      expect(routes.filter((route) => route.url.startsWith(`/api/${service}/`)).length).toBeGreaterThan(2);
  });
});
