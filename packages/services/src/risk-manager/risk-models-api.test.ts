// The risk models on a running one-process node: the configured sizer sizes a signal, the monitor's
// figures, VaR by every method, stress tests replayed from stored daily bars, and the stored VaR history.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  type Bar,
  deriveUuid,
  type EventId,
  Price,
  type SignalGenerated,
  type SignalId,
  type StrategyId,
  type Ticker,
} from '@ats/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../logging/create-logger.js';
import { type RunningNode, startOneProcessNode } from '../node/one-process-node.js';
import { testAdminHeaders } from '../security/test-credentials.js';
import { testNodeConfig } from '../testing/test-node-config.js';

let node: RunningNode;
const symbols = ['ORCL', 'NVDA', 'YHOO'] as const;
// Each within risk_limits.max_position_size (10% of 100,000) at the opening prices.
const quantities = { ORCL: 100, NVDA: 50, YHOO: 100 };

beforeAll(async () => {
  const directory = mkdtempSync(join(tmpdir(), 'ats-risk-models-'));
  const config = testNodeConfig(directory, {
    market: {
      // A session lasts 23 s of real time: long enough for the orders to fill before the close.
      speed: 1000,
      seed: 5,
      instruments: [
        { symbol: 'ORCL', sector: 'Technology', initial_price: 40, daily_volatility: 0.02 },
        { symbol: 'NVDA', sector: 'Technology', initial_price: 120, daily_volatility: 0.03 },
        { symbol: 'YHOO', sector: 'Communication', initial_price: 35, daily_volatility: 0.025 },
      ],
    },
    strategies: [],
    risk_limits: { max_price_age: '1d', max_sector_exposure: 1 },
    risk_models: {
      sizing: { method: 'fixed_quantity', quantity: 7 },
      // Three quotes of each symbol per sample: 31 samples take half a second of real time.
      monitor: { sample_interval: '15s', var_limit: 1_000_000 },
    },
  });
  node = await startOneProcessNode({
    config,
    logger: createLogger({ level: 'silent', service: 'test' }),
    port: 0,
  });
  await until(() => symbols.every((symbol) => node.kernel.portfolio.mark(symbol as Ticker) !== null), 30_000);
  // A position in each, through the operator's API (risk-checked, filled by the paper venue).
  for (const symbol of symbols) {
    const placed = await node.app.inject({
      headers: testAdminHeaders,
      method: 'POST',
      url: '/api/trade-executor/orders',
      payload: { symbol, side: 'BUY', quantity: quantities[symbol], type: 'MARKET' },
    });
    // Placed, or still pending when the answer came (the fast market's paper venue fills it soon).
    expect([201, 202], placed.body).toContain(placed.statusCode);
  }
  await until(
    () =>
      symbols.every((symbol) => node.kernel.portfolio.netQuantity(symbol as Ticker) === quantities[symbol]),
    45_000,
  );
}, 120_000);

afterAll(async () => {
  await node?.stop();
});

