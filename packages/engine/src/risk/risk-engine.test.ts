// Tests of the risk engine: sizing from equity and each limit's rejection with its reason code.
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
  SeededRandom,
  type SignalDirection,
  type SignalGenerated,
  type SignalId,
  type StrategyId,
  TestClock,
  type Ticker,
  type TradeId,
  topics,
} from '@ats/core';
import { describe, expect, it } from 'vitest';
import { InProcessMessageBus } from '../bus/in-process-message-bus.js';
import { Portfolio } from '../portfolio/portfolio.js';
import { RiskEngine } from './risk-engine.js';
import type { RiskLimits } from './risk-limits.js';

const aapl = 'AAPL' as Ticker;
const msft = 'MSFT' as Ticker;
const strategy = 'alpha' as StrategyId;

function setUp(limits: Partial<RiskLimits> = {}, cash = '100000', maxPriceAgeMilliseconds?: number) {
  const bus = new InProcessMessageBus();
  const clock = new TestClock(1_000);
  const ids = new IdGenerator(new SeededRandom(1));
  const portfolio = new Portfolio('acct' as AccountId, Money.of(cash));
  const risk = new RiskEngine({
    bus,
    clock,
    ids,
    portfolio,
    instruments: [
      defineEquity({ symbol: 'AAPL', sector: 'Tech' }),
      defineEquity({ symbol: 'MSFT', sector: 'Tech' }),
    ],
    limits: {
      maxPositionSize: 0.1,
      maxSectorExposure: 0.3,
      dailyLossLimit: Money.of('10000'),
      positionFraction: 0.1,
      allowShort: false,
      ...limits,
    },
    accountId: 'acct',
    ...(maxPriceAgeMilliseconds !== undefined ? { maxPriceAgeMilliseconds } : {}),
  });
  risk.start();
  const out: PlatformEvent[] = [];
  bus.subscribe(topics.ordersApproved, (event) => {
    out.push(event);
  });
  bus.subscribe(topics.riskAssessments, (event) => {
    out.push(event);
  });
  let sequence = 0;
  const signal = (symbol: Ticker, direction: SignalDirection, price = '100', strength = 1): PlatformEvent => {
    const event: SignalGenerated = {
      type: 'SignalGenerated',
      id: `signal-event-${++sequence}` as EventId,
      occurredAt: 1_000,
      receivedAt: 1_000,
      causationId: null,
      signalId: `signal-${sequence}` as SignalId,
      strategyId: strategy,
      symbol,
      direction,
      strength,
      referencePrice: Price.of(price),
      limitPrice: null,
    };
    bus.publish(topics.signals(strategy), event);
    return out[out.length - 1] as PlatformEvent;
  };
  const fill = (symbol: Ticker, side: 'BUY' | 'SELL', quantity: number, price: string) => {
    const event: OrderFilled = {
      type: 'OrderFilled',
      id: `fill-${++sequence}` as EventId,
      occurredAt: 1_000,
      receivedAt: 1_000,
      causationId: null,
      orderId: `order-${sequence}` as OrderFilled['orderId'],
      tradeId: `trade-${sequence}` as TradeId,
      accountId: 'acct' as AccountId,
      strategyId: strategy,
      symbol,
      side,
      lastQuantity: Quantity.of(quantity),
      lastPrice: Price.of(price),
      commission: Money.zero,
      venue: 'TEST',
      executionId: 'execution-1',
      liquidityTaker: true,
    };
    portfolio.applyFill(event);
  };
  return { bus, clock, risk, portfolio, signal, fill };
}

describe('RiskEngine: staleness and halts', () => {
  it('refuses to size on a price older than max_price_age (a Redis stall), and approves once a fresh quote marks it', () => {
    const { signal, portfolio, clock } = setUp({}, '100000', 60_000);
    portfolio.updateMark(aapl, Price.of('100'), 1_000);
    clock.advanceTo(1_000 + 40_000 + 60_000);
    const stale = signal(aapl, 'LONG');
    expect(stale).toMatchObject({ type: 'SignalRejected', reasonCode: 'RISK_STALE_PRICE' });
    expect((stale as { reason: string }).reason).toMatch(/last price 100000 ms old, limit 60000 ms/);
    portfolio.updateMark(aapl, Price.of('117'), clock.now());
    expect(signal(aapl, 'LONG').type).toBe('SignalApproved');
  });

  it('refuses new risk in a symbol halted by reconciliation until it is resumed', () => {
    const { signal, risk } = setUp();
    risk.haltSymbol(aapl, 'position 5 here, 7 at PAPER');
    const refused = signal(aapl, 'LONG');
    expect(refused).toMatchObject({ type: 'SignalRejected', reasonCode: 'RISK_SYMBOL_HALTED' });
    expect(signal(msft, 'LONG').type).toBe('SignalApproved');
    risk.resumeSymbol(aapl);
    expect(signal(aapl, 'LONG').type).toBe('SignalApproved');
  });
});

