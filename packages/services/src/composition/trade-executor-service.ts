// The Trade Executor's wiring, used alike in one process and in its own: the venue, the journaled
// execution engine, reconciliation at start and on a timer, the portfolio, and the executor lease.

import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { NyseCalendar, tradingDaysOf } from '@ats/calendar';
import { type Order, Price, toAccountId, topics } from '@ats/core';
import {
  AlgorithmEngine,
  type ArrivalQuote,
  commissionFor,
  ExecutionEngine,
  FailoverExecutionClient,
  type OrderToCheck,
  type Portfolio,
  PortfolioEngine,
  Reconciler,
  type ReconciliationReport,
  RiskEngine,
} from '@ats/engine';
import {
  type ExecutorFence,
  OutboxRelay,
  SqlContinuityStore,
  SqlExecutionControlStore,
  SqlOrderJournal,
  SqlRiskControlStore,
} from '@ats/persistence';
import { withInjectedFaults } from '../chaos/fault-injecting-venue.js';
import { EmergencyLiquidation } from '../continuity/emergency-liquidation.js';
import { ProtectiveStopKeeper } from '../continuity/protective-stop-keeper.js';
import { signalAlgorithmHandler } from '../execution-algorithms/signal-algorithms.js';
import { SqlParentOrderStore } from '../execution-algorithms/sql-parent-order-store.js';
import { registerPortfolioMetrics } from '../metrics/portfolio-metrics.js';
import { withStoredBrokerCredentials } from '../secrets/configured-credentials.js';
import { ManualOrderDesk } from '../trade-executor/manual-order-desk.js';
import { MarginCallLiquidator } from '../trade-executor/margin-call-liquidator.js';
import { RiskControlsFollower } from '../trade-executor/risk-controls-follower.js';
import { TradeExecutorModule } from '../trade-executor/trade-executor-module.js';
import {
  commissionOf,
  durationMilliseconds,
  instrumentsOf,
  maxPriceAgeOf,
  riskLimitsOf,
} from '../wiring/config-mapping.js';
import { PipelineRecorder } from '../wiring/pipeline-recorder.js';
import { orderOfRecord } from '../wiring/stored-executions.js';
import { executionVenueOf } from './execution-venue.js';
import { newestExecutionOfFailoverVenues, newestExecutionOfRoutedVenues } from './reconciliation-window.js';
import { restoredPortfolio } from './restored-portfolio.js';
import { routedVenuesOf } from './routed-venues.js';
import { delay, redeliverOnDataLoss, type ServiceContext, type ServiceInstance } from './service-context.js';

export interface TradeExecutorService extends ServiceInstance {
  readonly execution: ExecutionEngine;
  readonly portfolio: Portfolio;
  readonly reconciler: Reconciler;
  /** The report of the reconciliation run at start. */
  readonly startReconciliation: () => ReconciliationReport | null;
  readonly algorithms: AlgorithmEngine;
  /**
   * Checks algorithm children with this (in one process: the Risk Manager's own engine) instead of
   * the executor's local risk engine.
   */
  useChildRiskCheck(check: (order: OrderToCheck) => ReturnType<RiskEngine['checkOrder']>): void;
}

export interface TradeExecutorOptions {
  /**
   * In one process: when the quote that led to an approval began processing (the data engine knows),
   * so fills are also measured tick to fill.
   */
  readonly tickStartedAt?: () => number | undefined;
}

