// The simulated venues' own records: each order as the venue sees it, every execution, the positions
// and cash they add up to. It is what reconciliation asks a simulated venue, as it would ask a broker.
import {
  Money,
  type Order,
  type OrderId,
  type OrderSide,
  type Price,
  Quantity,
  type Ticker,
  type VenueAccount,
  type VenueExecution,
  type VenueOrderReport,
  type VenueOrderStatus,
  type VenuePosition,
} from '@ats/core';

interface BookEntry {
  readonly order: Order;
  readonly venueOrderId: string;
  filled: number;
  status: VenueOrderStatus;
  reason: string | null;
  updatedAt: number;
}

export class SimulatedVenueBook {
  private readonly entries = new Map<OrderId, BookEntry>();
  private readonly open = new Set<OrderId>();
  private readonly executions: VenueExecution[] = [];
  private readonly netQuantities = new Map<Ticker, number>();
  private cash: Money;
  private executionCount = 0;

  /**
   * `instance` tells this run of the venue from earlier ones: a paper venue restarted over stored books
   * must never reuse an execution id (fills are stored once per venue execution id).
   */
  constructor(
    private readonly venue: string,
    startingCash: Money = Money.zero,
    private readonly instance = '',
  ) {
    this.cash = startingCash;
  }

  accept(order: Order, venueOrderId: string, at: number): void {
    this.entries.set(order.id, {
      order,
      venueOrderId,
      filled: 0,
      status: 'open',
      reason: null,
      updatedAt: at,
    });
    this.open.add(order.id);
  }

  reject(order: Order, venueOrderId: string, reason: string, at: number): void {
    this.entries.set(order.id, { order, venueOrderId, filled: 0, status: 'rejected', reason, updatedAt: at });
  }

  /** Records one execution of a working order and returns its venue execution id. */
  fill(order: Order, side: OrderSide, quantity: number, price: Price, commission: Money, at: number): string {
    const executionId = `${this.venue}-${this.instance}E${++this.executionCount}`;
    const entry = this.entries.get(order.id);
    if (entry) {
      entry.filled += quantity;
      entry.updatedAt = at;
      entry.status = entry.filled >= order.quantity.value ? 'filled' : 'partially_filled';
      if (entry.status === 'filled') this.open.delete(order.id);
    }
    const quantityValue = Quantity.of(quantity);
    this.executions.push({
      executionId,
      orderId: order.id,
      venueOrderId: entry?.venueOrderId ?? '',
      symbol: order.symbol,
      side,
      quantity: quantityValue,
      price,
      commission,
      executedAt: at,
    });
    const signed = side === 'BUY' ? quantity : -quantity;
    this.netQuantities.set(order.symbol, (this.netQuantities.get(order.symbol) ?? 0) + signed);
    const notional = Money.notional(price, quantityValue);
    this.cash = (side === 'BUY' ? this.cash.subtract(notional) : this.cash.add(notional)).subtract(
      commission,
    );
    return executionId;
  }

  close(orderId: OrderId, status: 'canceled' | 'expired', at?: number): void {
    const entry = this.entries.get(orderId);
    if (!entry) return;
    entry.status = status;
    if (at !== undefined) entry.updatedAt = at;
    this.open.delete(orderId);
  }

  report(orderId: OrderId): VenueOrderReport | null {
    const entry = this.entries.get(orderId);
    return entry ? reportOf(entry) : null;
  }

  openOrders(): VenueOrderReport[] {
    const reports: VenueOrderReport[] = [];
    for (const id of this.open) {
      const entry = this.entries.get(id);
      if (entry) reports.push(reportOf(entry));
    }
    return reports;
  }

  executionsSince(since: number): VenueExecution[] {
    return this.executions.filter((execution) => execution.executedAt >= since);
  }

  positions(): VenuePosition[] {
    const positions: VenuePosition[] = [];
    for (const [symbol, netQuantity] of this.netQuantities)
      if (netQuantity !== 0) positions.push({ symbol, netQuantity, averageCost: null });
    return positions;
  }

  account(): VenueAccount {
    return { cash: this.cash, buyingPower: this.cash };
  }
}

function reportOf(entry: BookEntry): VenueOrderReport {
  const { order } = entry;
  return {
    orderId: order.id,
    venueOrderId: entry.venueOrderId,
    symbol: order.symbol,
    side: order.side,
    orderType: order.type,
    timeInForce: order.timeInForce,
    quantity: order.quantity,
    filledQuantity: Quantity.of(entry.filled),
    limitPrice: order.limitPrice,
    stopPrice: order.stopPrice,
    status: entry.status,
    reason: entry.reason,
    updatedAt: entry.updatedAt,
  };
}
