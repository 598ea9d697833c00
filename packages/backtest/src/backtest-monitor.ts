// A backtest's risk monitor: the live Risk Manager's RiskMonitor with the same settings, fed the run's
// bar closes and fills; its alerts are counted and its actions (halt, reduce, flatten) are taken through
// the run's kernel as the live service takes them: working orders on a symbol canceled first, then
// reduce-only market orders through the pre-trade checks. Alerts and actions go into the result.
import { type MonitorActions, RiskMonitor } from '@ats/analytics';
import {
  type AccountId,
  type Clock,
  type IdGenerator,
  type MessageBus,
  Quantity,
  type StrategyId,
  topics,
} from '@ats/core';
import type { TradingKernel } from '@ats/engine';
import { type MonitorSettings, monitorIntervalMilliseconds } from './assembly/monitor-schema.js';

/** One alert the monitor (or the risk engine's daily-loss alarm) raised during the run. */
export interface BacktestAlert {
  readonly time: string;
  readonly code: string;
  readonly severity: string;
  readonly message: string;
}

/** One automatic action a critical alarm took. */
export interface BacktestMonitorAction {
  readonly time: string;
  readonly action: 'halt' | 'reduce' | 'flatten';
  readonly reason: string;
  /** Working orders canceled before the reduction, and reduce-only orders placed by it. */
  readonly canceled: number;
  readonly orders: number;
}

export interface BacktestMonitorReport {
  /** Alerts that rose to warning or critical, counted by code (clears are not counted). */
  readonly alertCounts: Readonly<Record<string, number>>;
  /** Every alert in order, clears included (at most the first 1,000). */
  readonly alerts: readonly BacktestAlert[];
  readonly actions: readonly BacktestMonitorAction[];
}

const alertsKept = 1000;

export class BacktestMonitor {
  private readonly monitor: RiskMonitor;
  private readonly alertCounts: Record<string, number> = {};
  private readonly alerts: BacktestAlert[] = [];
  private readonly actions: BacktestMonitorAction[] = [];

  constructor(
    settings: MonitorSettings,
    private readonly kernel: TradingKernel,
    private readonly context: {
      readonly bus: MessageBus;
      readonly clock: Clock;
      readonly ids: IdGenerator;
      readonly accountId: AccountId;
      /** A reduction the checks refused, by code (counted with the run's risk refusals). */
      readonly onRefused: (code: string) => void;
    },
  ) {
    const { bus, clock, ids } = context;
    const actions: MonitorActions = {
      halt: (reason) => {
        kernel.risk.halt(reason);
        this.actions.push({ time: this.now(), action: 'halt', reason, canceled: 0, orders: 0 });
      },
      reduce: (fraction, reason) => this.reduce(fraction, reason),
    };
    this.monitor = new RiskMonitor({
      bus,
      clock,
      ids,
      portfolio: kernel.portfolio,
      instruments: kernel.options.instruments,
      config: settings,
      sampleIntervalMilliseconds: monitorIntervalMilliseconds(settings.sample_interval),
      maxSectorExposure: kernel.options.limits.maxSectorExposure,
      actions,
      onError: (error) => {
        throw error;
      },
    });
  }

  /** Follows the run: bar closes as prices, fills, and every alert on risk.alerts. */
  attach(): void {
    const { bus } = this.context;
    this.monitor.resynchronize();
    bus.subscribe(topics.allBars, (event) => {
      if (event.type === 'BarClosed')
        this.monitor.onPrice(event.bar.symbol, event.bar.close.toNumber(), event.bar.time);
    });
    bus.subscribe(topics.tradesExecuted, (event) => {
      if (event.type === 'OrderFilled') this.monitor.onFill(event);
    });
    bus.subscribe(topics.riskAlerts, (event) => {
      if (event.type !== 'RiskAlertRaised') return;
      if (event.severity !== 'info') this.alertCounts[event.code] = (this.alertCounts[event.code] ?? 0) + 1;
      if (this.alerts.length < alertsKept)
        this.alerts.push({
          time: new Date(event.occurredAt).toISOString(),
          code: event.code,
          severity: event.severity,
          message: event.message,
        });
    });
  }

  report(): BacktestMonitorReport {
    return { alertCounts: { ...this.alertCounts }, alerts: [...this.alerts], actions: [...this.actions] };
  }

  private now(): string {
    return new Date(this.context.clock.now()).toISOString();
  }

  /**
   * Shrinks every strategy's position in every symbol by `fraction` (1: flat), in whole lots. The
   * symbol's working orders are canceled first, as the live reduction does: one resting on the other
   * side would make the reduction a wash trade, one on the same side would undo it.
   */
  private reduce(fraction: number, reason: string): void {
    const { kernel } = this;
    const { ids, clock, accountId } = this.context;
    const strategyIds = kernel.options.strategies.map((strategy) => strategy.id as StrategyId);
    let canceled = 0;
    let orders = 0;
    for (const instrument of kernel.options.instruments) {
      const symbol = instrument.symbol;
      if (kernel.portfolio.netQuantity(symbol) === 0) continue;
      for (const order of kernel.execution.openOrders()) {
        if (order.symbol !== symbol) continue;
        void kernel.execution.cancel(order.id);
        canceled++;
      }
      const lot = instrument.lotSize.value;
      for (const strategyId of strategyIds) {
        const held = kernel.portfolio.strategyNetQuantity(strategyId, symbol);
        const size = Math.abs(held);
        const quantity = fraction >= 1 ? size : Math.floor((size * fraction) / lot) * lot;
        if (quantity === 0) continue;
        const side = held > 0 ? 'SELL' : 'BUY';
        const refused = kernel.risk.checkOrder({
          origin: 'liquidation',
          strategyId,
          symbol,
          side,
          quantity,
          orderType: 'MARKET',
          limitPrice: null,
          stopPrice: null,
          reduceOnly: true,
          // Canceled just above: their cancel events reach risk only after this bar's delivery.
          cancelsFirst: true,
        });
        if (refused) {
          this.context.onRefused(refused.code);
          continue;
        }
        const now = clock.now();
        void kernel.execution.place({
          type: 'SignalApproved',
          id: ids.eventId(),
          occurredAt: now,
          receivedAt: now,
          causationId: null,
          assessmentId: ids.riskAssessmentId(),
          signalId: ids.signalId(),
          accountId,
          strategyId,
          symbol,
          side,
          quantity: Quantity.of(quantity),
          orderType: 'MARKET',
          limitPrice: null,
          timeInForce: 'DAY',
          sizing: `${reason} (reduce only)`,
        });
        orders++;
      }
    }
    this.actions.push({
      time: this.now(),
      action: fraction >= 1 ? 'flatten' : 'reduce',
      reason,
      canceled,
      orders,
    });
  }
}
