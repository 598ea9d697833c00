// The Risk Manager's wiring, used alike in one process and in its own: a portfolio mirror kept from
// trades.executed, the risk engine with its decisions journaled (approvals reach the executor only
// through the outbox), the pending trades and halts it must remember across a restart.

import { performance } from 'node:perf_hooks';
import { NyseCalendar, tradingDaysOf } from '@ats/calendar';
import { toAccountId, topics } from '@ats/core';
import { commissionFor, type Portfolio, PortfolioEngine, RiskEngine } from '@ats/engine';
import {
  OutboxRelay,
  SqlAssessmentJournal,
  SqlContinuityStore,
  SqlExecutionControlStore,
  SqlRiskControlStore,
} from '@ats/persistence';
import { ManualOverrideDesk } from '../continuity/manual-override-desk.js';
import { RiskControlDesk } from '../risk-manager/risk-control-desk.js';
import { RiskManagerModule } from '../risk-manager/risk-manager-module.js';
import { riskModelsOf } from '../risk-manager/risk-models-of.js';
import {
  commissionOf,
  durationMilliseconds,
  instrumentsOf,
  maxPriceAgeOf,
  riskLimitsOf,
} from '../wiring/config-mapping.js';
import { restoredPortfolio } from './restored-portfolio.js';
import { redeliverOnDataLoss, type ServiceContext, type ServiceInstance } from './service-context.js';

export interface RiskManagerService extends ServiceInstance {
  readonly risk: RiskEngine;
  readonly portfolio: Portfolio;
}

export async function buildRiskManager(context: ServiceContext): Promise<RiskManagerService> {
  const { config, bus, database, repositories, metrics, ids, clock, onError } = context;
  const accountId = toAccountId(config.account.id);
  const control = new SqlExecutionControlStore(database);
  const { portfolio, fills } = await restoredPortfolio(context);
  const mirror = new PortfolioEngine({
    portfolio,
    bus,
    clock,
    ids,
    group: 'risk-manager-portfolio',
    publishUpdates: false,
  });
  mirror.markApplied(fills);
  const relay = new OutboxRelay({ database, bus, source: 'risk-manager', onError });
  redeliverOnDataLoss(context, relay, durationMilliseconds(config.redis.redelivery_window));
  const journal = new SqlAssessmentJournal(relay);
  const limits = riskLimitsOf(config);
  const commission = commissionOf(config);
  // The desk stores the day state as the engine changes it (it needs the engine, built just below).
  let desk: RiskControlDesk | undefined;
  const instruments = instrumentsOf(config);
  const models = riskModelsOf(context, portfolio, instruments, accountId);
  const risk = new RiskEngine({
    bus,
    clock,
    ids,
    portfolio,
    instruments,
    limits,
    accountId,
    metrics,
    timer: performance,
    group: 'risk-manager',
    journal,
    maxPriceAgeMilliseconds: maxPriceAgeOf(config),
    // Buys are sized so their cost with commission fits the cash (or, in a margin account, the buying
    // power); the account kind also turns on the pattern-day-trader rule.
    accountKind: config.account.kind,
    // The pattern-day-trader rule counts NYSE sessions by New York date (holidays are not business days);
    // the risk day (daily loss, day-state) is the New York date too, rolling at New York midnight.
    tradingDays: tradingDaysOf(new NyseCalendar()),
    commissionOf: (quantity, price) => commissionFor(commission, quantity, price, true),
    onDayStateChange: (record) => desk?.saveDayState(record),
    correlationWindow: config.risk_limits.correlation_window,
    correlationMinimumSamples: config.risk_limits.correlation_min_samples,
    sizer: models.sizer,
  });
  desk = new RiskControlDesk({
    risk,
    store: new SqlRiskControlStore(database, accountId),
    bus,
    clock,
    ids,
    accountId,
    onError,
  });
  const controlDesk = desk;
  const manualOverride = new ManualOverrideDesk({
    risk,
    store: new SqlContinuityStore(database, accountId),
    bus,
    clock,
    ids,
    accountId,
  });
  const subscriptions: { unsubscribe(): Promise<void> }[] = [];
  return {
    risk,
    portfolio,
    module: new RiskManagerModule({
      risk,
      limits,
      assessments: repositories.signals,
      metrics,
      desk: controlDesk,
      riskModels: models.routes,
      manualOverride,
    }),
    async start() {
      // What was pending or halted before a restart stays so: no trade approved twice.
      risk.restorePending(
        await control.pendingApprovals(durationMilliseconds(config.execution.max_approval_age)),
      );
      for (const halt of await control.openHalts(accountId)) risk.haltSymbol(halt.symbol, halt.reason);
      // The kill switch, limits, restricted list and today's loss and high-water mark survive a restart;
      // the day-trade count and the working orders come back from the stored fills and orders.
      risk.restoreFills(fills);
      risk.restoreWorkingOrders(await repositories.orders.listOrders({ openOnly: true, accountId }));
      await controlDesk.restore();
      // Manual override mode survives a restart: restored before any signal is taken.
      await manualOverride.restore();
      // A session's open restarts the portfolio's day P&L (metrics) and re-arms the daily loss alert.
      // The daily loss limit itself counts from the risk day's start (New York midnight, stored above).
      portfolio.startDay();
      subscriptions.push(
        bus.subscribe(
          topics.marketSessions,
          (event) => {
            if (event.type === 'MarketSessionChanged' && event.phase === 'open') {
              portfolio.startDay();
              risk.startDay();
            }
          },
          { group: 'risk-manager-sessions' },
        ),
      );
      await relay.start();
      mirror.start();
      risk.start();
      // After the mirror, so a fill reaches the portfolio before the monitor reads it.
      await models.start(risk, (reason) => controlDesk.setKillSwitch(true, reason, 'risk-monitor'));
    },
    async stop() {
      await models.stop();
      await risk.stop();
      await journal.idle();
      await controlDesk.idle();
      await mirror.stop();
      for (const subscription of subscriptions.splice(0)) await subscription.unsubscribe();
      await relay.stop();
    },
  };
}
