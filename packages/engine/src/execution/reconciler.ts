// Reconciliation with the venue, at start and every few minutes: missed fills applied, orders the venue
// closed closed here, orders only the venue knows adopted, positions compared; every difference is an
// event with its reason, and a position that still disagrees halts trading in its symbol.
import {
  type AccountId,
  type Clock,
  deriveUuid,
  type ExecutionClient,
  type IdGenerator,
  type MessageBus,
  Order,
  type OrderEvent,
  type OrderFilled,
  type OrderId,
  type OrderInitialized,
  type ReconciliationDifferenceFound,
  type ReconciliationDifferenceKind,
  type RiskAlertRaised,
  type StrategyId,
  type Ticker,
  type TradeId,
  type TradingHaltChanged,
  topics,
  type VenueExecution,
  type VenueOrderReport,
} from '@ats/core';
import type { ExecutionEngine } from './execution-engine.js';

export interface ReconcilerOptions {
  readonly engine: ExecutionEngine;
  readonly client: ExecutionClient;
  readonly accountId: AccountId;
  readonly bus: MessageBus;
  readonly clock: Clock;
  readonly ids: IdGenerator;
  /** Net positions recomputed from the stored trades (after this reconciliation's fills are stored). */
  readonly storedPositions: () => Promise<ReadonlyMap<string, number>>;
  /** The time of the newest stored execution, or null when there is none. */
  readonly lastExecutionTime: () => Promise<number | null>;
  /** Records a difference (the reconciliation_events table); the event is published besides. */
  readonly recordDifference?: (difference: ReconciliationDifferenceFound) => Promise<void>;
  /** Records a halt (the trading_halts table); the TradingHaltChanged event is published besides. */
  readonly recordHalt?: (symbol: Ticker, reason: string) => Promise<void>;
  /** Symbols already halted (not halted again, not alerted again). */
  readonly haltedSymbols?: () => ReadonlySet<string>;
  /** Executions this far before the newest stored one are fetched again (clock skew, late reports). */
  readonly overlapMilliseconds?: number;
}

export interface ReconciliationReport {
  readonly differences: Readonly<Record<ReconciliationDifferenceKind, number>>;
  readonly venueExecutions: number;
  readonly positionsCompared: number;
  readonly halted: readonly string[];
  /** Whether the venue could answer for positions (some protocols cannot). */
  readonly positionsKnown: boolean;
}

const externalStrategy = 'external' as StrategyId;

export class Reconciler {
  private running: Promise<ReconciliationReport> | null = null;

  constructor(private readonly options: ReconcilerOptions) {}

  /** Runs one reconciliation; a call while one runs waits for it instead of starting a second. */
  reconcile(): Promise<ReconciliationReport> {
    if (!this.running) {
      this.running = this.run().finally(() => {
        this.running = null;
      });
    }
    return this.running;
  }

