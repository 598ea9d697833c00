// The scheduler's built-in job kinds: warm-up, session events, end-of-day snapshot, backup, stale-data check.
import type { MarketCalendar } from '@ats/calendar';
import {
  type AccountId,
  type IdGenerator,
  type MessageBus,
  Money,
  type Repositories,
  type Ticker,
  topics,
} from '@ats/core';
import type { Portfolio, StrategyRuntime } from '@ats/engine';
import type { Database } from '@ats/persistence';
import type { JobContext, JobHandler } from '@ats/scheduler';
import { backUpDatabase, backupRetentionOf } from './database-backups.js';
import { dailyPerformance } from './performance-metrics.js';

export interface BuiltInJobDependencies {
  readonly bus: MessageBus;
  readonly ids: IdGenerator;
  readonly calendar: MarketCalendar;
  readonly clock: { now(): number };
  readonly repositories: Repositories;
  readonly database: Database;
  readonly accountId: AccountId;
  readonly symbols: readonly Ticker[];
  /** Present where strategies run in this process (warm-up). */
  readonly strategies?: StrategyRuntime;
  /** Present where the portfolio lives in this process (snapshots, day start). */
  readonly portfolio?: Portfolio;
  /** Elsewhere, builds the portfolio for the end-of-day snapshot (from the trades table). */
  readonly portfolioForSnapshot?: () => Promise<Portfolio>;
  /** Called when a session opens (start a new risk day). */
  readonly onSessionOpen?: () => void;
  /** Epoch ms (real time) of the last market data message, for the stale check; null if none yet. */
  readonly lastMarketData?: () => number | null;
  readonly backupDirectory: string;
  readonly log: (message: string, fields?: Record<string, unknown>) => void;
}

function numberOption(context: JobContext, name: string, fallback: number): number {
  const value = context.options[name];
  return typeof value === 'number' ? value : fallback;
}

export function builtInJobs(dependencies: BuiltInJobDependencies): Record<string, JobHandler> {
  const { bus, ids, calendar, repositories, accountId } = dependencies;
  const now = () => dependencies.clock.now();

  const publishSession = (phase: 'open' | 'close') => (context: JobContext) => {
    const date = calendar.localDate(context.scheduledFor);
    if (phase === 'open') dependencies.onSessionOpen?.();
    bus.publish(topics.marketSessions, {
      type: 'MarketSessionChanged',
      id: ids.eventId(),
      occurredAt: context.scheduledFor,
      receivedAt: now(),
      causationId: null,
      exchange: calendar.name,
      date,
      phase,
    });
  };

  return {
    /** Loads the last `bars` 1-minute bars of each symbol and warms the strategies' indicators. */
    'pre-open-warm-up': async (context) => {
      const runtime = dependencies.strategies;
      if (!runtime) return;
      const count = numberOption(context, 'bars', 120);
      const to = context.scheduledFor;
      const from = to - 5 * 86_400_000;
      let loaded = 0;
      for (const symbol of dependencies.symbols) {
        const bars = (await repositories.marketData.loadBars(symbol, '1m', from, to)).slice(-count);
        runtime.warmUp(bars);
        loaded += bars.length;
      }
      dependencies.log('strategies warmed up from history', { bars: loaded });
    },

    'session-open': publishSession('open'),
    'session-close': publishSession('close'),

    /** Writes today's portfolio_snapshots row with performance metrics in its JSONB column. */
    'portfolio-snapshot': async (context) => {
      const portfolio = dependencies.portfolio ?? (await dependencies.portfolioForSnapshot?.());
      if (!portfolio) return;
      const date = calendar.localDate(context.scheduledFor);
      const account = await repositories.portfolio.ensureAccount(
        accountId,
        portfolio.ledger.initialCash,
        now(),
      );
      const state = portfolio.snapshot();
      const invested = state.positions.reduce(
        (total, position) => total.add(position.marketValue.abs()),
        Money.zero,
      );
      const previous = (await repositories.portfolio.listSnapshots(accountId)).filter(
        (snapshot) => snapshot.date < date,
      );
      const equities = [
        ...previous.map((snapshot) => snapshot.totalValue.toNumber()),
        state.equity.toNumber(),
      ];
      const performance = dailyPerformance(equities, account.startingCash.toNumber());
      const tradesToday = (await repositories.trades.listTrades({ accountId })).filter(
        (trade) => calendar.localDate(trade.executedAt) === date,
      ).length;
      await repositories.portfolio.saveSnapshot({
        accountId,
        date,
        totalValue: state.equity,
        cashBalance: state.cash,
        investedValue: invested,
        dayPnl: state.equity.subtract(portfolio.dayStartEquity()),
        totalPnl: state.equity.subtract(account.startingCash),
        performanceMetrics: {
          ...performance,
          realizedPnl: state.realizedPnl.toString(),
          unrealizedPnl: state.unrealizedPnl.toString(),
          commissions: state.commissions.toString(),
          openPositions: state.positions.filter((position) => position.netQuantity !== 0).length,
          tradesToday,
        },
      });
      dependencies.log('end-of-day snapshot written', { date, equity: state.equity.toString() });
    },

    /** Backs the database up and keeps the newest `retention` (at least 1) backups of this store. */
    'database-backup': async (context) => {
      const retention = backupRetentionOf(context.options);
      // Named by wall time, not the fire time: a manual run at the same fire must not overwrite.
      const outcome = await backUpDatabase({
        database: dependencies.database,
        folder: dependencies.backupDirectory,
        retention,
        now: Date.now(),
      });
      dependencies.log('database backed up', {
        file: outcome.file,
        kept: outcome.kept,
        removed: outcome.removed.length,
      });
    },

    /** During the regular session, raises an alert when market data has not arrived for too long. */
    'stale-market-data-check': (context) => {
      if (!calendar.isOpen(context.scheduledFor) || !dependencies.lastMarketData) return;
      const limit = numberOption(context, 'maxAgeMilliseconds', 10_000);
      const last = dependencies.lastMarketData();
      const age = last === null ? Number.POSITIVE_INFINITY : Date.now() - last;
      if (age <= limit) return;
      const at = now();
      const message =
        last === null ? 'no market data received yet' : `no market data for ${Math.round(age / 1000)} s`;
      bus.publish(topics.riskAlerts, {
        type: 'RiskAlertRaised',
        id: ids.eventId(),
        occurredAt: at,
        receivedAt: at,
        causationId: null,
        code: 'MARKET_DATA_STALE',
        severity: 'warning',
        message,
      });
      bus.publish(topics.systemHealth, {
        type: 'HealthReported',
        id: ids.eventId(),
        occurredAt: at,
        receivedAt: at,
        causationId: null,
        service: 'data-collector',
        status: 'degraded',
        detail: message,
      });
    },
  };
}
