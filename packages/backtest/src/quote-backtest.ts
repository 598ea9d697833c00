// Runs a backtest driven by quotes: the live kernel (data engine, bars, strategies, risk, execution,
// portfolio) fed recorded quotes on a test clock, with the backtest venue matching them in the same fill
// engine as the paper venue. A paper session's recorded quotes replayed here give the session's fills.
import { NyseCalendar, tradingDaysOf } from '@ats/calendar';
import {
  type AccountId,
  defineEquity,
  IdGenerator,
  type Money,
  type OrderFilled,
  type Quote,
  SeededRandom,
  TestClock,
  topics,
} from '@ats/core';
import {
  InProcessMessageBus,
  type RiskLimits,
  type SessionCloseOf,
  type Strategy,
  TradingKernel,
} from '@ats/engine';
import { accountModelOf, type BacktestAccount, defaultBacktestAccount } from './backtest-account.js';
import type { FillRules } from './fill-rules.js';
import { SimulatedBarVenue } from './simulated-bar-venue.js';

export interface QuoteBacktestConfig {
  /** Quotes of every symbol in time order, as recorded (e.g. the market_quotes rows of a session). */
  readonly quotes: readonly Quote[];
  readonly strategies: () => readonly Strategy[];
  readonly startingCash: Money;
  readonly rules: FillRules;
  readonly limits: RiskLimits;
  readonly seed?: number;
  readonly sessionCloseOf?: SessionCloseOf;
  /** The venue's account (default: cash), as in `runBacktest`. */
  readonly account?: BacktestAccount;
  /** The clock stands this long after each quote's time when it is ingested (a live node's receive lag). */
  readonly receiveDelayMilliseconds?: number;
}

export interface QuoteBacktestResult {
  readonly fills: readonly OrderFilled[];
  readonly finalCash: Money;
  readonly finalEquity: Money;
}

export function runQuoteBacktest(config: QuoteBacktestConfig): QuoteBacktestResult {
  const symbols = [...new Set(config.quotes.map((quote) => quote.symbol))];
  const clock = new TestClock(config.quotes[0]?.time ?? 0);
  const ids = new IdGenerator(new SeededRandom(config.seed ?? 1));
  const bus = new InProcessMessageBus();
  const venue = new SimulatedBarVenue(clock, ids, config.rules, {
    ...(config.sessionCloseOf ? { sessionCloseOf: config.sessionCloseOf } : {}),
    account: accountModelOf(config.account ?? defaultBacktestAccount, config.startingCash),
    startingCash: config.startingCash,
  });
  const kernel = new TradingKernel({
    bus,
    clock,
    ids,
    accountId: 'backtest' as AccountId,
    startingCash: config.startingCash,
    instruments: symbols.map((symbol) => defineEquity({ symbol })),
    limits: config.limits,
    strategies: config.strategies(),
    // The risk day and the pattern-day-trader rule's days are New York dates, as in the paper session.
    tradingDays: tradingDaysOf(new NyseCalendar()),
    executionClient: venue, // the kernel feeds it every accepted quote, as it feeds the paper venue
  });
  const fills: OrderFilled[] = [];
  bus.subscribe(topics.tradesExecuted, (event) => {
    if (event.type === 'OrderFilled') fills.push(event);
  });
  kernel.start();
  const delay = config.receiveDelayMilliseconds ?? 0;
  for (const quote of config.quotes) {
    if (quote.time + delay > clock.now()) clock.advanceTo(quote.time + delay);
    kernel.data.ingest({
      symbol: quote.symbol,
      time: quote.time,
      bid: quote.bid.toString(),
      ask: quote.ask.toString(),
      bidSize: quote.bidSize,
      askSize: quote.askSize,
      last: quote.last.toString(),
      volume: quote.volume,
    });
  }
  return { fills, finalCash: kernel.portfolio.cash(), finalEquity: kernel.portfolio.equity() };
}
