// A backtest runs the Risk Manager's monitor with the risk_models.monitor settings: its drawdown alarm is
// counted in the result, and its critical action (flatten, reduce, halt) is taken through the run's
// kernel and recorded, with the halt's refusals counted like any pre-trade refusal.
import { NyseCalendar } from '@ats/calendar';
import { type Bar, Money, Price, type Ticker, toStrategyId } from '@ats/core';
import { Strategy, type StrategyContext } from '@ats/engine';
import { describe, expect, it } from 'vitest';
import { type MonitorSettings, monitorSchema } from './assembly/monitor-schema.js';
import { type BacktestConfig, runBacktest } from './backtest-runner.js';
import { renderHtmlReport } from './html-report.js';

const symbol = 'TEST' as Ticker;
const day = 86_400_000;

const dailyTimes = Array.from({ length: 80 }, (_, index) => index * day);
/** Six hourly bars in each NYSE session from January 2024 (a DAY order then works until the close). */
const hourlyTimes = new NyseCalendar()
  .sessionsBetween('2024-01-02', '2024-03-01')
  .flatMap((session) => Array.from({ length: 6 }, (_, hour) => session.open + hour * 3_600_000))
  .slice(3, 83);

/** 20 flat bars at 100, then a fall of 1% a bar for 40 bars, then 20 flat bars. */
function fallingBars(times: readonly number[]): Bar[] {
  let close = 100;
  return times.map((time, index) => {
    const open = close;
    if (index >= 20 && index < 60) close = Math.round(close * 0.99 * 100) / 100;
    return {
      symbol,
      timeframe: times === dailyTimes ? '1d' : '1h',
      time,
      open: Price.of(open.toFixed(2)),
      high: Price.of((Math.max(open, close) + 0.5).toFixed(2)),
      low: Price.of((Math.min(open, close) - 0.5).toFixed(2)),
      close: Price.of(close.toFixed(2)),
      volume: 1_000_000,
    };
  });
}

/** Long at the 10th bar, held through the fall, closed at the 70th. */
class BuyAndHold extends Strategy {
  private seen = 0;
  override onBar(current: Bar, context: StrategyContext): void {
    this.seen++;
    if (this.seen === 10) context.signal(current.symbol, 'LONG');
    if (this.seen === 70) context.signal(current.symbol, 'FLAT');
  }
}

/** Bids far under the market from the 30th bar on (the bid never fills; a DAY order, renewed each session). */
class LowBidder extends Strategy {
  private seen = 0;
  override onBar(current: Bar, context: StrategyContext): void {
    this.seen++;
    if (this.seen >= 30) context.signal(current.symbol, 'LONG', { limitPrice: Price.of('1.00') });
  }
}

function run(monitor?: Partial<MonitorSettings>, bidder = false) {
  const config: BacktestConfig = {
    bars: new Map([[symbol, fallingBars(bidder ? hourlyTimes : dailyTimes)]]),
    strategies: () => [
      new BuyAndHold(toStrategyId('hold'), [symbol]),
      ...(bidder ? [new LowBidder(toStrategyId('bidder'), [symbol])] : []),
    ],
    startingCash: Money.of('100000'),
    rules: {
      marketFill: 'next-open',
      slippage: { kind: 'none' },
      commission: { kind: 'fixed', perOrder: Money.zero },
    },
    limits: { positionFraction: 0.5 },
    ...(monitor ? { monitor: monitorSchema.parse(monitor) } : {}),
  };
  return runBacktest(config);
}

describe('the risk monitor in a backtest', () => {
  it('has no monitor report when the run configures no monitor', () => {
    expect(run().monitor).toBeUndefined();
  });

  it('counts the drawdown alarm rising to warning and to critical, and takes no action by default', () => {
    const result = run({});
    // Half of equity in a symbol that falls 1% a day: the account's drawdown passes 5%, then 10%.
    expect(result.monitor?.alertCounts.RISK_MONITOR_DRAWDOWN).toBe(2);
    const drawdown = result.monitor?.alerts.filter((alert) => alert.code === 'RISK_MONITOR_DRAWDOWN');
    expect(drawdown?.map((alert) => alert.severity)).toEqual(['warning', 'critical']);
    expect(result.monitor?.actions).toEqual([]);
  });

  it('flattens the position when the drawdown alarm turns critical under action_on_critical flatten', () => {
    const held = run({});
    const flattened = run({ action_on_critical: 'flatten' });
    const [action] = flattened.monitor?.actions ?? [];
    expect(action).toMatchObject({ action: 'flatten', orders: 1, canceled: 0 });
    expect(action?.reason).toMatch(/drawdown/);
    // The flatten sold the whole position, so the rest of the fall cost nothing.
    const entry = flattened.fills[0];
    const exit = flattened.fills[1];
    expect(exit).toMatchObject({ side: 'SELL', quantity: entry?.quantity });
    expect(Number(flattened.finalEquity)).toBeGreaterThan(Number(held.finalEquity));
  });

  it('cancels the working bid before the flatten, so the flatten is no wash trade against it', () => {
    // Hourly bars in NYSE sessions: the bid placed at one bar still works when the next bar's fall
    // turns the drawdown alarm critical.
    const result = run({ action_on_critical: 'flatten' }, true);
    const [action] = result.monitor?.actions ?? [];
    expect(action).toMatchObject({ action: 'flatten', canceled: 1, orders: 1 });
    expect(result.riskRefusals.RISK_WASH_TRADE).toBeUndefined();
    expect(result.fills.map((fill) => fill.side)).toEqual(['BUY', 'SELL']);
    expect(result.orders.filter((order) => order.status === 'CANCELED').length).toBeGreaterThan(0);
  });

  it('sells the reduce_fraction of the position under action_on_critical reduce', () => {
    const reduced = run({ action_on_critical: 'reduce', reduce_fraction: 0.5 });
    expect(reduced.monitor?.actions).toMatchObject([{ action: 'reduce', orders: 1 }]);
    const bought = reduced.fills[0]?.quantity as number;
    expect(reduced.fills[1]).toMatchObject({ side: 'SELL', quantity: Math.floor(bought / 2) });
  });

  it('halts orders under action_on_critical halt: the strategy exit that follows is refused and counted', () => {
    const halted = run({ action_on_critical: 'halt' });
    expect(halted.monitor?.actions).toMatchObject([{ action: 'halt', orders: 0 }]);
    expect(halted.riskRefusals.RISK_TRADING_HALTED).toBe(1);
    expect(halted.fills).toHaveLength(1);
    // Without the halt, the 70th bar's FLAT sells.
    const free = run({});
    expect(free.riskRefusals.RISK_TRADING_HALTED).toBeUndefined();
    expect(free.fills.map((fill) => fill.side)).toEqual(['BUY', 'SELL']);
  });

  it('shows the alarms and actions in the HTML report', () => {
    const result = run({ action_on_critical: 'flatten' });
    const html = renderHtmlReport(result, { title: 'monitor', startingCash: 100_000 });
    expect(html).toContain('<h2>Risk monitor</h2>');
    expect(html).toContain('RISK_MONITOR_DRAWDOWN');
    expect(html).toMatch(/<th>flatten<\/th><td>0<\/td><td>1<\/td>/);
  });
});