  private async run(): Promise<ReconciliationReport> {
    const { engine, client } = this.options;
    const counts: Record<ReconciliationDifferenceKind, number> = {
      'missed-fill': 0,
      'order-closed-at-venue': 0,
      'order-accepted-at-venue': 0,
      'order-unknown-at-venue': 0,
      'external-order-adopted': 0,
      'position-mismatch': 0,
    };
    const found = async (
      kind: ReconciliationDifferenceKind,
      symbol: Ticker | null,
      orderId: string | null,
      detail: string,
    ) => {
      counts[kind]++;
      await this.difference(kind, symbol, orderId, detail);
    };

    // 1. Orders the venue holds open that we do not know: adopted, marked external.
    const venueOpen = await client.openOrders();
    for (const report of venueOpen) {
      const venue = report.venue ?? client.venue;
      const id = report.orderId ?? this.externalOrderId(venue, report.venueOrderId);
      if (engine.order(id)) continue;
      await engine.adoptExternal(this.externalOrder(report, id));
      await found(
        'external-order-adopted',
        report.symbol,
        id,
        `${report.side} ${report.quantity} ${report.symbol} open at ${venue} as ${report.venueOrderId}, unknown here`,
      );
    }

    // 2. Executions since the newest we stored (and since the oldest order still open here).
    const since = await this.executionsFrom();
    const executions = await client.executionsSince(since);
    for (const execution of executions) {
      // Behind a routed client each execution names its own venue: it was stored under that name.
      if (engine.hasExecution(execution.venue ?? client.venue, execution.executionId)) continue;
      let order = execution.orderId ? engine.order(execution.orderId) : undefined;
      if (!order) {
        const report = execution.orderId ? await client.orderReport(execution.orderId) : null;
        if (!report) continue; // an execution of an order we cannot place: counted below in positions
        const id =
          report.orderId ??
          this.externalOrderId(report.venue ?? execution.venue ?? client.venue, report.venueOrderId);
        order = engine.order(id) ?? (await engine.adoptExternal(this.externalOrder(report, id)));
        await found(
          'external-order-adopted',
          report.symbol,
          id,
          `order ${report.venueOrderId} found through its execution ${execution.executionId}`,
        );
      }
      await engine.onVenueEvent(this.fillOf(order, execution));
      await found(
        'missed-fill',
        execution.symbol,
        order.id,
        `${execution.side} ${execution.quantity} ${execution.symbol} at ${execution.price} (execution ${execution.executionId}) was not recorded`,
      );
    }

    // 3. Our working orders, as the venue sees them.
    for (const order of engine.openOrders()) {
      if (engine.isSending(order.id)) continue;
      const report = await client.orderReport(order.id);
      if (!report) {
        if (order.status !== 'SUBMITTED') continue;
        await engine.onVenueEvent({
          ...this.header(order.id),
          type: 'OrderRejected',
          reasonCode: 'EXECUTION_NEVER_REACHED_VENUE',
          reason: `${client.venue} has no order with this client order id: it was never received`,
        });
        await found(
          'order-unknown-at-venue',
          order.symbol,
          order.id,
          'stored and sent, but never received by the venue; closed as rejected',
        );
        continue;
      }
      if (order.status === 'SUBMITTED') {
        await engine.onVenueEvent({
          ...this.header(order.id),
          type: 'OrderAccepted',
          venueOrderId: report.venueOrderId,
        });
        await found(
          'order-accepted-at-venue',
          order.symbol,
          order.id,
          `accepted at the venue as ${report.venueOrderId}; the acknowledgement was missed`,
        );
      }
      const closing = closingEventOf(report);
      if (closing && !order.isTerminal) {
        const event = (
          closing === 'OrderRejected'
            ? {
                ...this.header(order.id),
                type: closing,
                reasonCode: 'ORDER_REJECTED_BY_VENUE',
                reason: report.reason ?? 'rejected by the venue',
              }
            : { ...this.header(order.id), type: closing }
        ) as OrderEvent;
        await engine.onVenueEvent(event);
        await found(
          'order-closed-at-venue',
          order.symbol,
          order.id,
          `${report.status} at the venue with ${report.filledQuantity} of ${report.quantity} filled`,
        );
      }
    }
    await engine.settled();

    // 4. Positions: ours recomputed from the trades table against the venue's.
    let positionsKnown = true;
    let venuePositions = new Map<string, number>();
    try {
      venuePositions = new Map(
        (await client.positions()).map((position) => [position.symbol as string, position.netQuantity]),
      );
    } catch {
      positionsKnown = false;
    }
    const halted: string[] = [];
    let compared = 0;
    if (positionsKnown) {
      const stored = await this.options.storedPositions();
      const already = this.options.haltedSymbols?.() ?? new Set<string>();
      for (const symbol of new Set([...stored.keys(), ...venuePositions.keys()])) {
        compared++;
        const ours = stored.get(symbol) ?? 0;
        const theirs = venuePositions.get(symbol) ?? 0;
        if (ours === theirs || already.has(symbol)) continue;
        const reason = `position ${ours} here, ${theirs} at ${client.venue} after reconciliation`;
        await found('position-mismatch', symbol as Ticker, null, reason);
        await this.halt(symbol as Ticker, reason);
        halted.push(symbol);
      }
    }
    return {
      differences: counts,
      venueExecutions: executions.length,
      positionsCompared: compared,
      halted,
      positionsKnown,
    };
  }

  private async executionsFrom(): Promise<number> {
    const overlap = this.options.overlapMilliseconds ?? 60_000;
    const newest = await this.options.lastExecutionTime();
    let from = newest === null ? 0 : newest - overlap;
    for (const order of this.options.engine.openOrders()) from = Math.min(from, order.createdAt - overlap);
    return Math.max(0, from);
  }

