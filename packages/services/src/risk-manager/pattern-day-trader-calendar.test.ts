// The pattern-day-trader rule on the NYSE calendar the Risk Manager is given: its 5 business days skip
// exchange holidays (Good Friday 2024), and a day is the New York date, not the UTC one. Each case runs
// the same fills through an engine on UTC weekdays too, to show the calendar changes the decision.
import { NyseCalendar, tradingDaysOf } from '@ats/calendar';
import {
  type AccountId,
  defineEquity,
  type EventId,
  IdGenerator,
  Money,
  type OrderFilled,
  type OrderId,
  type OrderRequested,
  type PlatformEvent,
  Price,
  Quantity,
  SeededRandom,
  type SignalId,
  type StrategyId,
  TestClock,
  type Ticker,
  type TradeId,
  topics,
} from '@ats/core';
import { InProcessMessageBus, Portfolio, RiskEngine, type TradingDays, utcWeekdays } from '@ats/engine';
import { describe, expect, it } from 'vitest';

const symbol = 'AAPL' as Ticker;

/** A margin account of 20,000 (under the rule's 25,000) whose engine counts days by `tradingDays`. */
function marginAccount(tradingDays: TradingDays) {
  const bus = new InProcessMessageBus();
  const clock = new TestClock(0);
  const portfolio = new Portfolio('acct' as AccountId, Money.of('20000'));
  const risk = new RiskEngine({
    bus,
    clock,
    ids: new IdGenerator(new SeededRandom(1)),
    portfolio,
    instruments: [defineEquity({ symbol })],
    limits: {
      maxPositionSize: 1,
      maxSectorExposure: 1,
      dailyLossLimit: Money.of('100000'),
      positionFraction: 0.1,
      allowShort: false,
    },
    accountId: 'acct',
    accountKind: 'margin',
    tradingDays,
  });
  risk.start();
  const decisions: PlatformEvent[] = [];
  bus.subscribe(topics.riskAssessments, (event) => {
    decisions.push(event);
  });
  bus.subscribe(topics.ordersApproved, (event) => {
    decisions.push(event);
  });
  let sequence = 0;
  const at = (iso: string) => {
    clock.advanceTo(Date.parse(iso));
    portfolio.updateMark(symbol, Price.of('100'), clock.now());
  };
  const fill = (side: 'BUY' | 'SELL') => {
    sequence++;
    const event: OrderFilled = {
      type: 'OrderFilled',
      id: `fill-${sequence}` as EventId,
      occurredAt: clock.now(),
      receivedAt: clock.now(),
      causationId: null,
      orderId: `order-${sequence}` as OrderId,
      tradeId: `trade-${sequence}` as TradeId,
      accountId: 'acct' as AccountId,
      strategyId: 'alpha' as StrategyId,
      symbol,
      side,
      lastQuantity: Quantity.of(10),
      lastPrice: Price.of('100'),
      commission: Money.zero,
      venue: 'TEST',
      executionId: `execution-${sequence}`,
      liquidityTaker: true,
    };
    portfolio.applyFill(event);
    bus.publish(topics.orderEvents, event);
  };
  /** An operator's SELL 10 (not reduce-only): the decision's outcome. */
  const sell = (): string => {
    sequence++;
    const request: OrderRequested = {
      type: 'OrderRequested',
      id: `request-${sequence}` as EventId,
      occurredAt: clock.now(),
      receivedAt: clock.now(),
      causationId: null,
      requestId: `00000000-0000-4000-8000-${String(sequence).padStart(12, '0')}` as SignalId,
      accountId: 'acct' as AccountId,
      symbol,
      side: 'SELL',
      quantity: Quantity.of(10),
      orderType: 'MARKET',
      limitPrice: null,
      stopPrice: null,
      timeInForce: 'DAY',
      reduceOnly: false,
      requestedBy: 'test',
    };
    bus.publish(topics.ordersRequested, request);
    const decision = decisions[decisions.length - 1];
    return decision?.type === 'SignalRejected' ? decision.reasonCode : (decision?.type ?? 'none');
  };
  /** Three day trades (buy 10, sell 10) at the instant. */
  const threeDayTrades = (iso: string) => {
    at(iso);
    for (let round = 0; round < 3; round++) {
      fill('BUY');
      fill('SELL');
    }
  };
  return { at, fill, sell, threeDayTrades };
}

const nyse = () => marginAccount(tradingDaysOf(new NyseCalendar()));
const weekdays = () => marginAccount(utcWeekdays);

describe('the pattern-day-trader rule on the NYSE calendar', () => {
  it('keeps the Thursday before Good Friday within the five business days of the next Thursday', () => {
    for (const [account, expected] of [
      // NYSE: Apr 4, 3, 2, 1 and Mar 28 (Good Friday, Mar 29, is closed): 3 day trades, a 4th refused.
      [nyse(), 'RISK_PATTERN_DAY_TRADER'],
      // UTC weekdays count Good Friday as a business day, so Mar 28 falls out of the window.
      [weekdays(), 'SignalApproved'],
    ] as const) {
      account.threeDayTrades('2024-03-28T14:00:00Z');
      account.at('2024-04-04T14:00:00Z');
      account.fill('BUY');
      expect(account.sell()).toBe(expected);
    }
  });

  it('dates a fill by New York time: a buy at 20:30 New York (00:30 UTC) sold next morning is no day trade', () => {
    for (const [account, expected] of [
      // Bought on Apr 3 in New York, sold on Apr 4: no day trade, so the 3 earlier ones are no bar.
      [nyse(), 'SignalApproved'],
      // On UTC dates both fills fall on Apr 4: a 4th day trade, refused.
      [weekdays(), 'RISK_PATTERN_DAY_TRADER'],
    ] as const) {
      account.threeDayTrades('2024-04-01T14:00:00Z');
      account.at('2024-04-04T00:30:00Z');
      account.fill('BUY');
      account.at('2024-04-04T14:00:00Z');
      expect(account.sell()).toBe(expected);
    }
  });
});

describe('trading days of the NYSE calendar', () => {
  it('has no session on Good Friday 2024 nor on a Saturday, and a session on the Thursday before', () => {
    const days = tradingDaysOf(new NyseCalendar());
    const good = days.dayOf(Date.parse('2024-03-29T15:00:00Z'));
    expect(days.isTradingDay(good)).toBe(false);
    expect(days.isTradingDay(good - 1)).toBe(true);
    expect(days.isTradingDay(good + 1)).toBe(false);
    // New York dates in time order and back: midnight in New York is 04:00 UTC in April (daylight time).
    const april3 = days.dayOf(Date.parse('2024-04-03T14:00:00Z'));
    expect(days.dayOf(Date.parse('2024-04-04T03:59:59Z'))).toBe(april3);
    expect(days.dayOf(Date.parse('2024-04-04T04:00:00Z'))).toBe(april3 + 1);
    expect(days.dayOf(Date.parse('2024-04-03T03:59:59Z'))).toBe(april3 - 1);
    expect(days.dayOf(Date.parse('2024-04-03T04:00:00Z'))).toBe(april3);
    // Outside the calendar's years (synthetic data) a weekday is a trading day.
    expect(days.isTradingDay(days.dayOf(Date.UTC(1970, 0, 2, 15)))).toBe(true);
  });
});
