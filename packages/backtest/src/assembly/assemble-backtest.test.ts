// The one backtest builder: its schema names bad fields; every option reaches the run for every caller;
// the same bars from a file and from the streamed catalog give the same run; ticks become bars exactly.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { barsToColumns, DataCatalog, loadBundledSpy } from '@ats/adapter-files';
import type { Ticker } from '@ats/core';
import { describe, expect, it } from 'vitest';
import { runBacktest } from '../backtest-runner.js';
import { assembleBacktest, parseBacktestRequest } from './assemble-backtest.js';
import type { BacktestRequestInput } from './backtest-request.js';
import { loadMarketData } from './load-market-data.js';

const spyMinutes = fileURLToPath(new URL('../../fixtures/nt-spy-minute-2011.csv', import.meta.url));

describe('backtest request schema', () => {
  it.each([
    [{ strategy: 'sma-cross', symbols: ['ORCL'], timeframe: '7x' }, 'timeframe'],
    [{ strategy: 'sma-cross', symbols: [] }, 'symbols'],
    [{ strategy: 'sma-cross', symbols: ['ORCL'], commissionBps: 1e308 }, 'commissionBps'],
    [{ strategy: 'sma-cross', symbols: ['ORCL'], from: '2006-01-01', to: '2005-01-01' }, 'from'],
    [{ strategy: 'sma-cross', symbols: ['ORCL'], from: '2023-02-29' }, 'from'],
    [{ strategy: 'sma-cross', symbols: ['ORCL'], data: { kind: 'file' } }, 'data.path'],
    [
      { strategy: 'sma-cross', symbols: ['ORCL'], data: { kind: 'bundled', records: 'trades' } },
      'data.records',
    ],
    [{ strategy: 'sma-cross', symbols: ['ORCL'], surprise: 1 }, 'request'],
    [{ strategy: 'sma-cross', symbols: ['ORCL'], sizing: { method: 'martingale' } }, 'sizing.method'],
    [
      { strategy: 'sma-cross', symbols: ['ORCL'], monitor: { action_on_critical: 'panic' } },
      'monitor.action_on_critical',
    ],
  ])('refuses %j naming %s', (input, field) => {
    expect(() => parseBacktestRequest(input, 'body.')).toThrow(
      field === 'request' ? /^body\.?\w*: / : new RegExp(`^body\\.${field.replace('.', '\\.')}: `),
    );
  });

  it('carries participation, slippage, the margin account and Adj Close rescaling to the run of any caller', async () => {
    const { config } = await assembleBacktest({
      strategy: 'sma-cross',
      symbols: ['ORCL'],
      participation: 0.01,
      slippageBps: 5,
      account: 'margin',
      adjust: true,
      from: '2014-01-01',
    });
    expect(config.rules.volumeParticipation).toBe(0.01);
    expect(config.rules.slippage).toEqual({ kind: 'fixed-basis-points', basisPoints: 5 });
    expect(config.account).toEqual({ kind: 'margin' });
    const adjusted = config.bars?.get('ORCL' as Ticker) ?? [];
    const raw =
      (
        await assembleBacktest({ strategy: 'sma-cross', symbols: ['ORCL'], from: '2014-01-01' })
      ).config.bars?.get('ORCL' as Ticker) ?? [];
    // Adj Close folds in the dividends paid since: the rescaled closes are lower than the raw ones.
    expect(adjusted).toHaveLength(raw.length);
    expect(adjusted[0]?.close.raw).toBeLessThan(raw[0]?.close.raw as number);
  });
});

describe('position sizing of a backtest request', () => {
  it('sizes every entry with the requested risk_models.sizing settings (fixed quantity here)', async () => {
    const { config } = await assembleBacktest({
      strategy: 'sma-cross',
      symbols: ['ORCL'],
      from: '2010-01-01',
      sizing: { method: 'fixed_quantity', quantity: 250 },
    });
    expect(config.sizing).toMatchObject({ method: 'fixed_quantity', quantity: 250, kelly_min_trades: 20 });
    const buys = runBacktest(config).fills.filter((fill) => fill.side === 'BUY');
    expect(buys.length).toBeGreaterThan(3);
    expect(new Set(buys.map((fill) => fill.quantity))).toEqual(new Set([250]));
  });
});

