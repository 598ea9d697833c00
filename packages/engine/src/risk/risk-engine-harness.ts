// Test harness of the risk engine: an engine on an in-process bus with a portfolio, and one-line
// helpers that send a signal, an operator's request, a fill, a bar or an order event and return the
// decision published for it. Used by the risk engine's tests and the check chain benchmark.
import {
  type AccountId,
  defineEquity,
  type EventId,
  IdGenerator,
  Money,
  type OrderFilled,
  type OrderId,
  type OrderRequested,
  type OrderType,
  type PlatformEvent,
  Price,
  Quantity,
  SeededRandom,
  type SignalApproved,
  type SignalDirection,
  type SignalGenerated,
  type SignalId,
  type SignalRejected,
  type StrategyId,
  TestClock,
  type Ticker,
  type TradeId,
  topics,
} from '@ats/core';
import { InProcessMessageBus } from '../bus/in-process-message-bus.js';
import { Portfolio } from '../portfolio/portfolio.js';
import { RiskEngine, type RiskEngineOptions } from './risk-engine.js';
import type { RiskLimits } from './risk-limits.js';

export const harnessStrategy = 'alpha' as StrategyId;
/** 2026-03-02 14:30 UTC, a Monday: a US session is open. */
export const harnessStart = Date.UTC(2026, 2, 2, 14, 30);

export interface RiskHarnessOptions {
  readonly limits?: Partial<RiskLimits>;
  readonly cash?: string;
  readonly instruments?: readonly { symbol: string; sector?: string; lotSize?: number }[];
  readonly engine?: Partial<Omit<RiskEngineOptions, 'bus' | 'clock' | 'ids' | 'portfolio' | 'limits'>>;
}

export type Decision = SignalApproved | SignalRejected;

