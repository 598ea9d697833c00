// The live monitor on the in-process bus: drawdown alarms that do not flap (separate raise and clear
// thresholds), the configured action on a critical alarm, fills applied at once, and statistics sampled
// by market time so VaR and the sizers' volatility become known.

import { RiskMonitor } from '@ats/analytics';
import {
  type AccountId,
  defineEquity,
  type EventId,
  IdGenerator,
  Money,
  type OrderFilled,
  type PlatformEvent,
  Price,
  Quantity,
  type QuoteReceived,
  SeededRandom,
  type StrategyId,
  TestClock,
  type Ticker,
  type TradeId,
  topics,
} from '@ats/core';
import { InProcessMessageBus, Portfolio } from '@ats/engine';
import { describe, expect, it } from 'vitest';
import { riskModelsConfig } from '../config/risk-models-config.js';

const instruments = [
  defineEquity({ symbol: 'AAA', sector: 'Tech' }),
  defineEquity({ symbol: 'BBB', sector: 'Energy' }),
];
let sequence = 0;

function fill(symbol: string, side: 'BUY' | 'SELL', quantity: number, price: string): OrderFilled {
  sequence++;
  return {
    type: 'OrderFilled',
    id: `fill-${sequence}` as EventId,
    occurredAt: 0,
    receivedAt: 0,
    causationId: null,
    orderId: `order-${sequence}` as OrderFilled['orderId'],
    tradeId: `trade-${sequence}` as TradeId,
    accountId: 'acct' as AccountId,
    strategyId: 'alpha' as StrategyId,
    symbol: symbol as Ticker,
    side,
    lastQuantity: Quantity.of(quantity),
    lastPrice: Price.of(price),
    commission: Money.zero,
    venue: 'TEST',
    executionId: `execution-${sequence}`,
    liquidityTaker: true,
  };
}

function quote(symbol: string, price: number, time: number): QuoteReceived {
  const value = Price.of(price.toFixed(4));
  return {
    type: 'QuoteReceived',
    id: `quote-${++sequence}` as EventId,
    occurredAt: time,
    receivedAt: time,
    causationId: null,
    quote: {
      symbol: symbol as Ticker,
      time,
      receivedAt: time,
      bid: value,
      ask: value,
      bidSize: 1,
      askSize: 1,
      last: value,
      volume: 1,
    },
  };
}

function setUp(monitorConfig: Record<string, unknown>) {
  const bus = new InProcessMessageBus();
  const portfolio = new Portfolio('acct' as AccountId, Money.of('100000'));
  const actions: string[] = [];
  const monitor = new RiskMonitor({
    bus,
    clock: new TestClock(0),
    ids: new IdGenerator(new SeededRandom(1)),
    portfolio,
    instruments,
    config: riskModelsConfig.parse({ monitor: monitorConfig }).monitor,
    sampleIntervalMilliseconds: 60_000,
    maxSectorExposure: 1,
    actions: {
      halt: (reason) => {
        actions.push(`halt: ${reason}`);
      },
      reduce: (fraction, reason) => {
        actions.push(`reduce ${fraction}: ${reason}`);
      },
    },
  });
  const alerts: PlatformEvent[] = [];
  bus.subscribe(topics.riskAlerts, (event) => {
    alerts.push(event);
  });
  return { bus, portfolio, monitor, actions, alerts };
}

describe('risk monitor', () => {
  it('raises the drawdown warning once, holds it inside the band, clears it below the clear threshold, and halts on critical', () => {
    const { bus, portfolio, monitor, actions, alerts } = setUp({ action_on_critical: 'halt' });
    portfolio.applyFill(fill('AAA', 'BUY', 500, '100'));
    monitor.start();
    // Cash 50,000 + 500 shares. Warning at 5% (clear 4%), critical at 10% (clear 8%).
    // 110: equity 105,000 (the high-water mark). 99: 99,500, drawdown 5.24% → warning.
    // 100 (4.76%), 99.5 (5.00%), 100.5 (4.52%), 101 (4.29%), 99.2 (5.14%) stay warning: inside the band.
    // 101.8: 100,900, drawdown 3.90% → cleared. 100.2: 4.67%, below the raise: stays clear.
    // 88: 94,000, drawdown 10.48% → critical → halt.
    const path = [110, 99, 100, 99.5, 100.5, 101, 99.2, 101.8, 100.2, 88];
    for (const [index, price] of path.entries())
      bus.publish(topics.marketData('AAA'), quote('AAA', price, 1000 + index));
    const drawdownAlerts = alerts.filter(
      (alert) => alert.type === 'RiskAlertRaised' && alert.code === 'RISK_MONITOR_DRAWDOWN',
    );
    expect(drawdownAlerts.map((alert) => (alert as { severity: string }).severity)).toEqual([
      'warning',
      'info',
      'critical',
    ]);
    expect(actions).toHaveLength(1);
    expect(actions[0]).toMatch(/^halt: risk monitor: DRAWDOWN: drawdown 10\.48% from 105000\.00/);
    expect(monitor.alarmStates().states.DRAWDOWN).toBe('critical');
  });

  it('applies a fill to the exposures at once', () => {
    const { bus, monitor } = setUp({});
    monitor.start();
    bus.publish(topics.marketData('BBB'), quote('BBB', 50, 1000));
    bus.publish(topics.tradesExecuted, fill('BBB', 'BUY', 100, '50'));
    const figures = monitor.risk.figures();
    expect(figures.grossLong).toBe(5000);
    expect(figures.equity).toBe(100_000);
    expect(figures.sectors.Energy).toEqual({ long: 5000, short: 0 });
  });

  it('samples returns by market time: volatility, correlation and VaR become known after the warm-up', () => {
    const { bus, portfolio, monitor } = setUp({ var_limit: 1_000_000 });
    portfolio.applyFill(fill('AAA', 'BUY', 100, '100'));
    portfolio.applyFill(fill('BBB', 'BUY', 100, '50'));
    monitor.start();
    const random = new SeededRandom(3);
    let a = 100;
    let b = 50;
    for (let minute = 0; minute <= 40; minute++) {
      const shock = random.nextGaussian() * 0.01;
      a *= Math.exp(shock);
      b *= Math.exp(0.5 * shock + random.nextGaussian() * 0.005);
      bus.publish(topics.marketData('AAA'), quote('AAA', a, minute * 60_000));
      bus.publish(topics.marketData('BBB'), quote('BBB', b, minute * 60_000 + 1));
    }
    expect(monitor.daily.volatilityOf('AAA')).toBeGreaterThan(0.003);
    expect(monitor.daily.correlationOf('AAA', 'BBB')).toBeGreaterThan(0.5);
    expect(monitor.risk.figures().valueAtRisk).toBeGreaterThan(0);
    expect(monitor.history.length).toBe(39);
  });
});