async function until(check: () => boolean | Promise<boolean>, timeout = 30_000): Promise<void> {
  const deadline = Date.now() + timeout;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`condition not met in ${timeout} ms: ${check}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const get = async (url: string) => {
  const response = await node.app.inject({
    headers: testAdminHeaders,
    method: 'GET',
    url: `/api/risk-manager${url}`,
  });
  expect(response.statusCode).toBe(200);
  return response.json() as Record<string, unknown>;
};

describe('risk models on a running node', () => {
  it('sizes a signal with the configured sizer (risk_models.sizing: fixed_quantity 7)', async () => {
    const signal: SignalGenerated = {
      type: 'SignalGenerated',
      id: 'sizing-signal-event' as EventId,
      occurredAt: node.clock.now(),
      receivedAt: node.clock.now(),
      causationId: null,
      signalId: deriveUuid('test-signal', 'sizing') as SignalId,
      strategyId: 'sizing-test' as StrategyId,
      symbol: 'ORCL' as Ticker,
      direction: 'LONG',
      strength: 1,
      referencePrice: node.kernel.portfolio.mark('ORCL' as Ticker) as Price,
      limitPrice: null,
    };
    await node.kernel.risk.assess(signal);
    const assessments = await node.repositories.signals.listAssessments({ limit: 50 });
    const approval = assessments.find((assessment) => assessment.signalId === signal.signalId);
    expect(approval).toMatchObject({ type: 'SignalApproved', quantity: { value: 7 } });
    expect((approval as { sizing: string }).sizing).toMatch(/^fixed 7/);
  });

  it('shows VaR by historical, parametric and Monte Carlo methods once enough samples are in', async () => {
    await until(async () => ((await get('/risk/var')).estimates as unknown[]).length === 4, 45_000);
    const report = await get('/risk/var?confidence=0.95&horizon_days=1');
    const estimates = report.estimates as {
      method: string;
      valueAtRisk: number;
      expectedShortfall: number;
    }[];
    expect(estimates.map((estimate) => estimate.method)).toEqual([
      'historical',
      'parametric',
      'monte-carlo-normal',
      'monte-carlo-student-t',
    ]);
    for (const estimate of estimates) {
      expect(estimate.valueAtRisk).toBeGreaterThan(0);
      expect(estimate.expectedShortfall).toBeGreaterThanOrEqual(estimate.valueAtRisk);
    }
    expect((report.positions as unknown[]).length).toBe(3);
    const refused = await node.app.inject({
      headers: testAdminHeaders,
      method: 'GET',
      url: '/api/risk-manager/risk/var?confidence=1.5',
    });
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toMatch(/confidence/);
  }, 60_000);

  it('shows the live figures and alarm states', async () => {
    const monitor = await get('/risk/monitor');
    expect(monitor.grossLong as number).toBeGreaterThan(0);
    expect(monitor.valueAtRisk as number).toBeGreaterThan(0);
    expect(Object.keys(monitor.sectors as object).sort()).toEqual(['Communication', 'Technology']);
    expect(Object.keys(monitor.correlations as object)).toHaveLength(3);
    expect((monitor.alarms as { states: Record<string, string> }).states.DRAWDOWN).toBeDefined();
  });

  it('replays October 2008 from the stored daily bars and applies the hypothetical shocks', async () => {
    const bars: Bar[] = [];
    for (const symbol of symbols) {
      const file = { ORCL: 'orcl-1995-2014.txt', NVDA: 'nvda-1999-2014.txt', YHOO: 'yhoo-1996-2014.txt' }[
        symbol
      ];
      const text = readFileSync(new URL(`../../../backtest/fixtures/${file}`, import.meta.url), 'utf8');
      for (const line of text.trim().split('\n').slice(1)) {
        const [date, open, high, low, close, adjusted, volume] = line.split(',');
        if ((date as string) < '2008-09-15' || (date as string) > '2008-11-05') continue;
        const price = (text: string | undefined) => Price.of(Number(text).toFixed(4));
        bars.push({
          symbol: symbol as Ticker,
          timeframe: '1d',
          time: Date.parse(`${date}T00:00:00Z`),
          open: price(open),
          high: price(high),
          low: price(low),
          close: price(close),
          adjustedClose: price(adjusted),
          volume: Number(volume),
        });
      }
    }
    await node.repositories.marketData.appendBars(bars);
    const report = (await get('/risk/stress')) as {
      results: {
        scenario: string;
        pnl: number;
        covered: boolean;
        positions: { symbol: string; move: number }[];
      }[];
      volatilityDoubled: { valueAtRisk: number; stressedValueAtRisk: number };
    };
    const october = report.results.find((result) => result.scenario.startsWith('2008-10'));
    expect(october?.covered).toBe(true);
    expect(october?.pnl).toBeLessThan(0);
    // All three fell in October 2008 (a loss for a long book).
    for (const position of october?.positions ?? []) expect(position.move).toBeLessThan(0.05);
    expect(report.results.find((result) => result.scenario.startsWith('2020-03'))?.covered).toBe(false);
    expect(report.results.find((result) => result.scenario.startsWith('1987-10-19'))?.pnl).toBeLessThan(0);
    expect(report.results.some((result) => result.scenario === 'sector Technology -20.0%')).toBe(true);
    expect(report.volatilityDoubled.stressedValueAtRisk).toBeCloseTo(
      2 * report.volatilityDoubled.valueAtRisk,
      6,
    );
  });

  it('stores each sample’s VaR and closes it with the next sample’s P&L', async () => {
    await until(async () => ((await get('/risk/var/backtest')).observations as number) >= 5, 30_000);
    const backtest = await get('/risk/var/backtest?method=parametric');
    expect(backtest.kupiec).toBeDefined();
    expect(backtest.christoffersen).toBeDefined();
  });
});
