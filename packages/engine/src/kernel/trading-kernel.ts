// Wires the engines on one bus: the same wiring serves a one-process node, a service and a backtest.
import {
  type AccountId,
  type Clock,
  type Delivery,
  type ExecutionClient,
  type IdGenerator,
  type Instrument,
  type MessageBus,
  type Money,
  type Order,
  type OrderFilled,
  topics,
} from '@ats/core';
import { DataEngine, type DataEngineOptions } from '../data/data-engine.js';
import { AlgorithmEngine } from '../execution/algorithms/algorithm-engine.js';
import {
  parametersOfExecutionRequest,
  parentSpecOfApproval,
} from '../execution/algorithms/approval-parent.js';
import { InMemoryParentOrderStore } from '../execution/algorithms/parent-order-store.js';
import { ExecutionEngine } from '../execution/execution-engine.js';
import type { OrderJournal } from '../execution/order-journal.js';
import type { SessionCloseOf } from '../execution/session-tracker.js';
import { type EngineMetrics, type MonotonicTimer, noMetrics } from '../metrics/engine-metrics.js';
import { Portfolio } from '../portfolio/portfolio.js';
import { PortfolioEngine } from '../portfolio/portfolio-engine.js';
import { RiskEngine } from '../risk/risk-engine.js';
import type { RiskLimits } from '../risk/risk-limits.js';
import type { Strategy } from '../strategy/strategy.js';
import { StrategyRuntime } from '../strategy/strategy-runtime.js';
import type { TradingSessions } from '../strategy/trading-sessions.js';

export interface TradingKernelOptions {
  readonly bus: MessageBus;
  readonly clock: Clock;
  readonly ids: IdGenerator;
  readonly accountId: AccountId;
  readonly startingCash: Money;
  readonly instruments: readonly Instrument[];
  readonly limits: RiskLimits;
  /** What a buy's commission would be, so risk sizes buys the cash can pay for. */
  readonly commissionOf?:
    | ((quantity: import('@ats/core').Quantity, price: import('@ats/core').Price) => Money)
    | undefined;
  readonly strategies: readonly Strategy[];
  /** The account the risk checks assume (buying power, pattern-day-trader rule); default cash. */
  readonly accountKind?: 'cash' | 'margin';
  /** The exchange's trading days: the pattern-day-trader rule's and the risk day's dates; default UTC. */
  readonly tradingDays?: import('../risk/trading-days.js').TradingDays;
  /** How risk sizes a signal; default the fixed fraction of `limits.positionFraction`. */
  readonly sizer?: import('@ats/core').PositionSizer | undefined;
  readonly executionClient: ExecutionClient;
  readonly journal?: OrderJournal;
  readonly metrics?: EngineMetrics;
  readonly timer?: MonotonicTimer;
  readonly validation?: DataEngineOptions['validation'];
  readonly sink?: DataEngineOptions['sink'];
  readonly onQuoteRejected?: DataEngineOptions['onRejected'];
  readonly onError?: (error: unknown) => void;
  readonly log?: (strategyId: string, message: string, fields?: Readonly<Record<string, unknown>>) => void;
  /** The exchange's sessions: strategies' daily bars built from intraday bars follow them (else UTC days). */
  readonly sessions?: TradingSessions;
  /** The session's close after a time, so an algorithm a signal asks for ends by it. */
  readonly sessionCloseOf?: SessionCloseOf;
  /** Closed orders the executor keeps in memory (see `ExecutionEngineOptions.closedOrdersKept`). */
  readonly closedOrdersKept?: number;
  /** Told of each closed order as the executor lets go of it (a backtest's results). */
  readonly onOrderReleased?: (order: Order) => void;
  /**
   * How messages reach the engines (default at-least-once). A backtest, whose in-process bus calls each
   * handler once per message and has no outbox or reconciliation to hand one over again, says
   * exactly-once: the engines then keep no ids of what they applied.
   */
  readonly delivery?: Delivery;
}

/** Every engine of the real-time flow in one process; a venue that needs quotes gets them from the bus. */
export class TradingKernel {
  readonly data: DataEngine;
  readonly strategies: StrategyRuntime;
  readonly risk: RiskEngine;
  readonly execution: ExecutionEngine;
  readonly portfolio: Portfolio;
  readonly portfolioEngine: PortfolioEngine;
  /** Execution algorithms a strategy's signal asks for (`execution`), their parents kept in memory. */
  readonly algorithms: AlgorithmEngine;