export async function buildTradeExecutor(
  context: ServiceContext,
  options: TradeExecutorOptions = {},
): Promise<TradeExecutorService> {
  const { config, bus, database, repositories, metrics, ids, clock, logger, onError } = context;
  const accountId = toAccountId(config.account.id);
  const control = new SqlExecutionControlStore(database);

  // One executor per account on a shared PostgreSQL: a lease with a token that fences every write.
  const leaseTtl = durationMilliseconds(config.execution.lease_ttl);
  const holder = `${process.pid}-${randomBytes(4).toString('hex')}`;
  let fence: ExecutorFence | null = null;
  let leaseTimer: ReturnType<typeof setInterval> | null = null;
  if (database.kind === 'postgres') {
    const deadline = Date.now() + leaseTtl * 3;
    for (;;) {
      const token = await control.acquireLease(accountId, holder, leaseTtl);
      if (token !== null) {
        fence = { accountId, token };
        break;
      }
      if (Date.now() > deadline)
        throw new Error(
          `trade-executor: another executor holds account ${accountId} and keeps its lease; refusing to trade the account twice`,
        );
      await delay(Math.min(1_000, leaseTtl / 4));
    }
  }

  const relay = new OutboxRelay({ database, bus, source: 'trade-executor', onError });
  redeliverOnDataLoss(context, relay, durationMilliseconds(config.redis.redelivery_window));
  const journal = new SqlOrderJournal({ relay, fence: () => fence });
  // Several simulated venues with smart order routing when configured; else the one configured venue
  // (broker credentials: the environment, else the encrypted credentials store).
  const routing = routedVenuesOf(context);
  const configuredVenue =
    routing?.client ??
    (await executionVenueOf({
      ...context,
      config: await withStoredBrokerCredentials(config, database),
    }));
  // Disaster drills inject broker latency and failures here (never on unless configured).
  const injected = config.execution.fault_injection ? withInjectedFaults(configuredVenue) : null;
  const venue = injected?.venue ?? configuredVenue;
  const execution = new ExecutionEngine({
    bus,
    clock,
    ids,
    client: venue,
    journal,
    metrics,
    timer: performance,
    group: 'trade-executor',
    onError,
    maxApprovalAgeMilliseconds: durationMilliseconds(config.execution.max_approval_age),
    delay,
    ...(options.tickStartedAt ? { tickStartedAt: options.tickStartedAt } : {}),
  });

  // Restart: working orders and the executions already stored come back before anything is applied.
  for (const record of await repositories.orders.listOrders({ accountId, openOnly: true, limit: 100_000 })) {
    const order = orderOfRecord(record);
    execution.adopt(order);
    // Streaming venues (Alpaca) follow restored working orders' updates once told of them.
    (venue as { watch?: (order: Order) => void }).watch?.(order);
  }
  const { portfolio, fills } = await restoredPortfolio(context);
  registerPortfolioMetrics(metrics, portfolio, config.account.id);
  execution.restoreFills(fills);

  const portfolioEngine = new PortfolioEngine({
    portfolio,
    bus,
    clock,
    ids,
    metrics,
    timer: performance,
    group: 'trade-executor-portfolio',
  });
  portfolioEngine.markApplied(fills);
  const recorder = new PipelineRecorder({
    bus,
    repositories,
    record: { positions: true },
    group: 'trade-executor-recorder',
    onError,
  });

  // Operators' orders: stored in the outbox (their own source) and relayed to the Risk Manager.
  const requestRelay = new OutboxRelay({ database, bus, source: 'trade-executor-requests', onError });
  const desk = new ManualOrderDesk({ bus, relay: requestRelay, clock, ids, accountId, execution });
  // A margin account's calls sell through risk and the journal, like an operator's reduce-only order.
  const liquidator = new MarginCallLiquidator({
    request: (input, requestedBy) => desk.request(input, requestedBy),
    orderStatus: (orderId) => execution.order(orderId)?.status ?? null,
    onOutcome: (symbol, outcome) =>
      logger.warn({ symbol, outcome: outcome.status }, 'margin call: liquidation requested'),
    onError,
  });
  venue.onMarginCall?.((call) => liquidator.handle(call));

  // Business continuity: the emergency liquidation (risk-ranked) and, when configured, protective
  // stops held at the venue for every open position.
  const instrumentConfig = new Map(config.market.instruments.map((entry) => [entry.symbol, entry]));
  const tickSizes = new Map(
    instrumentsOf(config).map((instrument) => [instrument.symbol as string, instrument.tickSize]),
  );
  const liquidation = new EmergencyLiquidation({
    execution,
    portfolio,
    desk,
    bus,
    ids,
    dailyVolatilityOf: (symbol) => instrumentConfig.get(symbol)?.daily_volatility ?? 0.02,
  });
  const protectiveStops = config.execution.protective_stops.enabled
    ? new ProtectiveStopKeeper({
        execution,
        portfolio,
        request: (input, requestedBy) => desk.request(input, requestedBy),
        store: new SqlContinuityStore(database, accountId),
        bus,
        ids,
        distanceBasisPoints: config.execution.protective_stops.distance_basis_points,
        tickSizeOf: (symbol) => tickSizes.get(symbol) ?? Price.of('0.01'),
        checkIntervalMilliseconds: durationMilliseconds(config.execution.protective_stops.check_interval),
        onError,
      })
    : null;

  // Execution algorithms: each child passes pre-trade risk. In its own process the executor checks
  // children with a risk engine of its own over its portfolio, the configured limits and the Risk
  // Manager's stored controls (it is not subscribed to signals: the Risk Manager still assesses every
  // signal); in one process the node hands it the Risk Manager's engine instead.
  const commission = commissionOf(config);
  const localRisk = new RiskEngine({
    bus,
    clock,
    ids,
    portfolio,
    instruments: instrumentsOf(config),
    limits: riskLimitsOf(config),
    accountId,
    maxPriceAgeMilliseconds: maxPriceAgeOf(config),
    commissionOf: (quantity, price) => commissionFor(commission, quantity, price, true),
    // The same account as the Risk Manager's: margin buying power and the pattern-day-trader rule.
    accountKind: config.account.kind,
    tradingDays: tradingDaysOf(new NyseCalendar()),
  });
  // The executor's engine follows the Risk Manager's stored controls (kill switch, limit overrides,
  // restricted list), so a halt there stops the next children here too.
  const riskControls = new RiskControlsFollower({
    risk: localRisk,
    store: new SqlRiskControlStore(database, accountId),
    bus,
    onError,
    group: 'trade-executor-risk-controls',
  });
  let childRiskCheck = (order: OrderToCheck) => localRisk.checkOrder(order);
  const latestQuotes = new Map<string, ArrivalQuote>();
  const parentStore = new SqlParentOrderStore(database);
  const algorithms = new AlgorithmEngine({
    bus,
    execution,
    store: parentStore,
    checkChild: (order) => childRiskCheck(order),
    quoteOf: (symbol) => latestQuotes.get(symbol) ?? null,
    now: () => clock.now(),
    onError,
    group: 'trade-executor-algorithms',
    ...(routing ? { router: routing.router } : {}),
  });

  // A strategy's signal may ask for an algorithm: its approval becomes a parent instead of one order.
  execution.useAlgorithms(
    signalAlgorithmHandler({
      algorithms,
      repositories,
      now: () => clock.now(),
      onRefused: (approval, error) =>
        logger.warn(
          { signalId: approval.signalId, strategyId: approval.strategyId, error: (error as Error).message },
          'the execution algorithm a signal asked for cannot work: no order placed',
        ),
    }),
  );

  let halted = new Set<string>();
  const reconciler = new Reconciler({
    engine: execution,
    client: venue,
    accountId,
    bus,
    clock,
    ids,
    storedPositions: () => control.tradedPositions(accountId),
    // Several routed venues, or a primary and a secondary behind the failover client: every venue's
    // stored executions count, not only those of the venue new orders go to now.
    lastExecutionTime: () => {
      const newestOf = (name: string) => control.lastExecutionTime(accountId, name);
      if (routing) return newestExecutionOfRoutedVenues(routing.smartRouter.venueNames, newestOf);
      if (venue instanceof FailoverExecutionClient)
        return newestExecutionOfFailoverVenues(
          venue.venues.map((inner) => inner.venue),
          newestOf,
        );
      return newestOf(venue.venue);
    },
    recordDifference: (difference) => control.recordDifference(difference),
    recordHalt: async (symbol, reason) => {
      await control.halt(accountId, symbol, reason);
      halted.add(symbol);
    },
    haltedSymbols: () => halted,
  });

  let startReport: ReconciliationReport | null = null;
  let reconcileTimer: ReturnType<typeof setInterval> | null = null;
  const quoteSubscription: { unsubscribe(): Promise<void> }[] = [];

  const reconcile = async (when: string): Promise<ReconciliationReport> => {
    const report = await reconciler.reconcile();
    const total = Object.values(report.differences).reduce((sum, count) => sum + count, 0);
    if (total > 0 || when === 'start')
      logger.info(
        { ...report.differences, venueExecutions: report.venueExecutions, halted: report.halted },
        `reconciled with ${venue.venue} (${when})`,
      );
    return report;
  };

  return {
    execution,
    portfolio,
    reconciler,
    startReconciliation: () => startReport,
    algorithms,
    useChildRiskCheck(check) {
      childRiskCheck = check;
    },
    module: new TradeExecutorModule({
      algorithmRoutes: {
        algorithms,
        store: parentStore,
        database,
        repositories,
        accountId,
        clock,
        ids,
      },
      execution,
      // The module's repositories serve only its GET routes: the replica's, when one is configured.
      orders: (context.readRepositories ?? repositories).orders,
      trades: (context.readRepositories ?? repositories).trades,
      positions: (context.readRepositories ?? repositories).portfolio,
      accountId,
      metrics,
      portfolio,
      reconcile: () => reconcile('on request'),
      control,
      bus,
      clock,
      ids,
      onHaltResolved: (symbol) => halted.delete(symbol),
      desk,
      liquidation,
      protectiveStops: {
        keeper: protectiveStops,
        distanceBasisPoints: config.execution.protective_stops.distance_basis_points,
      },
      ...(injected ? { venueFaults: injected.faults } : {}),
    }),
    async start() {
      if (fence) {
        const held = fence;
        leaseTimer = setInterval(
          () => {
            control.renewLease(accountId, held.token, leaseTtl).catch((error: unknown) => {
              onError(error);
              // The database unreachable for a moment (a restart) is not a lost lease: the next renewal
              // tells, and every journal write is fenced by the token meanwhile. `ats chaos` found an
              // executor that stopped taking orders for good after a PostgreSQL restart.
              if ((error as { retryable?: unknown }).retryable === true) return;
              // Lost the account to another executor: stop taking orders at once (writes are fenced too).
              execution.stopAccepting();
            });
          },
          Math.max(250, leaseTtl / 3),
        );
        leaseTimer.unref?.();
      }
      halted = new Set((await control.openHalts(accountId)).map((halt) => halt.symbol));
      await relay.start();
      await requestRelay.start();
      desk.start();
      await venue.connect();
      (venue as { startProbing?: () => void }).startProbing?.();
      quoteSubscription.push(
        bus.subscribe(topics.allMarketData, (event) => {
          if (event.type !== 'QuoteReceived') return;
          const { quote } = event;
          if (venue.onQuote) {
            metrics.count('venue_quotes_total');
            venue.onQuote(quote);
          }
          latestQuotes.set(quote.symbol, {
            bid: quote.bid.toNumber(),
            ask: quote.ask.toNumber(),
            at: quote.time,
          });
          if (quote.volume > 0) algorithms.onVolume(quote.symbol, quote.volume, quote.time);
          algorithms.onTime(quote.time);
        }),
      );
      portfolioEngine.start();
      recorder.start();
      // Reconcile before taking new approvals: the venue's truth first, then new work.
      startReport = await reconcile('start');
      execution.start();
      // Parents resume from the store once the venue's truth is journaled: their children's fills are
      // read from the orders table, and a child stored but never placed is placed now (same order id).
      await journal.idle();
      await riskControls.start();
      algorithms.start();
      for (const halt of halted) localRisk.haltSymbol(halt, 'trading halt (restored)');
      await Promise.all(algorithms.restore(await parentStore.loadActive(accountId)));
      // After reconciliation, so the stops are sized on the venue's truth.
      if (protectiveStops) {
        await protectiveStops.restore();
        protectiveStops.start();
      }
      const every = durationMilliseconds(config.execution.reconcile_interval);
      reconcileTimer = setInterval(() => {
        reconcile('periodic').catch(onError);
      }, every);
      reconcileTimer.unref?.();
    },
    async stop() {
      if (reconcileTimer) clearInterval(reconcileTimer);
      await protectiveStops?.stop();
      await algorithms.stop();
      await riskControls.stop();
      execution.stopAccepting();
      await execution.stop();
      await journal.idle();
      for (const subscription of quoteSubscription.splice(0)) await subscription.unsubscribe();
      await venue.disconnect();
      await portfolioEngine.stop();
      await recorder.stop();
      await desk.stop();
      await requestRelay.stop();
      await relay.stop();
      if (leaseTimer) clearInterval(leaseTimer);
      if (fence) await control.releaseLease(accountId, fence.token).catch(onError);
    },
  };
}