export function riskHarness(options: RiskHarnessOptions = {}) {
  const bus = new InProcessMessageBus();
  const clock = new TestClock(harnessStart);
  const ids = new IdGenerator(new SeededRandom(1));
  const portfolio = new Portfolio('acct' as AccountId, Money.of(options.cash ?? '100000'));
  const instruments = (
    options.instruments ?? [
      { symbol: 'AAPL', sector: 'Tech' },
      { symbol: 'MSFT', sector: 'Tech' },
      { symbol: 'XOM', sector: 'Energy' },
    ]
  ).map((entry) =>
    defineEquity({ symbol: entry.symbol, sector: entry.sector ?? 'Tech', lotSize: entry.lotSize ?? 1 }),
  );
  const risk = new RiskEngine({
    bus,
    clock,
    ids,
    portfolio,
    instruments,
    limits: {
      maxPositionSize: 0.1,
      maxSectorExposure: 0.3,
      dailyLossLimit: Money.of('10000'),
      positionFraction: 0.1,
      allowShort: false,
      ...options.limits,
    },
    accountId: 'acct',
    ...options.engine,
  });
  risk.start();
  const decisions: Decision[] = [];
  const alerts: PlatformEvent[] = [];
  bus.subscribe(topics.ordersApproved, (event) => {
    decisions.push(event as Decision);
  });
  bus.subscribe(topics.riskAssessments, (event) => {
    decisions.push(event as Decision);
  });
  bus.subscribe(topics.riskAlerts, (event) => {
    alerts.push(event);
  });
  let sequence = 0;
  const last = (): Decision => decisions[decisions.length - 1] as Decision;

  const signal = (
    symbol: string,
    direction: SignalDirection,
    price = '100',
    strength = 1,
    strategyId: StrategyId = harnessStrategy,
    limitPrice: string | null = null,
  ): Decision => {
    sequence++;
    const event: SignalGenerated = {
      type: 'SignalGenerated',
      id: `signal-event-${sequence}` as EventId,
      occurredAt: clock.now(),
      receivedAt: clock.now(),
      causationId: null,
      signalId: `signal-${sequence}` as SignalId,
      strategyId,
      symbol: symbol as Ticker,
      direction,
      strength,
      referencePrice: Price.of(price),
      limitPrice: limitPrice === null ? null : Price.of(limitPrice),
    };
    bus.publish(topics.signals(strategyId), event);
    return last();
  };

  const request = (
    symbol: string,
    side: 'BUY' | 'SELL',
    quantity: number,
    terms: {
      type?: OrderType;
      limit?: string;
      stop?: string;
      reduceOnly?: boolean;
      cancelsFirst?: readonly string[];
    } = {},
  ): Decision => {
    sequence++;
    const event: OrderRequested = {
      type: 'OrderRequested',
      id: `request-event-${sequence}` as EventId,
      occurredAt: clock.now(),
      receivedAt: clock.now(),
      causationId: null,
      requestId: `00000000-0000-4000-8000-${String(sequence).padStart(12, '0')}` as SignalId,
      accountId: 'acct' as AccountId,
      symbol: symbol as Ticker,
      side,
      quantity: Quantity.of(quantity),
      orderType: terms.type ?? (terms.limit ? 'LIMIT' : 'MARKET'),
      limitPrice: terms.limit ? Price.of(terms.limit) : null,
      stopPrice: terms.stop ? Price.of(terms.stop) : null,
      timeInForce: 'DAY',
      reduceOnly: terms.reduceOnly ?? false,
      requestedBy: 'test',
      ...(terms.cancelsFirst ? { cancelsFirst: terms.cancelsFirst as OrderId[] } : {}),
    };
    bus.publish(topics.ordersRequested, event);
    return last();
  };

  /** A fill of the account (booked in the portfolio and seen by risk on orders.events). */
  const fill = (
    symbol: string,
    side: 'BUY' | 'SELL',
    quantity: number,
    price: string,
    strategyId: StrategyId = harnessStrategy,
    orderId = `order-${++sequence}`,
  ) => {
    const event: OrderFilled = {
      type: 'OrderFilled',
      id: `fill-${++sequence}` as EventId,
      occurredAt: clock.now(),
      receivedAt: clock.now(),
      causationId: null,
      orderId: orderId as OrderId,
      tradeId: `trade-${sequence}` as TradeId,
      accountId: 'acct' as AccountId,
      strategyId,
      symbol: symbol as Ticker,
      side,
      lastQuantity: Quantity.of(quantity),
      lastPrice: Price.of(price),
      commission: Money.zero,
      venue: 'TEST',
      executionId: `execution-${sequence}`,
      liquidityTaker: true,
    };
    portfolio.applyFill(event);
    bus.publish(topics.orderEvents, event);
  };

  /** Marks a symbol at a price (a quote seen now). */
  const mark = (symbol: string, price: string) =>
    portfolio.updateMark(symbol as Ticker, Price.of(price), clock.now());

  /** A working order of the account, as the executor announces it. */
  const workingOrder = (
    orderId: string,
    symbol: string,
    side: 'BUY' | 'SELL',
    quantity: number,
    limit: string | null,
  ) => {
    bus.publish(topics.orderEvents, {
      type: 'OrderInitialized',
      id: `init-${++sequence}` as EventId,
      occurredAt: clock.now(),
      receivedAt: clock.now(),
      causationId: null,
      orderId: orderId as OrderId,
      accountId: 'acct' as AccountId,
      strategyId: harnessStrategy,
      symbol: symbol as Ticker,
      side,
      orderType: limit === null ? 'MARKET' : 'LIMIT',
      quantity: Quantity.of(quantity),
      limitPrice: limit === null ? null : Price.of(limit),
      stopPrice: null,
      timeInForce: 'DAY',
      signalId: null,
      riskAssessmentId: null,
      expiresAt: null,
    });
  };

  /** A cancel request of a working order (one order message). */
  const cancelRequested = (orderId: string) =>
    bus.publish(topics.orderEvents, {
      type: 'OrderPendingCancel',
      id: `cancel-${++sequence}` as EventId,
      occurredAt: clock.now(),
      receivedAt: clock.now(),
      causationId: null,
      orderId: orderId as OrderId,
    });

  /** A closed bar of a symbol at a time (correlations, day state). */
  const bar = (symbol: string, time: number, close: number) => {
    const price = Price.of(close.toFixed(4));
    bus.publish(topics.bars(symbol), {
      type: 'BarClosed',
      id: `bar-${++sequence}` as EventId,
      occurredAt: time,
      receivedAt: time,
      causationId: null,
      bar: {
        symbol: symbol as Ticker,
        timeframe: '1d',
        time,
        open: price,
        high: price,
        low: price,
        close: price,
        volume: 1000,
      },
    } as PlatformEvent);
  };

  return {
    bus,
    clock,
    ids,
    risk,
    portfolio,
    decisions,
    alerts,
    signal,
    request,
    fill,
    mark,
    workingOrder,
    cancelRequested,
    bar,
  };
}

/** The refusal code of a decision, or 'APPROVED'. */
export function outcomeOf(decision: Decision | undefined): string {
  if (!decision) return 'NONE';
  return decision.type === 'SignalApproved' ? 'APPROVED' : decision.reasonCode;
}