  constructor(readonly options: TradingKernelOptions) {
    const { bus, clock, ids } = options;
    const metrics = options.metrics ?? noMetrics;
    const timer = options.timer;
    const delivery = options.delivery;
    // Each engine's options written out in full, absent ones as undefined: built with spreads of
    // conditional objects, they took about a sixth of a short backtest's fixed cost (every spread a copy
    // by the runtime), and a backtest builds a kernel per run.
    this.portfolio = new Portfolio(options.accountId, options.startingCash);
    this.data = new DataEngine({
      bus,
      clock,
      ids,
      metrics,
      timer,
      instruments: options.instruments,
      validation: options.validation ?? { maxClockSkewMilliseconds: 5_000, outlierFraction: 0.2 },
      sink: options.sink,
      onRejected: options.onQuoteRejected,
    });
    this.strategies = new StrategyRuntime({
      bus,
      clock,
      ids,
      metrics,
      timer,
      delivery,
      log: options.log,
      sessions: options.sessions,
    });
    this.risk = new RiskEngine({
      bus,
      clock,
      ids,
      metrics,
      timer,
      delivery,
      portfolio: this.portfolio,
      instruments: options.instruments,
      limits: options.limits,
      accountId: options.accountId,
      commissionOf: options.commissionOf,
      accountKind: options.accountKind,
      tradingDays: options.tradingDays,
      sizer: options.sizer,
    });
    this.execution = new ExecutionEngine({
      bus,
      clock,
      ids,
      metrics,
      timer,
      delivery,
      client: options.executionClient,
      journal: options.journal,
      onError: options.onError,
      tickStartedAt: () => this.data.lastTickStartedAt,
      closedOrdersKept: options.closedOrdersKept,
      onOrderReleased: options.onOrderReleased,
    });
    this.portfolioEngine = new PortfolioEngine({
      bus,
      clock,
      ids,
      metrics,
      timer,
      delivery,
      portfolio: this.portfolio,
    });
    const onError =
      options.onError ??
      ((error: unknown) => {
        throw error;
      });
    this.algorithms = new AlgorithmEngine({
      bus,
      execution: this.execution,
      store: new InMemoryParentOrderStore(),
      // Every child passes the same pre-trade checks as an order.
      checkChild: (order) => this.risk.checkOrder(order),
      quoteOf: (symbol) => {
        const mark = this.portfolio.mark(symbol as import('@ats/core').Ticker);
        const at = this.portfolio.markTime(symbol as import('@ats/core').Ticker);
        return mark && at !== null ? { bid: mark.toNumber(), ask: mark.toNumber(), at } : null;
      },
      now: () => clock.now(),
      onError,
      group: 'kernel-algorithms',
    });
    this.execution.useAlgorithms((approval) => {
      const execution = approval.execution;
      if (!execution) return;
      try {
        const startAt = clock.now();
        const parameters = parametersOfExecutionRequest(execution, {
          startAt,
          quantity: approval.quantity.value,
          limitPrice: approval.limitPrice ? approval.limitPrice.toNumber() : null,
          sessionClose: options.sessionCloseOf?.(startAt) ?? null,
          volumeProfile: null,
        });
        return this.algorithms.submit(parentSpecOfApproval(approval, parameters));
      } catch (error) {
        onError(error);
      }
    });
    for (const strategy of options.strategies) this.strategies.add(strategy);
  }

  /**
   * Rebuilds positions and cash from stored executions (oldest first), for a restart: the portfolio,
   * the executor's PnL positions and each strategy's positions all come back exactly.
   */
  restore(executions: readonly OrderFilled[]): void {
    // The portfolio and the executor each replay into their own positions: sharing one Position object
    // between them made every later fill count twice.
    for (const fill of executions) this.portfolio.applyFill(fill);
    this.execution.restoreFills(executions);
    this.portfolioEngine.markApplied(executions);
    this.strategies.markApplied(executions);
    for (const strategyId of this.portfolio.strategies()) {
      for (const instrument of this.options.instruments) {
        const net = this.portfolio.strategyNetQuantity(strategyId, instrument.symbol);
        if (net !== 0) this.strategies.restorePosition(strategyId, instrument.symbol, net);
      }
    }
  }

  /** Subscribes every engine; the portfolio subscribes first so risk sees a fill before the next signal. */
  start(): void {
    this.portfolioEngine.start();
    this.risk.start();
    this.execution.start();
    this.algorithms.start();
    this.strategies.start();
    const client = this.options.executionClient as { onQuote?: (quote: import('@ats/core').Quote) => void };
    if (typeof client.onQuote === 'function') {
      const onQuote = client.onQuote.bind(client);
      this.options.bus.subscribe(topics.allMarketData, (event) => {
        if (event.type === 'QuoteReceived') onQuote(event.quote);
      });
    }
  }

  /**
   * Lets go of every order, fill and id the engines remember, once the kernel will not be used again
   * (a finished backtest, after its results are built); the executor takes no more approvals.
   *
   * Why: a process that runs backtests back to back (an optimizer, the benchmarks) has objects of a run
   * promoted to the old generation by a young collection in the middle of that run; orders made after
   * that were added to those promoted tables, and the young collections after the run still treated the
   * dead tables as live and copied what they held. Emptying the tables at the end cut what young
   * collections promoted over 200 ORCL runs from 70 MB to 16 MB (docs/backtesting.md, Speed).
   */
  discard(): void {
    this.execution.discard();
    this.risk.discard();
    this.strategies.discard();
    this.portfolioEngine.discard();
  }

  /** Graceful stop in reverse: stop taking signals, drain in-flight orders, then the rest. */
  async stop(): Promise<void> {
    await this.strategies.stop();
    await this.risk.stop();
    this.execution.stopAccepting();
    await this.execution.settled();
    await this.execution.stop();
    await this.algorithms.stop();
    await this.portfolioEngine.stop();
  }
}
