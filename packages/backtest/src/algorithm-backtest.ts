// Backtests of execution algorithms: parents worked by the live AlgorithmEngine over minute bars,
// quotes or trade prints, every child through the kernel's pre-trade risk, the execution engine and
// the backtest venue's fill engine (the same code paper and live trading run).
import { NyseCalendar, tradingDaysOf } from '@ats/calendar';
import {
  type AccountId,
  type Bar,
  IdGenerator,
  type Instrument,
  Money,
  type OrderFilled,
  type PlatformEvent,
  type Quote,
  SeededRandom,
  TestClock,
  type TradeTick,
  timeframeMilliseconds,
  topics,
} from '@ats/core';
import {
  AlgorithmEngine,
  type CommissionModel,
  InMemoryParentOrderStore,
  InProcessMessageBus,
  noSlippage,
  type ParentOrder,
  type ParentOrderSpec,
  type RiskLimits,
  TradingKernel,
} from '@ats/engine';
import { SimulatedBarVenue } from './simulated-bar-venue.js';

export type MarketEvent =
  | { readonly kind: 'bar'; readonly bar: Bar }
  | { readonly kind: 'quote'; readonly quote: Quote }
  | { readonly kind: 'tick'; readonly tick: TradeTick };

export interface AlgorithmBacktestOptions {
  readonly instruments: readonly Instrument[];
  /** Parents to submit, each when market time reaches its submission time. */
  readonly parents: readonly (Omit<ParentOrderSpec, 'arrival' | 'createdAt'> & {
    readonly submitAt: number;
  })[];
  readonly events: Iterable<MarketEvent>;
  readonly startingCash?: Money;
  readonly commission?: CommissionModel;
  /** Market children on bars fill at the next bar's open (default) or at the close of the bar they follow. */
  readonly marketFill?: 'next-open' | 'close';
  readonly limits?: Partial<RiskLimits>;
}

export interface AlgorithmBacktestResult {
  readonly parents: readonly ParentOrder[];
  readonly fills: readonly OrderFilled[];
  /** Every order event in order, with the market time it happened at. */
  readonly orderEvents: readonly PlatformEvent[];
  readonly store: InMemoryParentOrderStore;
}

const accountId = 'algorithm-backtest' as AccountId;

export async function runAlgorithmBacktest(
  options: AlgorithmBacktestOptions,
): Promise<AlgorithmBacktestResult> {
  const events = [...options.events];
  const first = events[0];
  const start = first ? timeOf(first) : 0;
  const clock = new TestClock(start);
  const bus = new InProcessMessageBus();
  const ids = new IdGenerator(new SeededRandom(1));
  const venue = new SimulatedBarVenue(clock, ids, {
    marketFill: options.marketFill ?? 'next-open',
    slippage: noSlippage,
    commission: options.commission ?? { kind: 'fixed', perOrder: Money.of('0') },
  });
  const kernel = new TradingKernel({
    bus,
    clock,
    ids,
    accountId,
    startingCash: options.startingCash ?? Money.of('1000000000'),
    instruments: options.instruments,
    limits: {
      maxPositionSize: 1,
      maxSectorExposure: 1,
      dailyLossLimit: Money.of('100000000000'),
      positionFraction: 1,
      allowShort: true,
      ...options.limits,
    },
    strategies: [],
    accountKind: 'margin',
    // The risk day and the pattern-day-trader rule's days are New York dates, as in live trading.
    tradingDays: tradingDaysOf(new NyseCalendar()),
    executionClient: venue,
  });
  const store = new InMemoryParentOrderStore();
  const lastQuotes = new Map<string, { bid: number; ask: number; at: number }>();
  const algorithms = new AlgorithmEngine({
    bus,
    execution: kernel.execution,
    store,
    checkChild: (order) => kernel.risk.checkOrder(order),
    quoteOf: (symbol) => lastQuotes.get(symbol) ?? null,
    now: () => clock.now(),
    onError: (error) => {
      throw error;
    },
  });
  const fills: OrderFilled[] = [];
  const orderEvents: PlatformEvent[] = [];
  bus.subscribe(topics.orderEvents, (event) => {
    orderEvents.push(event);
    if (event.type === 'OrderFilled') fills.push(event);
  });
  kernel.start();
  algorithms.start();
  const pending = [...options.parents].sort((a, b) => a.submitAt - b.submitAt);
  const submitted: ParentOrder[] = [];
  const submitDue = async (now: number) => {
    while (pending.length > 0 && (pending[0] as { submitAt: number }).submitAt <= now) {
      const { submitAt: _, ...spec } = pending.shift() as (typeof pending)[number];
      submitted.push(await algorithms.submit(spec));
    }
  };
  for (const event of events) {
    if (event.kind === 'bar') {
      const { bar } = event;
      const end = bar.time + timeframeMilliseconds(bar.timeframe);
      // The bar is known at its end: working children trade against it, then algorithms decide.
      if (end > clock.now()) clock.advanceTo(end);
      venue.onBar(bar);
      kernel.portfolio.updateMark(bar.symbol, bar.close, end);
      const close = bar.close.toNumber();
      lastQuotes.set(bar.symbol, { bid: close, ask: close, at: end });
      await submitDue(end);
      algorithms.onVolume(bar.symbol, bar.volume, end, bar.time);
      algorithms.onTime(end);
    } else if (event.kind === 'quote') {
      const { quote } = event;
      if (quote.time > clock.now()) clock.advanceTo(quote.time);
      venue.onQuote(quote);
      kernel.portfolio.updateMark(quote.symbol, quote.last, quote.time);
      lastQuotes.set(quote.symbol, { bid: quote.bid.toNumber(), ask: quote.ask.toNumber(), at: quote.time });
      await submitDue(quote.time);
      if (quote.volume > 0) algorithms.onVolume(quote.symbol, quote.volume, quote.time);
      algorithms.onTime(quote.time);
    } else {
      const { tick } = event;
      if (tick.time > clock.now()) clock.advanceTo(tick.time);
      venue.onTradeTick(tick);
      kernel.portfolio.updateMark(tick.symbol, tick.price, tick.time);
      const price = tick.price.toNumber();
      lastQuotes.set(tick.symbol, { bid: price, ask: price, at: tick.time });
      await submitDue(tick.time);
      algorithms.onVolume(tick.symbol, tick.size, tick.time);
      algorithms.onTime(tick.time);
    }
    await bus.flush();
  }
  await kernel.stop();
  await algorithms.stop();
  return { parents: submitted, fills, orderEvents, store };
}

function timeOf(event: MarketEvent): number {
  if (event.kind === 'bar') return event.bar.time;
  return event.kind === 'quote' ? event.quote.time : event.tick.time;
}
