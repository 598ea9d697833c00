// The adapter's own durable record of what it sent and what the counterparty reported: every order,
// every cancel and replace request, every ExecutionReport, appended as JSON lines before an order is
// sent and before a report's events are emitted. Reconciliation answers from it when the counterparty
// cannot (FIX 4.4 has no standard query for executions, positions or cash).
import { appendFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import {
  type AccountId,
  InvalidInputError,
  type Order,
  type OrderId,
  type OrderSide,
  type OrderType,
  Price,
  Quantity,
  type StrategyId,
  type Ticker,
  type TimeInForce,
  toSymbol,
  type VenueExecution,
  type VenueOrderReport,
  type VenueOrderStatus,
  type VenuePosition,
} from '@ats/core';
import type { ExecutionReportFields } from './execution-report-fields.js';
import { commission, type ReportedOrder } from './execution-report-mapping.js';
import { orderTypeFromCode, sideFromCode, timeInForceFromCode } from './fix-codes.js';
import { parseOptionalPrice, parsePrice, parseQuantity } from './fix-values.js';
import { netPositions } from './net-positions.js';
import { orderRejectMessage } from './reject-reasons.js';

export type RequestPurpose = 'order' | 'cancel' | 'replace';

type JournalRecord =
  | {
      readonly kind: 'order';
      readonly at: number;
      readonly orderId: string;
      readonly accountId: string;
      readonly strategyId: string;
      readonly symbol: string;
      readonly side: OrderSide;
      readonly orderType: OrderType;
      readonly timeInForce: TimeInForce;
      readonly quantity: number;
      readonly limitPrice: string | null;
      readonly stopPrice: string | null;
    }
  | {
      readonly kind: 'request';
      readonly at: number;
      readonly clOrdId: string;
      readonly orderId: string;
      readonly purpose: 'cancel' | 'replace';
    }
  | { readonly kind: 'report'; readonly at: number; readonly report: ExecutionReportFields }
  | { readonly kind: 'refused'; readonly at: number; readonly orderId: string; readonly reason: string };

/** One order as the journal knows it: ours (orderId set) or one the venue reported that we never sent. */
interface JournalOrder {
  readonly orderId: OrderId | null;
  readonly accountId: AccountId | null;
  readonly strategyId: StrategyId | null;
  readonly symbol: Ticker;
  readonly side: OrderSide;
  readonly orderType: OrderType;
  readonly timeInForce: TimeInForce;
  venueOrderId: string;
  currentClOrdId: string;
  quantity: Quantity;
  filled: Quantity;
  limitPrice: Price | null;
  stopPrice: Price | null;
  status: VenueOrderStatus;
  reason: string | null;
  updatedAt: number;
  acceptedByVenue: boolean;
  requests: number;
}

export class ExecutionJournal {
  private readonly orders = new Map<string, JournalOrder>();
  /** Client order ids (ours, our cancels, our replaces) → the order and why the id was used. */
  private readonly links = new Map<string, { orderId: OrderId; purpose: RequestPurpose }>();
  /** Orders reported by the venue that we never sent, by the venue's OrderID. */
  private readonly external = new Map<string, JournalOrder>();
  private readonly executionIds = new Set<string>();
  private readonly executions: VenueExecution[] = [];

  private constructor(private readonly path: string) {}

  /** Opens the journal at `path`, replaying what it holds; creates the folder when missing. */
  static open(path: string): ExecutionJournal {
    const journal = new ExecutionJournal(path);
    mkdirSync(dirname(path), { recursive: true });
    if (existsSync(path)) {
      const lines = readFileSync(path, 'utf8').split('\n');
      for (const [index, line] of lines.entries()) {
        if (line.trim() === '') continue;
        let record: JournalRecord;
        try {
          record = JSON.parse(line) as JournalRecord;
        } catch (cause) {
          // A line cut short by a crash mid-append can only be the last one; anything else is damage.
          if (index >= lines.length - 2) break;
          throw new InvalidInputError(`${path}:${index + 1}`, 'is not a journal record', cause);
        }
        journal.apply(record);
      }
    }
    return journal;
  }

  /** Records an order before it is sent. */
  recordOrder(order: Order, at: number): void {
    this.write({
      kind: 'order',
      at,
      orderId: order.id,
      accountId: order.accountId,
      strategyId: order.strategyId,
      symbol: order.symbol,
      side: order.side,
      orderType: order.type,
      timeInForce: order.timeInForce,
      quantity: order.quantity.value,
      limitPrice: order.limitPrice?.toString() ?? null,
      stopPrice: order.stopPrice?.toString() ?? null,
    });
  }

  /** Records a cancel or replace request (its own ClOrdID) before it is sent. */
  recordRequest(clOrdId: string, orderId: OrderId, purpose: 'cancel' | 'replace', at: number): void {
    this.write({ kind: 'request', at, clOrdId, orderId, purpose });
  }

  /** Records an ExecutionReport; call before emitting its events, so a crash cannot lose them. */
  recordReport(report: ExecutionReportFields, at: number): void {
    this.write({ kind: 'report', at, report });
  }

  /** Records that the counterparty refused a NewOrderSingle outright (a session or business reject). */
  recordRefusal(orderId: OrderId, reason: string, at: number): void {
    this.write({ kind: 'refused', at, orderId, reason });
  }

  /** True when a report with this ExecID was recorded already (a resent duplicate). */
  hasReport(execId: string): boolean {
    return this.executionIds.has(execId);
  }

  knowsOrder(orderId: OrderId): boolean {
    return this.orders.has(orderId);
  }

  /** True when the venue has said anything about the order. */
  venueAnswered(orderId: OrderId): boolean {
    const order = this.orders.get(orderId);
    return order !== undefined && (order.acceptedByVenue || order.status !== 'open');
  }

  link(clOrdId: string | null): { orderId: OrderId; purpose: RequestPurpose } | null {
    return clOrdId === null ? null : (this.links.get(clOrdId) ?? null);
  }

  /** The order an ExecutionReport is about: by ClOrdID, then by OrigClOrdID. */
  orderOfReport(report: ExecutionReportFields): OrderId | null {
    return (this.link(report.clOrdId) ?? this.link(report.origClOrdId))?.orderId ?? null;
  }

  reportedOrder(orderId: OrderId): ReportedOrder | null {
    const order = this.orders.get(orderId);
    if (order === undefined || order.accountId === null || order.strategyId === null) return null;
    return {
      orderId,
      accountId: order.accountId,
      strategyId: order.strategyId,
      symbol: order.symbol,
      side: order.side,
      orderType: order.orderType,
      acceptedByVenue: order.acceptedByVenue,
    };
  }

  /** The client order id the venue knows the order by now (the last confirmed replace, if any). */
  currentClOrdId(orderId: OrderId): string {
    return this.orders.get(orderId)?.currentClOrdId ?? orderId;
  }

  /** How many cancel and replace requests the order has had; numbers the next request's ClOrdID. */
  requestCount(orderId: OrderId): number {
    return this.orders.get(orderId)?.requests ?? 0;
  }

  orderReport(orderId: OrderId): VenueOrderReport | null {
    const order = this.orders.get(orderId);
    return order === undefined ? null : report(order);
  }

  /** Orders not yet in a terminal state, ours and those the venue reported that we never sent. */
  openOrders(): VenueOrderReport[] {
    return [...this.orders.values(), ...this.external.values()]
      .filter((order) => order.status === 'open' || order.status === 'partially_filled')
      .map(report);
  }

  executionsSince(since: number): VenueExecution[] {
    return this.executions
      .filter((execution) => execution.executedAt >= since)
      .sort((a, b) => a.executedAt - b.executedAt);
  }

  /** Net quantity and average cost per symbol from the executions recorded here (and only those). */
  positions(): VenuePosition[] {
    return netPositions(this.executionsSince(Number.NEGATIVE_INFINITY));
  }

  private write(record: JournalRecord): void {
    // Synchronous: the record is with the operating system before the order goes out or the event is
    // emitted, so a crash of this process cannot lose it.
    appendFileSync(this.path, `${JSON.stringify(record)}\n`);
    this.apply(record);
  }

  private apply(record: JournalRecord): void {
    switch (record.kind) {
      case 'order': {
        const orderId = record.orderId as OrderId;
        this.orders.set(orderId, {
          orderId,
          accountId: record.accountId as AccountId,
          strategyId: record.strategyId as StrategyId,
          symbol: record.symbol as Ticker,
          side: record.side,
          orderType: record.orderType,
          timeInForce: record.timeInForce,
          venueOrderId: '',
          currentClOrdId: orderId,
          quantity: Quantity.of(record.quantity),
          filled: Quantity.zero,
          limitPrice: record.limitPrice === null ? null : Price.of(record.limitPrice),
          stopPrice: record.stopPrice === null ? null : Price.of(record.stopPrice),
          status: 'open',
          reason: null,
          updatedAt: record.at,
          acceptedByVenue: false,
          requests: 0,
        });
        this.links.set(orderId, { orderId, purpose: 'order' });
        return;
      }
      case 'request': {
        const orderId = record.orderId as OrderId;
        this.links.set(record.clOrdId, { orderId, purpose: record.purpose });
        const order = this.orders.get(orderId);
        if (order !== undefined) order.requests += 1;
        return;
      }
      case 'report':
        this.applyReport(record.report, record.at);
        return;
      case 'refused': {
        const order = this.orders.get(record.orderId);
        if (order === undefined) return;
        order.status = 'rejected';
        order.reason = record.reason;
        order.updatedAt = record.at;
        return;
      }
    }
  }

  private applyReport(fields: ExecutionReportFields, at: number): void {
    // Status answers reuse ExecIDs (FIX allows 0) and never carry a fill, so they are not keyed.
    if (fields.execType !== 'I') this.executionIds.add(fields.execId);
    const orderId = this.orderOfReport(fields);
    const order = orderId === null ? this.externalOrder(fields, at) : this.orders.get(orderId);
    if (order === undefined || order === null) return;
    const time = fields.transactTime ?? at;
    if (fields.orderId !== '') order.venueOrderId = fields.orderId;
    if (fields.cumQty !== null) order.filled = parseQuantity(fields.cumQty, 'CumQty(14)');
    if (fields.execType === '5') {
      if (fields.orderQty !== null) order.quantity = parseQuantity(fields.orderQty, 'OrderQty(38)');
      order.limitPrice = parseOptionalPrice(fields.price, 'Price(44)') ?? order.limitPrice;
      order.stopPrice = parseOptionalPrice(fields.stopPx, 'StopPx(99)') ?? order.stopPrice;
      if (fields.clOrdId !== null) order.currentClOrdId = fields.clOrdId;
    }
    order.status = statusOf(fields.ordStatus, order.filled);
    if (fields.execType === '8') order.reason = orderRejectMessage(fields.ordRejReason, fields.text);
    else if (fields.text !== null && order.status !== 'open') order.reason = fields.text;
    if (fields.execType !== '8' && fields.execType !== 'I') order.acceptedByVenue = true;
    order.updatedAt = time;
    if (fields.execType === 'F') this.recordExecution(fields, order, time);
  }

  private recordExecution(fields: ExecutionReportFields, order: JournalOrder, time: number): void {
    const quantity = parseQuantity(fields.lastQty, 'LastQty(32)');
    const price = parsePrice(fields.lastPx, 'LastPx(31)');
    this.executions.push({
      executionId: fields.execId,
      orderId: order.orderId,
      venueOrderId: order.venueOrderId,
      symbol: order.symbol,
      side: order.side,
      quantity,
      price,
      commission: commission(fields, price.raw, quantity.value),
      executedAt: time,
    });
  }

  /** An order the venue reports that we never sent (placed elsewhere on the account). */
  private externalOrder(fields: ExecutionReportFields, at: number): JournalOrder | null {
    const known = this.external.get(fields.orderId);
    if (known !== undefined) return known;
    const side = sideFromCode(fields.side);
    const orderType = orderTypeFromCode(fields.ordType) ?? 'LIMIT';
    const timeInForce = timeInForceFromCode(fields.timeInForce) ?? 'DAY';
    if (side === null || fields.symbol === null || fields.orderQty === null || fields.orderId === '')
      return null;
    const order: JournalOrder = {
      orderId: null,
      accountId: null,
      strategyId: null,
      symbol: toSymbol(fields.symbol),
      side,
      orderType,
      timeInForce,
      venueOrderId: fields.orderId,
      currentClOrdId: fields.clOrdId ?? fields.orderId,
      quantity: parseQuantity(fields.orderQty, 'OrderQty(38)'),
      filled: Quantity.zero,
      limitPrice: parseOptionalPrice(fields.price, 'Price(44)'),
      stopPrice: parseOptionalPrice(fields.stopPx, 'StopPx(99)'),
      status: 'open',
      reason: null,
      updatedAt: at,
      acceptedByVenue: true,
      requests: 0,
    };
    this.external.set(fields.orderId, order);
    return order;
  }
}

/** OrdStatus (39) as the port's venue status; pending and suspended states still count as open. */
function statusOf(ordStatus: string, filled: Quantity): VenueOrderStatus {
  switch (ordStatus) {
    case '1':
      return 'partially_filled';
    case '2':
      return 'filled';
    case '4':
      return 'canceled';
    case '8':
      return 'rejected';
    case 'C':
      return 'expired';
    default:
      return filled.isZero() ? 'open' : 'partially_filled';
  }
}

function report(order: JournalOrder): VenueOrderReport {
  return {
    orderId: order.orderId,
    venueOrderId: order.venueOrderId,
    symbol: order.symbol,
    side: order.side,
    orderType: order.orderType,
    timeInForce: order.timeInForce,
    quantity: order.quantity,
    filledQuantity: order.filled,
    limitPrice: order.limitPrice,
    stopPrice: order.stopPrice,
    status: order.status,
    reason: order.reason,
    updatedAt: order.updatedAt,
  };
}
