// The Trade Executor's wiring, used alike in one process and in its own: the venue, the journaled
// execution engine, reconciliation at start and on a timer, the portfolio, and the executor lease.
import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { type Order, toAccountId, topics } from '@ats/core';
import {
  ExecutionEngine,
  type Portfolio,
  PortfolioEngine,
  Reconciler,
  type ReconciliationReport,
} from '@ats/engine';
import { type ExecutorFence, OutboxRelay, SqlExecutionControlStore, SqlOrderJournal } from '@ats/persistence';
import { withStoredBrokerCredentials } from '../secrets/configured-credentials.js';
import { ManualOrderDesk } from '../trade-executor/manual-order-desk.js';
import { TradeExecutorModule } from '../trade-executor/trade-executor-module.js';
import { durationMilliseconds } from '../wiring/config-mapping.js';
import { PipelineRecorder } from '../wiring/pipeline-recorder.js';
import { orderOfRecord } from '../wiring/stored-executions.js';
import { executionVenueOf } from './execution-venue.js';
import { restoredPortfolio } from './restored-portfolio.js';
import { delay, redeliverOnDataLoss, type ServiceContext, type ServiceInstance } from './service-context.js';

export interface TradeExecutorService extends ServiceInstance {
  readonly execution: ExecutionEngine;
  readonly portfolio: Portfolio;
  readonly reconciler: Reconciler;
  /** The report of the reconciliation run at start. */
  readonly startReconciliation: () => ReconciliationReport | null;
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
  const journal = new SqlOrderJournal({ database, relay, fence: () => fence });
  // Broker credentials: the environment, else the encrypted credentials store.
  const venue = await executionVenueOf({
    ...context,
    config: await withStoredBrokerCredentials(config, database),
  });
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
  const desk = new ManualOrderDesk({ bus, database, relay: requestRelay, clock, ids, accountId, execution });

  let halted = new Set<string>();
  const reconciler = new Reconciler({
    engine: execution,
    client: venue,
    accountId,
    bus,
    clock,
    ids,
    storedPositions: () => control.tradedPositions(accountId),
    lastExecutionTime: () => control.lastExecutionTime(accountId, venue.venue),
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
    module: new TradeExecutorModule({
      execution,
      orders: repositories.orders,
      trades: repositories.trades,
      positions: repositories.portfolio,
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
    }),
    async start() {
      if (fence) {
        const held = fence;
        leaseTimer = setInterval(
          () => {
            control.renewLease(accountId, held.token, leaseTtl).catch((error: unknown) => {
              // Lost the account to another executor: stop taking orders at once (writes are fenced too).
              execution.stopAccepting();
              onError(error);
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
          if (event.type !== 'QuoteReceived' || !venue.onQuote) return;
          metrics.count('venue_quotes_total');
          venue.onQuote(event.quote);
        }),
      );
      portfolioEngine.start();
      recorder.start();
      // Reconcile before taking new approvals: the venue's truth first, then new work.
      startReport = await reconcile('start');
      execution.start();
      const every = durationMilliseconds(config.execution.reconcile_interval);
      reconcileTimer = setInterval(() => {
        reconcile('periodic').catch(onError);
      }, every);
      reconcileTimer.unref?.();
    },
    async stop() {
      if (reconcileTimer) clearInterval(reconcileTimer);
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
