// Test harness of the fill engine: orders, bars, quotes and prints written in a line each, and what the
// engine emitted, read back as compact rows. Used by the table of fill rules and the venue tests.
import {
  type AccountId,
  type Bar,
  type EventId,
  IdGenerator,
  Money,
  Order,
  type OrderEvent,
  type OrderId,
  type OrderType,
  Price,
  Quantity,
  type Quote,
  SeededRandom,
  type StrategyId,
  TestClock,
  type Ticker,
  type Timeframe,
  type TimeInForce,
  type TradeTick,
} from '@ats/core';
import { FillEngine, type FillEngineOptions } from './fill-engine.js';

export const harnessSymbol = 'ORCL' as Ticker;
export const day = 86_400_000;
export const hour = 3_600_000;

export interface OrderSpec {
  readonly side: 'BUY' | 'SELL';
  readonly quantity: number;
  readonly type?: OrderType;
  readonly limit?: string;
  readonly stop?: string;
  readonly timeInForce?: TimeInForce;
  readonly trailBy?: string;
  readonly trailBasisPoints?: number;
  readonly list?: string;
  readonly contingency?: 'OCO' | 'OTO';
  readonly parent?: string;
  readonly id?: string;
  readonly createdAt?: number;
}

let sequence = 0;

export function makeOrder(spec: OrderSpec): Order {
  sequence++;
  const type =
    spec.type ?? (spec.limit ? (spec.stop ? 'STOP_LIMIT' : 'LIMIT') : spec.stop ? 'STOP' : 'MARKET');
  const trailing =
    spec.trailBy !== undefined
      ? { unit: 'price' as const, amount: Price.of(spec.trailBy) }
      : spec.trailBasisPoints !== undefined
        ? { unit: 'basis-points' as const, basisPoints: spec.trailBasisPoints }
        : null;
  return new Order({
    type: 'OrderInitialized',
    id: `init-${sequence}` as EventId,
    occurredAt: spec.createdAt ?? 0,
    receivedAt: spec.createdAt ?? 0,
    causationId: null,
    orderId: (spec.id ?? `order-${sequence}`) as OrderId,
    accountId: 'account' as AccountId,
    strategyId: 'strategy' as StrategyId,
    symbol: harnessSymbol,
    side: spec.side,
    orderType: trailing ? 'TRAILING_STOP' : type,
    quantity: Quantity.of(spec.quantity),
    limitPrice: spec.limit ? Price.of(spec.limit) : null,
    stopPrice: spec.stop ? Price.of(spec.stop) : null,
    timeInForce: spec.timeInForce ?? 'DAY',
    signalId: null,
    riskAssessmentId: null,
    expiresAt: null,
    trailingOffset: trailing,
    orderListId: spec.list ?? null,
    parentOrderId: (spec.parent ?? null) as OrderId | null,
    contingency: spec.contingency ?? null,
  });
}

export function makeBar(
  time: number,
  ohlc: readonly [string, string, string, string],
  volume = 1_000_000,
  timeframe: Timeframe = '1d',
): Bar {
  return {
    symbol: harnessSymbol,
    timeframe,
    time,
    open: Price.of(ohlc[0]),
    high: Price.of(ohlc[1]),
    low: Price.of(ohlc[2]),
    close: Price.of(ohlc[3]),
    volume,
  };
}

export function makeQuote(time: number, bid: string, ask: string, last: string, size = 1_000): Quote {
  return {
    symbol: harnessSymbol,
    time,
    receivedAt: time,
    bid: Price.of(bid),
    ask: Price.of(ask),
    bidSize: size,
    askSize: size,
    last: Price.of(last),
    volume: 0,
  };
}

export function makeTick(time: number, price: string, size: number): TradeTick {
  return { symbol: harnessSymbol, time, receivedAt: time, price: Price.of(price), size };
}

/**
 * Sessions of the tests: every day closes at 16:00 UTC, except day 3, which closes early at 13:00.
 * Returns the close of the session in progress, or of the next one after a close.
 */
export function testSessionCloseOf(time: number): number {
  const start = Math.floor(time / day) * day;
  const dayIndex = Math.floor(time / day);
  const close = start + (dayIndex === 3 ? 13 : 16) * hour;
  if (time <= close) return close;
  return testSessionCloseOf(start + day);
}

export function harness(options: Partial<Omit<FillEngineOptions, 'clock' | 'ids'>> = {}) {
  const clock = new TestClock(0);
  const engine = new FillEngine({
    venue: 'TEST',
    clock,
    ids: new IdGenerator(new SeededRandom(1)),
    commission: { kind: 'basis-points', basisPoints: 10 },
    ...options,
  });
  const events: OrderEvent[] = [];
  engine.onEvent((event) => events.push(event));
  const orders = new Map<string, Order>();
  return {
    clock,
    engine,
    events,
    submit(spec: OrderSpec): Order {
      const order = makeOrder(spec);
      orders.set(order.id, order);
      engine.submit(order);
      return order;
    },
    bar(
      time: number,
      ohlc: readonly [string, string, string, string],
      volume?: number,
      timeframe?: Timeframe,
    ) {
      if (time > clock.now()) clock.advanceTo(time);
      engine.onBar(makeBar(time, ohlc, volume, timeframe));
    },
    quote(time: number, bid: string, ask: string, last: string, size?: number) {
      if (time > clock.now()) clock.advanceTo(time);
      engine.onQuote(makeQuote(time, bid, ask, last, size));
    },
    tick(time: number, price: string, size: number) {
      if (time > clock.now()) clock.advanceTo(time);
      engine.onTradeTick(makeTick(time, price, size));
    },
    /** Fills as [side, quantity, price, commission]. */
    fills(): [string, number, string, string][] {
      return events.flatMap((event) =>
        event.type === 'OrderFilled'
          ? [
              [
                event.side,
                event.lastQuantity.value,
                event.lastPrice.toString(),
                event.commission.toString(),
              ] as [string, number, string, string],
            ]
          : [],
      );
    },
    /** Event types, each with the order's id when `withOrder`. */
    types(withOrder = false): string[] {
      return events.map((event) => (withOrder ? `${event.orderId}:${event.type}` : event.type));
    },
    money: Money.of,
  };
}