describe('RiskEngine', () => {
  it('sizes a long signal at position_fraction of equity, scaled by strength, in whole lots', () => {
    const { signal } = setUp();
    const approved = signal(aapl, 'LONG', '150', 0.5);
    expect(approved.type).toBe('SignalApproved');
    // 100,000 x 0.10 x 0.5 / 150 = 33.3 -> 33 shares.
    expect(approved.type === 'SignalApproved' && approved.quantity.value).toBe(33);
    expect(approved.type === 'SignalApproved' && approved.side).toBe('BUY');
  });

  it('refuses a second signal while the first order is working', () => {
    const { signal } = setUp();
    signal(aapl, 'LONG');
    const second = signal(aapl, 'LONG');
    expect(second.type === 'SignalRejected' && second.reasonCode).toBe('RISK_ORDER_PENDING');
  });

  it('closes a position on FLAT and rejects FLAT with nothing open', () => {
    const { signal, fill } = setUp();
    const nothing = signal(aapl, 'FLAT');
    expect(nothing.type === 'SignalRejected' && nothing.reasonCode).toBe('RISK_NOTHING_TO_CLOSE');
    fill(aapl, 'BUY', 40, '100');
    const close = signal(aapl, 'FLAT');
    expect(close.type === 'SignalApproved' && [close.side, close.quantity.value]).toEqual(['SELL', 40]);
  });

  it('rejects shorts unless allowed, and names the rule', () => {
    const { signal } = setUp();
    const short = signal(aapl, 'SHORT');
    expect(short.type === 'SignalRejected' && short.reasonCode).toBe('RISK_SHORT_NOT_ALLOWED');
    expect(short.type === 'SignalRejected' && short.reason).toMatch(/allow_short/);
  });

  it('enforces max_position_size across strategies of the account', () => {
    const { signal, fill } = setUp({ positionFraction: 0.1 });
    // Another strategy already holds 95 shares at 100 = 9,500 of 100,000 equity.
    fill(aapl, 'BUY', 95, '100');
    const rejected = setUpWithForeignPosition();
    expect(rejected).toBe('RISK_MAX_POSITION_SIZE');
    expect(signal(msft, 'LONG').type).toBe('SignalApproved');
  });

  it('enforces max_sector_exposure', () => {
    const { signal, fill } = setUp({ maxSectorExposure: 0.15 });
    fill(msft, 'BUY', 100, '100'); // 10,000 in Tech already
    const rejected = signal(aapl, 'LONG');
    expect(rejected.type === 'SignalRejected' && rejected.reasonCode).toBe('RISK_MAX_SECTOR_EXPOSURE');
  });

  it('refuses new risk once the day loss reaches daily_loss_limit, and raises an alert', () => {
    const { bus, signal, fill, portfolio } = setUp({ dailyLossLimit: Money.of('500') });
    const alerts: PlatformEvent[] = [];
    bus.subscribe(topics.riskAlerts, (event) => {
      alerts.push(event);
    });
    fill(msft, 'BUY', 100, '100');
    portfolio.updateMark(msft, Price.of('94')); // -600 on the day
    const rejected = signal(aapl, 'LONG');
    expect(rejected.type === 'SignalRejected' && rejected.reasonCode).toBe('RISK_DAILY_LOSS_LIMIT');
    expect(alerts).toHaveLength(1);
    // Reducing risk is still allowed.
    expect(signal(msft, 'FLAT').type).toBe('SignalApproved');
  });

  it('sizes a long signal down to what the cash pays for', () => {
    const { signal } = setUp({ positionFraction: 1, maxPositionSize: 1, maxSectorExposure: 1 }, '1000');
    const approved = signal(aapl, 'LONG', '100');
    expect(approved.type === 'SignalApproved' && approved.quantity.value).toBe(10);
  });

  it('refuses everything while halted', () => {
    const { signal, risk } = setUp();
    risk.halt();
    const rejected = signal(aapl, 'LONG');
    expect(rejected.type === 'SignalRejected' && rejected.reasonCode).toBe('RISK_TRADING_HALTED');
    risk.resume();
    expect(signal(aapl, 'LONG').type).toBe('SignalApproved');
  });
});

/** A position opened by another strategy counts toward the account's limit for this one. */
function setUpWithForeignPosition(): string | false {
  const { signal, portfolio } = setUp();
  portfolio.applyFill({
    type: 'OrderFilled',
    id: 'foreign' as EventId,
    occurredAt: 0,
    receivedAt: 0,
    causationId: null,
    orderId: 'foreign-order' as OrderFilled['orderId'],
    tradeId: 'foreign-trade' as TradeId,
    accountId: 'acct' as AccountId,
    strategyId: 'beta' as StrategyId,
    symbol: aapl,
    side: 'BUY',
    lastQuantity: Quantity.of(95),
    lastPrice: Price.of('100'),
    commission: Money.zero,
    venue: 'TEST',
    executionId: 'execution-1',
    liquidityTaker: true,
  });
  const result = signal(aapl, 'LONG');
  return result.type === 'SignalRejected' && result.reasonCode;
}
