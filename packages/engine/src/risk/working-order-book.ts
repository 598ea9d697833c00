// The account's own working orders per symbol, for wash-trade prevention: side, limit price (null for
// a market order) and whether a stop order has triggered (an untriggered stop rests off the book).
import { type OrderSide, type PlatformEvent, SteadyMap } from '@ats/core';

export interface OwnWorkingOrder {
  readonly orderId: string;
  readonly strategyId: string;
  readonly side: OrderSide;
  /** The limit as a number; null for market orders (they cross anything). */
  limit: number | null;
  /** False while a stop order waits for its trigger. */
  active: boolean;
  readonly quantity: number;
  filled: number;
}

const closing = new Set(['OrderDenied', 'OrderRejected', 'OrderCanceled', 'OrderExpired']);

export class WorkingOrderBook {
  private readonly bySymbol = new Map<string, OwnWorkingOrder[]>();
  private readonly byId = new SteadyMap<string, { symbol: string; order: OwnWorkingOrder }>();

  /** Follows one order event of the account. */
  onEvent(event: PlatformEvent): void {
    if (event.type === 'OrderInitialized') {
      const stop =
        event.orderType === 'STOP' || event.orderType === 'STOP_LIMIT' || event.orderType === 'TRAILING_STOP';
      this.add(event.symbol, {
        orderId: event.orderId,
        strategyId: event.strategyId,
        side: event.side,
        limit: event.limitPrice ? event.limitPrice.toNumber() : null,
        active: !stop,
        quantity: event.quantity.value,
        filled: 0,
      });
      return;
    }
    if (!('orderId' in event)) return;
    const entry = this.byId.get(event.orderId as string);
    if (!entry) return;
    if (event.type === 'OrderTriggered') entry.order.active = true;
    else if (event.type === 'OrderUpdated' && event.limitPrice)
      entry.order.limit = event.limitPrice.toNumber();
    else if (event.type === 'OrderFilled') {
      entry.order.filled += event.lastQuantity.value;
      if (entry.order.filled >= entry.order.quantity) this.remove(event.orderId);
    } else if (closing.has(event.type)) this.remove(event.orderId as string);
  }

  /** The strategy that owns a working order (message rates count per strategy). */
  strategyOf(orderId: string): string | undefined {
    return this.byId.get(orderId)?.order.strategyId;
  }

  /**
   * The first active working order on the other side that an order at `limit` (null: market) would
   * trade against: a buy at L meets a sell at ≤ L or at market; a sell at L meets a buy at ≥ L or at market.
   */
  crossing(symbol: string, side: OrderSide, limit: number | null): OwnWorkingOrder | null {
    const orders = this.bySymbol.get(symbol);
    if (!orders) return null;
    for (const order of orders) {
      if (order.side === side || !order.active) continue;
      if (limit === null || order.limit === null) return order;
      if (side === 'BUY' ? order.limit <= limit : order.limit >= limit) return order;
    }
    return null;
  }

  /** The ids of the working orders on a symbol (what a flatten cancels first). */
  idsOf(symbol: string): string[] {
    return (this.bySymbol.get(symbol) ?? []).map((order) => order.orderId);
  }

  /** Stops counting a symbol's orders: their owner is canceling them all before its next order. */
  forgetSymbol(symbol: string): void {
    for (const orderId of this.idsOf(symbol)) this.remove(orderId);
  }

  get size(): number {
    return this.byId.size;
  }

  add(symbol: string, order: OwnWorkingOrder): void {
    let orders = this.bySymbol.get(symbol);
    if (!orders) {
      orders = [];
      this.bySymbol.set(symbol, orders);
    }
    orders.push(order);
    this.byId.set(order.orderId, { symbol, order });
  }

  private remove(orderId: string): void {
    const entry = this.byId.get(orderId);
    if (!entry) return;
    this.byId.delete(orderId);
    const orders = this.bySymbol.get(entry.symbol);
    if (!orders) return;
    // Removed in place, the rest kept in order (splice made an array of the removed order each time).
    const index = orders.indexOf(entry.order);
    if (index < 0) return;
    for (let at = index; at < orders.length - 1; at++) orders[at] = orders[at + 1] as OwnWorkingOrder;
    orders.pop();
  }
}