describe('data from any source', () => {
  it('runs the same SPY minutes from the CSV and streamed from the catalog to the same fills and equity', async () => {
    const request: BacktestRequestInput = {
      strategy: 'sma-cross',
      symbols: ['SPY'],
      timeframe: '1m',
      data: { kind: 'file', path: spyMinutes },
    };
    const fromFile = await assembleBacktest(request);
    const catalog = await DataCatalog.open(mkdtempSync(join(tmpdir(), 'ats-catalog-')));
    catalog.write(
      { kind: 'bars', timeframe: '1m' },
      'SPY',
      barsToColumns(fromFile.config.bars?.get('SPY' as Ticker) ?? []),
    );
    const streamed = await assembleBacktest({
      ...request,
      data: { kind: 'catalog', root: catalog.root },
      equityResolution: '1d',
    });
    expect(streamed.config.stream?.totalBars).toBe(14_180);
    const a = runBacktest(fromFile.config);
    const b = runBacktest(streamed.config);
    expect(b.bars).toBe(a.bars);
    expect(b.fills).toEqual(a.fills);
    expect(b.finalEquity).toBe(a.finalEquity);
    // One equity point per UTC date of data instead of one per minute.
    expect(a.equityCurve).toHaveLength(14_180);
    expect(b.equityCurve).toHaveLength(25);
    expect(b.equityCurve.at(-1)?.equity).toBe(a.equityCurve.at(-1)?.equity);
  }, 180_000);

  it('aggregates the bundled SPY trade ticks into bars whose volumes add up to the ticks sizes', async () => {
    const request = parseBacktestRequest({
      strategy: 'sma-cross',
      symbols: ['SPY'],
      timeframe: '1m',
      data: { kind: 'bundled', records: 'ticks' },
    });
    const loaded = await loadMarketData(request, ['SPY' as Ticker]);
    const bars = loaded.bars?.get('SPY' as Ticker) ?? [];
    const ticks = loadBundledSpy().ticks.filter((tick) => !tick.suspicious);
    expect(bars).toHaveLength(10);
    expect(bars.reduce((sum, bar) => sum + bar.volume, 0)).toBe(
      ticks.reduce((sum, tick) => sum + tick.size, 0),
    );
    expect(bars[0]?.open.raw).toBe(ticks[0]?.price);
    expect(Math.max(...bars.map((bar) => bar.high.raw))).toBe(Math.max(...ticks.map((tick) => tick.price)));
  });

  it('reads a CSV with a column mapping and a time zone', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'ats-csv-'));
    const path = join(folder, 'ticks.csv');
    const { writeFileSync } = await import('node:fs');
    writeFileSync(
      path,
      'when;px;qty\n2013-10-07 09:30:00;167.41;100\n2013-10-07 09:30:30;167.50;200\n2013-10-07 09:31:10;167.30;50\n',
    );
    const request = parseBacktestRequest({
      strategy: 'sma-cross',
      symbols: ['SPY'],
      timeframe: '1m',
      data: {
        kind: 'file',
        path,
        records: 'ticks',
        delimiter: ';',
        zone: 'America/New_York',
        mapping: { time: 'when', timeFormat: 'iso', last: 'px', volume: 'qty' },
      },
    });
    const bars = (await loadMarketData(request, ['SPY' as Ticker])).bars?.get('SPY' as Ticker) ?? [];
    expect(
      bars.map((bar) => [
        new Date(bar.time).toISOString(),
        bar.open.toString(),
        bar.close.toString(),
        bar.volume,
      ]),
    ).toEqual([
      ['2013-10-07T13:30:00.000Z', '167.4100', '167.5000', 300],
      ['2013-10-07T13:31:00.000Z', '167.3000', '167.3000', 50],
    ]);
  });
});

describe('the risk monitor of a backtest request', () => {
  it('runs the requested risk_models.monitor settings and reports its alarms and actions', async () => {
    const { config } = await assembleBacktest({
      strategy: 'sma-cross',
      symbols: ['ORCL'],
      from: '2008-01-01',
      to: '2009-12-31',
      monitor: {
        action_on_critical: 'halt',
        drawdown: { warning: { raise: 0.01, clear: 0.005 }, critical: { raise: 0.02, clear: 0.01 } },
      },
    });
    expect(config.monitor).toMatchObject({
      action_on_critical: 'halt',
      sample_interval: '1d',
      enabled: true,
    });
    const result = runBacktest(config);
    // All in ORCL through 2008: the account falls 2% below its high; each rise to critical halts once.
    const criticals = (result.monitor?.alerts ?? []).filter(
      (alert) => alert.code === 'RISK_MONITOR_DRAWDOWN' && alert.severity === 'critical',
    );
    expect(criticals.length).toBeGreaterThan(0);
    expect(result.monitor?.actions.filter((action) => action.action === 'halt')).toHaveLength(
      criticals.length,
    );
    expect(result.riskRefusals.RISK_TRADING_HALTED).toBeGreaterThan(0);
    const { config: unmonitored } = await assembleBacktest({
      strategy: 'sma-cross',
      symbols: ['ORCL'],
      from: '2008-01-01',
      to: '2009-12-31',
    });
    expect(runBacktest(unmonitored).monitor).toBeUndefined();
  });
});