  private fillOf(order: Order, execution: VenueExecution): OrderFilled {
    const venue = execution.venue ?? this.options.client.venue;
    return {
      ...this.header(order.id),
      type: 'OrderFilled',
      tradeId: deriveUuid('trade', venue, execution.executionId) as TradeId,
      accountId: order.accountId,
      strategyId: order.strategyId,
      symbol: execution.symbol,
      side: execution.side,
      lastQuantity: execution.quantity,
      lastPrice: execution.price,
      commission: execution.commission,
      venue,
      executionId: execution.executionId,
      liquidityTaker: true,
      occurredAt: execution.executedAt,
    };
  }

  /**
   * An outside order's id: from the venue holding it and its venue order id, so behind a failover or
   * routed client (whose own venue name follows the active venue) the same order keeps one id.
   */
  private externalOrderId(venue: string, venueOrderId: string): OrderId {
    return deriveUuid('external-order', venue, venueOrderId) as OrderId;
  }

  /** An order found at the venue, as our Order: initialized, submitted and accepted as reported. */
  private externalOrder(report: VenueOrderReport, id: OrderId): { order: Order; events: OrderEvent[] } {
    const now = this.options.clock.now();
    const initialized: OrderInitialized = {
      ...this.header(id),
      type: 'OrderInitialized',
      accountId: this.options.accountId,
      strategyId: externalStrategy,
      symbol: report.symbol,
      side: report.side,
      orderType: report.orderType,
      quantity: report.quantity,
      limitPrice: report.limitPrice,
      stopPrice: report.stopPrice,
      timeInForce: report.timeInForce,
      signalId: null,
      riskAssessmentId: null,
      expiresAt: null,
      origin: 'external',
      occurredAt: Math.min(now, report.updatedAt),
    };
    const order = new Order(initialized);
    const submitted: OrderEvent = { ...this.header(id), type: 'OrderSubmitted' };
    const accepted: OrderEvent = {
      ...this.header(id),
      type: 'OrderAccepted',
      venueOrderId: report.venueOrderId,
    };
    order.apply(submitted);
    order.apply(accepted);
    return { order, events: [initialized, submitted, accepted] };
  }

  private async difference(
    kind: ReconciliationDifferenceKind,
    symbol: Ticker | null,
    orderId: string | null,
    detail: string,
  ): Promise<void> {
    const now = this.options.clock.now();
    const event: ReconciliationDifferenceFound = {
      type: 'ReconciliationDifferenceFound',
      id: this.options.ids.eventId(),
      occurredAt: now,
      receivedAt: now,
      causationId: null,
      accountId: this.options.accountId,
      venue: this.options.client.venue,
      kind,
      symbol,
      orderId,
      detail,
    };
    await this.options.recordDifference?.(event);
    this.options.bus.publish(topics.reconciliation, event);
    const alert: RiskAlertRaised = {
      type: 'RiskAlertRaised',
      id: this.options.ids.eventId(),
      occurredAt: now,
      receivedAt: now,
      causationId: event.id,
      code: `RECONCILIATION_${kind.toUpperCase().replaceAll('-', '_')}`,
      severity: kind === 'position-mismatch' ? 'critical' : 'warning',
      message: `${this.options.client.venue}: ${detail}`,
    };
    this.options.bus.publish(topics.riskAlerts, alert);
  }

  private async halt(symbol: Ticker, reason: string): Promise<void> {
    await this.options.recordHalt?.(symbol, reason);
    const now = this.options.clock.now();
    const event: TradingHaltChanged = {
      type: 'TradingHaltChanged',
      id: this.options.ids.eventId(),
      occurredAt: now,
      receivedAt: now,
      causationId: null,
      accountId: this.options.accountId,
      symbol,
      halted: true,
      reason,
    };
    this.options.bus.publish(topics.tradingHalts, event);
  }

  private header(orderId: OrderId) {
    const now = this.options.clock.now();
    return { id: this.options.ids.eventId(), occurredAt: now, receivedAt: now, causationId: null, orderId };
  }
}

function closingEventOf(report: VenueOrderReport): 'OrderCanceled' | 'OrderExpired' | 'OrderRejected' | null {
  if (report.status === 'canceled') return 'OrderCanceled';
  if (report.status === 'expired') return 'OrderExpired';
  if (report.status === 'rejected') return 'OrderRejected';
  return null;
}
