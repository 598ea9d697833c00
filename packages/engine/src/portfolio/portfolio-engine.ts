// Keeps the portfolio on the bus: fills change it, quotes mark it, each change is published.
import {
  type AppliedIds,
  appliedIdsFor,
  type Clock,
  type Delivery,
  type IdGenerator,
  type MessageBus,
  type OrderFilled,
  type PlatformEvent,
  type Subscription,
  type Ticker,
  timeframeMilliseconds,
  topics,
} from '@ats/core';
import { type EngineMetrics, type MonotonicTimer, noMetrics } from '../metrics/engine-metrics.js';
import type { Portfolio } from './portfolio.js';

export interface PortfolioEngineOptions {
  readonly portfolio: Portfolio;
  readonly bus: MessageBus;
  readonly clock: Clock;
  readonly ids: IdGenerator;
  readonly metrics?: EngineMetrics;
  readonly timer?: MonotonicTimer | undefined;
  readonly group?: string;
  /** False for a read-only mirror (the risk manager's view in multi-process mode). Default true. */
  readonly publishUpdates?: boolean;
  /** Fills already applied (by trade id) are skipped: consumers are idempotent by event. */
  readonly seenTradeIds?: Set<string>;
  /** How fills reach it (default at-least-once); exactly-once (a backtest): no trade ids are kept. */
  readonly delivery?: Delivery | undefined;
}

export class PortfolioEngine {
  private readonly subscriptions: Subscription[] = [];
  private readonly seen: AppliedIds;
  private readonly metrics: EngineMetrics;
  /**
   * Read at every bar: a field of this class, not of `options` (an object literal, whose field types
   * V8 widens at its second evaluation, the second backtest of a process, discarding code read from it).
   */
  private readonly portfolio: PortfolioEngineOptions['portfolio'];

  constructor(private readonly options: PortfolioEngineOptions) {
    this.portfolio = options.portfolio;
    this.seen = options.seenTradeIds ?? appliedIdsFor(options.delivery);
    this.metrics = options.metrics ?? noMetrics;
  }

  /** Marks fills already in the portfolio (restored at a restart): their redelivery is skipped. */
  markApplied(fills: readonly OrderFilled[]): void {
    for (const fill of fills) this.seen.add(fill.tradeId);
  }

  start(): void {
    const { bus } = this.options;
    const group = this.options.group ? { group: this.options.group } : {};
    this.subscriptions.push(
      bus.subscribe(topics.tradesExecuted, (event) => this.onEvent(event), group),
      bus.subscribe(topics.allMarketData, (event) => this.onEvent(event)),
      bus.subscribe(topics.allBars, (event) => this.onBarEvent(event)),
    );
  }

  async stop(): Promise<void> {
    for (const subscription of this.subscriptions.splice(0)) await subscription.unsubscribe();
  }

  /** Lets go of the trade ids it applied, unless the set is the caller's (see `TradingKernel.discard`). */
  discard(): void {
    if (this.options.seenTradeIds === undefined) this.seen.clear();
  }

  private onEvent(event: PlatformEvent): void {
    if (event.type === 'OrderFilled') this.onFill(event);
    else if (event.type === 'QuoteReceived')
      this.portfolio.updateMark(event.quote.symbol, event.quote.last, event.quote.time);
    else if (event.type === 'BarClosed') this.onBarEvent(event);
  }

  /**
   * The bars topic's handler, apart from `onEvent`: its reads of the event see bars only. Read in a
   * method that sees every kind of event, `event.type` is a lookup across many object shapes (V8's
   * megamorphic load), paid at every bar.
   */
  private onBarEvent(event: PlatformEvent): void {
    if (event.type !== 'BarClosed') return;
    const bar = event.bar;
    this.portfolio.updateMark(bar.symbol, bar.close, bar.time + timeframeMilliseconds(bar.timeframe));
  }

  private onFill(fill: OrderFilled): void {
    if (this.seen.has(fill.tradeId)) return;
    this.seen.add(fill.tradeId);
    const started = this.options.timer?.now();
    this.options.portfolio.applyFill(fill);
    if (this.options.publishUpdates !== false && this.isHeard())
      this.publish(fill.id, new Set([fill.symbol]));
    if (started !== undefined && this.options.timer) {
      this.metrics.observeLatency('portfolio', this.options.timer.now() - started);
    }
  }

  /**
   * Whether a portfolio update reaches anyone: an in-process bus says when no handler listens (a
   * backtest), and then the snapshot of every fill is not built; any other bus is assumed heard.
   */
  private isHeard(): boolean {
    const bus = this.options.bus as { hasSubscribers?: (topic: string) => boolean };
    return bus.hasSubscribers === undefined || bus.hasSubscribers(topics.portfolioUpdates);
  }

  /** Publishes the portfolio with the positions a change touched (all when omitted). */
  publish(causationId: string | null, symbols?: ReadonlySet<Ticker>): void {
    const state = this.options.portfolio.snapshot(symbols);
    const now = this.options.clock.now();
    this.options.bus.publish(topics.portfolioUpdates, {
      type: 'PortfolioUpdated',
      id: this.options.ids.eventId(),
      occurredAt: now,
      receivedAt: now,
      causationId,
      accountId: this.options.portfolio.accountId,
      cash: state.cash,
      equity: state.equity,
      realizedPnl: state.realizedPnl,
      unrealizedPnl: state.unrealizedPnl,
      commissions: state.commissions,
      positions: state.positions,
    });
  }
}
