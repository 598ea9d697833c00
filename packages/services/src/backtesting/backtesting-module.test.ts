// The Backtesting Engine's REST API: submit runs (bundled data and market_ohlcv), follow progress, fetch results.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseYahooCsv } from '@ats/backtest';
import type { Ticker } from '@ats/core';
import {
  createRepositories,
  openTestDatabase,
  SqlBacktestRunRepository,
  testDatabaseKinds,
} from '@ats/persistence';
import { describe, expect, it } from 'vitest';
import { buildServiceApp } from '../http/build-http-app.js';
import { PrometheusMetrics } from '../metrics/prometheus-metrics.js';
import { testAdminHeaders, testRequestSecurity } from '../security/test-credentials.js';
import { BacktestingModule } from './backtesting-module.js';

describe.each(testDatabaseKinds())('backtesting API on %s', (kind) => {
  it('runs a backtest in the background and serves its progress, result and report', async () => {
    const test = await openTestDatabase(kind);
    const repositories = createRepositories(test.database);
    const app = await buildServiceApp(
      new BacktestingModule({
        runs: new SqlBacktestRunRepository(test.database),
        marketData: repositories.marketData,
        metrics: new PrometheusMetrics('backtesting', false),
        onError: (error) => {
          throw error;
        },
      }),
      { security: testRequestSecurity() },
    );
    const submit = async (body: Record<string, unknown>) =>
      app.inject({ headers: testAdminHeaders, method: 'POST', url: '/runs', payload: body });
    const wait = async (id: string) => {
      const deadline = Date.now() + 30_000;
      for (;;) {
        const run = (
          await app.inject({ headers: testAdminHeaders, method: 'GET', url: `/runs/${id}` })
        ).json() as {
          status: string;
          progress: number;
        };
        if (run.status === 'succeeded' || run.status === 'failed' || Date.now() > deadline) return run;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    };

    const accepted = await submit({
      strategy: 'sma-cross',
      symbols: ['ORCL'],
      parameters: { fast: 10, slow: 30 },
      from: '2003-01-01',
      to: '2005-12-31',
      commissionBps: 10,
    });
    expect(accepted.statusCode).toBe(202);
    const { id } = accepted.json() as { id: string };
    expect(await wait(id)).toMatchObject({ status: 'succeeded', progress: 1 });
    const result = (
      await app.inject({ headers: testAdminHeaders, method: 'GET', url: `/runs/${id}/result` })
    ).json() as {
      bars: number;
      metrics: { trades: number };
    };
    expect(result.bars).toBe(756);
    const report = await app.inject({ headers: testAdminHeaders, method: 'GET', url: `/runs/${id}/report` });
    expect(report.headers['content-type']).toContain('text/html');
    expect(report.body).toContain('<svg');
    const list = (await app.inject({ headers: testAdminHeaders, method: 'GET', url: '/runs' })).json() as {
      id: string;
    }[];
    expect(list.map((run) => run.id)).toContain(id);

    // From the market_ohlcv table: store the same bars, then ask for the database source.
    const text = readFileSync(
      fileURLToPath(new URL('../../../backtest/fixtures/orcl-1995-2014.txt', import.meta.url)),
      'utf8',
    );
    await repositories.marketData.appendBars(
      parseYahooCsv(text, { symbol: 'ORCL' as Ticker, from: '2003-01-01', to: '2005-12-31' }),
    );
    const fromDatabase = await submit({
      strategy: 'sma-cross',
      symbols: ['ORCL'],
      parameters: { fast: 10, slow: 30 },
      from: '2003-01-01',
      to: '2005-12-31',
      commissionBps: 10,
      source: 'database',
    });
    const second = (fromDatabase.json() as { id: string }).id;
    expect(await wait(second)).toMatchObject({ status: 'succeeded' });
    const again = (
      await app.inject({ headers: testAdminHeaders, method: 'GET', url: `/runs/${second}/result` })
    ).json() as {
      finalEquity: string;
    };
    expect(again.finalEquity).toBe((result as unknown as { finalEquity: string }).finalEquity);

    // Bad requests name what is wrong.
    expect((await submit({ strategy: 'nope', symbols: ['ORCL'] })).json()).toMatchObject({
      error: 'INVALID_INPUT',
    });
    expect(
      (await submit({ strategy: 'sma-cross', symbols: ['ORCL'], parameters: { fast: 30, slow: 10 } })).json()
        .message,
    ).toMatch(/fast: 30 must be less than slow/);
    const missing = await submit({ strategy: 'sma-cross', symbols: ['ZZZZ'], source: 'database' });
    expect(missing.statusCode, missing.body).toBe(400);
    // A range the bundled file has no bar in is refused before a run is queued (a weekend, a future year).
    for (const range of [
      { from: '2003-01-04', to: '2003-01-05' },
      { from: '2030-01-01', to: '2030-12-31' },
    ]) {
      const empty = await submit({ strategy: 'sma-cross', symbols: ['ORCL'], ...range });
      expect(empty.statusCode, empty.body).toBe(400);
      expect(empty.json().message).toMatch(/no bundled bars of ORCL between/);
    }
    expect(
      (
        await app.inject({
          headers: testAdminHeaders,
          method: 'GET',
          url: '/runs/00000000-0000-4000-8000-000000000000',
        })
      ).statusCode,
    ).toBe(404);
    await app.close();
    await test.dispose();
  }, 90_000);
});
