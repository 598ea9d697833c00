// The backtesting API runs a configured plug-in strategy by its configured id (on the worker
// thread, from its file), and refuses a path sent by a client.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRepositories, openTestDatabase, SqlBacktestRunRepository } from '@ats/persistence';
import { describe, expect, it } from 'vitest';
import { buildServiceApp } from '../http/build-http-app.js';
import { PrometheusMetrics } from '../metrics/prometheus-metrics.js';
import { testAdminHeaders, testRequestSecurity } from '../security/test-credentials.js';
import { BacktestingModule } from './backtesting-module.js';

const folder = mkdtempSync(join(tmpdir(), 'ats-api-plugin-'));
const file = join(folder, 'every-other-week.ts');
writeFileSync(
  file,
  `import type { Bar } from '@ats/core';
import { Strategy, type StrategyContext } from '@ats/engine';
export default class EveryOtherWeek extends Strategy {
  private bars = 0;
  override onBar(bar: Bar, context: StrategyContext): void {
    const long = Math.floor(this.bars++ / 5) % 2 === 0;
    if (long && context.position(bar.symbol) <= 0) context.signal(bar.symbol, 'LONG');
    else if (!long && context.position(bar.symbol) > 0) context.signal(bar.symbol, 'FLAT');
  }
}
`,
);

describe('backtesting API with a plug-in strategy', () => {
  it('runs a configured plug-in by its id and refuses a path', async () => {
    const test = await openTestDatabase('pglite');
    const repositories = createRepositories(test.database);
    const app = await buildServiceApp(
      new BacktestingModule({
        runs: new SqlBacktestRunRepository(test.database),
        marketData: repositories.marketData,
        metrics: new PrometheusMetrics('backtesting', false),
        onError: (error) => {
          throw error;
        },
        plugins: new Map([['weekly', file]]),
      }),
      { security: testRequestSecurity() },
    );
    const submit = (strategy: string) =>
      app.inject({
        headers: testAdminHeaders,
        method: 'POST',
        url: '/runs',
        payload: { strategy, symbols: ['ORCL'], from: '2004-01-01', to: '2004-12-31' },
      });
    const accepted = await submit('weekly');
    expect(accepted.statusCode).toBe(202);
    const { id } = accepted.json() as { id: string };
    const deadline = Date.now() + 280_000;
    let status = 'queued';
    while (status !== 'succeeded' && status !== 'failed' && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      status = (
        (await app.inject({ headers: testAdminHeaders, method: 'GET', url: `/runs/${id}` })).json() as {
          status: string;
        }
      ).status;
    }
    expect(status).toBe('succeeded');
    const result = (
      await app.inject({ headers: testAdminHeaders, method: 'GET', url: `/runs/${id}/result` })
    ).json() as { bars: number; fills: unknown[]; strategies: { strategyId: string }[] };
    expect(result.bars).toBe(252);
    expect(result.fills.length).toBeGreaterThan(40);
    expect(result.strategies.map((strategy) => strategy.strategyId)).toEqual(['every-other-week']);
    const refused = await submit('nothing-here');
    expect(refused.statusCode).toBe(400);
    expect(refused.json().message).toContain("body.strategy: 'nothing-here' is not one of sma-cross");
    expect(refused.json().message).toContain('weekly');
    await test.dispose();
  }, 400_000);
});
