// The state behind the loopback Alpaca server: orders, fills, positions, cash and FILL activities,
// kept exactly (fixed point) and rendered in Alpaca's documented JSON shapes.
import { Money, Price, Quantity } from '@ats/core';
import type {
  AlpacaAccountJson,
  AlpacaErrorJson,
  AlpacaFillActivityJson,
  AlpacaOrderJson,
  AlpacaOrderRequestJson,
  AlpacaOrderStatus,
  AlpacaPositionJson,
  AlpacaReplaceRequestJson,
  AlpacaTradeUpdateJson,
} from '../alpaca-wire.js';

export type BookResult<T> = { ok: true; value: T } | { ok: false; status: number; error: AlpacaErrorJson };

const openStatuses: ReadonlySet<AlpacaOrderStatus> = new Set([
  'new',
  'accepted',
  'pending_new',
  'partially_filled',
  'pending_cancel',
  'pending_replace',
]);

interface Holding {
  quantity: number;
  cost: Money;
}

function failure<T>(status: number, code: number, message: string): BookResult<T> {
  return { ok: false, status, error: { code, message } };
}

/** A uuid-shaped id from a counter: readable in test failures, unique per book. */
function counterId(prefix: number, counter: number): string {
  const tail = counter.toString(16).padStart(12, '0');
  return `${prefix.toString(16).padStart(8, '0')}-0000-4000-8000-${tail}`;
}

export class AlpacaTestBook {
  private readonly orders = new Map<string, AlpacaOrderJson>();
  private readonly clientIds = new Map<string, string>();
  private readonly activities: AlpacaFillActivityJson[] = [];
  private readonly holdings = new Map<string, Holding>();
  private readonly referencePrices = new Map<string, Price>();
  private cash: Money;
  private counter = 0;
  private lastTime = 0;

  constructor(
    startingCash: string,
    private readonly publish: (update: AlpacaTradeUpdateJson) => void,
    private readonly idPrefix = 1,
  ) {
    this.cash = Money.of(startingCash);
  }

  /** The price a market buy is checked against for buying power (default 100). */
  setReferencePrice(symbol: string, price: string): void {
    this.referencePrices.set(symbol, Price.of(price));
  }

  place(request: AlpacaOrderRequestJson): BookResult<AlpacaOrderJson> {
    if (this.clientIds.has(request.client_order_id)) {
      return failure(422, 40010001, 'client_order_id must be unique');
    }
    const quantity = Number(request.qty);
    if (!Number.isFinite(quantity) || quantity <= 0) return failure(422, 40010001, 'qty must be > 0');
    if ((request.type === 'limit' || request.type === 'stop_limit') && request.limit_price === undefined) {
      return failure(422, 40010001, 'limit_price is required for limit orders');
    }
    if (request.side === 'buy') {
      const price = request.limit_price
        ? Price.of(request.limit_price)
        : (this.referencePrices.get(request.symbol) ?? Price.of('100'));
      const cost = Money.notional(price, Quantity.of(quantity));
      if (cost.compare(this.buyingPower()) > 0) return failure(403, 40310000, 'insufficient buying power');
    }
    const now = this.timestamp();
    const order: AlpacaOrderJson = {
      id: counterId(this.idPrefix, ++this.counter),
      client_order_id: request.client_order_id,
      created_at: now,
      updated_at: now,
      submitted_at: now,
      filled_at: null,
      expired_at: null,
      canceled_at: null,
      failed_at: null,
      replaced_at: null,
      replaced_by: null,
      replaces: null,
      asset_id: 'b0b6dd9d-8b9b-48a9-ba46-b9d54906e415',
      symbol: request.symbol,
      asset_class: 'us_equity',
      notional: null,
      qty: request.qty,
      filled_qty: '0',
      filled_avg_price: null,
      order_class: '',
      order_type: request.type,
      type: request.type,
      side: request.side,
      time_in_force: request.time_in_force,
      limit_price: request.limit_price ?? null,
      stop_price: request.stop_price ?? null,
      status: 'accepted',
      extended_hours: false,
      legs: null,
      trail_percent: request.trail_percent ?? null,
      trail_price: request.trail_price ?? null,
      hwm: null,
    };
    this.store(order);
    // Alpaca answers the POST with the order accepted, then routes it and streams `new`.
    const answer = structuredClone(order);
    order.status = 'new';
    this.publish({ event: 'new', order: structuredClone(order), timestamp: now });
    return { ok: true, value: answer };
  }

  byId(id: string): AlpacaOrderJson | undefined {
    return this.orders.get(id);
  }

  byClientOrderId(clientOrderId: string): AlpacaOrderJson | undefined {
    const id = this.clientIds.get(clientOrderId);
    return id === undefined ? undefined : this.orders.get(id);
  }

  openOrders(): AlpacaOrderJson[] {
    return [...this.orders.values()].filter((order) => openStatuses.has(order.status));
  }

  cancel(id: string): BookResult<null> {
    const order = this.orders.get(id);
    if (!order) return failure(404, 40410000, 'order not found');
    if (!openStatuses.has(order.status)) return failure(422, 42210000, 'order is not cancelable');
    const now = this.timestamp();
    order.status = 'canceled';
    order.canceled_at = now;
    order.updated_at = now;
    this.publish({ event: 'canceled', order: structuredClone(order), timestamp: now });
    return { ok: true, value: null };
  }

  /** PATCH: the old order becomes `replaced` and a new order (new id) carries the new terms. */
  replace(id: string, patch: AlpacaReplaceRequestJson): BookResult<AlpacaOrderJson> {
    const old = this.orders.get(id);
    if (!old) return failure(404, 40410000, 'order not found');
    if (!openStatuses.has(old.status)) return failure(422, 42210000, 'order is not replaceable');
    const clientOrderId = patch.client_order_id ?? counterId(this.idPrefix + 0x100, this.counter + 1);
    if (this.clientIds.has(clientOrderId)) return failure(422, 40010001, 'client_order_id must be unique');
    if (patch.qty !== undefined && Number(patch.qty) <= Number(old.filled_qty)) {
      return failure(422, 40010001, 'qty must be greater than the filled quantity');
    }
    const now = this.timestamp();
    const replacement: AlpacaOrderJson = {
      ...structuredClone(old),
      id: counterId(this.idPrefix, ++this.counter),
      client_order_id: clientOrderId,
      created_at: now,
      updated_at: now,
      submitted_at: now,
      replaces: old.id,
      qty: patch.qty ?? old.qty,
      limit_price: patch.limit_price ?? old.limit_price,
      stop_price: patch.stop_price ?? old.stop_price,
      status: 'accepted',
    };
    old.status = 'replaced';
    old.replaced_at = now;
    old.replaced_by = replacement.id;
    old.updated_at = now;
    this.store(replacement);
    const answer = structuredClone(replacement);
    replacement.status = old.filled_qty === '0' ? 'new' : 'partially_filled';
    this.publish({ event: 'replaced', order: structuredClone(old), timestamp: now });
    this.publish({ event: 'new', order: structuredClone(replacement), timestamp: now });
    return { ok: true, value: answer };
  }

  /** Rejects a working order after acceptance (the venue's `rejected` event). */
  reject(id: string): void {
    const order = this.mustFind(id);
    const now = this.timestamp();
    order.status = 'rejected';
    order.failed_at = now;
    order.updated_at = now;
    this.publish({ event: 'rejected', order: structuredClone(order), timestamp: now });
  }

  expire(id: string): void {
    const order = this.mustFind(id);
    const now = this.timestamp();
    order.status = 'expired';
    order.expired_at = now;
    order.updated_at = now;
    this.publish({ event: 'expired', order: structuredClone(order), timestamp: now });
  }

  /**
   * Executes `quantity` at `price` (decimal text): updates the order, the position and the cash,
   * records a FILL activity and streams `fill` or `partial_fill`. Returns the execution id.
   */
  fill(id: string, quantity: number, price: string): string {
    const order = this.mustFind(id);
    const ordered = Number(order.qty);
    const filledBefore = Number(order.filled_qty);
    if (filledBefore + quantity > ordered) throw new Error(`fill of ${quantity} would overfill ${id}`);
    const fillPrice = Price.of(price);
    const notional = Money.notional(fillPrice, Quantity.of(quantity));
    const previousNotional = order.filled_avg_price
      ? Money.notional(Price.of(order.filled_avg_price), Quantity.of(filledBefore))
      : Money.zero;
    const filled = filledBefore + quantity;
    const average = Price.fromRaw(previousNotional.add(notional).multiplyRatio(1, filled).raw);
    const now = this.timestamp();
    const complete = filled === ordered;
    order.filled_qty = String(filled);
    order.filled_avg_price = trimDecimal(average.toString());
    order.status = complete ? 'filled' : 'partially_filled';
    order.updated_at = now;
    if (complete) order.filled_at = now;
    const signed = order.side === 'buy' ? quantity : -quantity;
    this.cash = order.side === 'buy' ? this.cash.subtract(notional) : this.cash.add(notional);
    const holding = this.holdings.get(order.symbol) ?? { quantity: 0, cost: Money.zero };
    const reduces = holding.quantity !== 0 && Math.sign(holding.quantity) !== Math.sign(signed);
    if (reduces) {
      const remaining = holding.quantity + signed;
      holding.cost = holding.cost.multiplyRatio(Math.abs(remaining), Math.abs(holding.quantity));
      holding.quantity = remaining;
    } else {
      holding.quantity += signed;
      holding.cost = holding.cost.add(notional);
    }
    this.holdings.set(order.symbol, holding);
    const executionId = counterId(this.idPrefix + 0x200, ++this.counter);
    const compact = now.replace(/[-:TZ.]/g, '').slice(0, 17);
    this.activities.push({
      id: `${compact}::${executionId}`,
      activity_type: 'FILL',
      transaction_time: now,
      type: complete ? 'fill' : 'partial_fill',
      price: trimDecimal(fillPrice.toString()),
      qty: String(quantity),
      side: order.side,
      symbol: order.symbol,
      leaves_qty: String(ordered - filled),
      order_id: order.id,
      cum_qty: String(filled),
      order_status: order.status,
    });
    this.publish({
      event: complete ? 'fill' : 'partial_fill',
      execution_id: executionId,
      order: structuredClone(order),
      position_qty: String(holding.quantity),
      price: trimDecimal(fillPrice.toString()),
      qty: String(quantity),
      timestamp: now,
    });
    return executionId;
  }

  /** FILL activities after `after` (ISO, exclusive), oldest first, paged by activity id. */
  fillActivities(query: {
    after: string | null;
    direction: 'asc' | 'desc';
    pageSize: number;
    pageToken: string | null;
  }): AlpacaFillActivityJson[] {
    const after = query.after === null ? Number.NEGATIVE_INFINITY : Date.parse(query.after);
    let list = this.activities.filter((activity) => Date.parse(activity.transaction_time) > after);
    if (query.direction === 'desc') list = list.reverse();
    if (query.pageToken !== null) {
      const index = list.findIndex((activity) => activity.id === query.pageToken);
      list = index < 0 ? [] : list.slice(index + 1);
    }
    return list.slice(0, query.pageSize);
  }

  positions(): AlpacaPositionJson[] {
    const list: AlpacaPositionJson[] = [];
    for (const [symbol, holding] of this.holdings) {
      if (holding.quantity === 0) continue;
      const quantity = Math.abs(holding.quantity);
      const average = Price.fromRaw(holding.cost.multiplyRatio(1, quantity).raw);
      const current = this.referencePrices.get(symbol) ?? average;
      const marketValue = Money.notional(current, Quantity.of(quantity));
      list.push({
        asset_id: 'b0b6dd9d-8b9b-48a9-ba46-b9d54906e415',
        symbol,
        exchange: 'NASDAQ',
        asset_class: 'us_equity',
        avg_entry_price: trimDecimal(average.toString()),
        qty: String(holding.quantity),
        qty_available: String(holding.quantity),
        side: holding.quantity > 0 ? 'long' : 'short',
        market_value: trimDecimal(marketValue.toString()),
        cost_basis: trimDecimal(holding.cost.toString()),
        unrealized_pl: trimDecimal(marketValue.subtract(holding.cost).toString()),
        unrealized_plpc: '0',
        unrealized_intraday_pl: '0',
        unrealized_intraday_plpc: '0',
        current_price: trimDecimal(current.toString()),
        lastday_price: trimDecimal(current.toString()),
        change_today: '0',
      });
    }
    return list;
  }

  account(): AlpacaAccountJson {
    let longValue = Money.zero;
    for (const position of this.positions()) {
      if (position.side === 'long') longValue = longValue.add(Money.of(position.market_value));
    }
    const equity = this.cash.add(longValue);
    return {
      account_blocked: false,
      account_number: '010203ABCD',
      buying_power: trimDecimal(this.buyingPower().toString()),
      cash: trimDecimal(this.cash.toString()),
      created_at: '2019-06-12T22:47:07.99658Z',
      currency: 'USD',
      daytrade_count: 0,
      daytrading_buying_power: '0',
      equity: trimDecimal(equity.toString()),
      id: 'e6fe16f3-64a4-4921-8928-cadf02f92f98',
      initial_margin: '0',
      last_equity: trimDecimal(equity.toString()),
      last_maintenance_margin: '0',
      long_market_value: trimDecimal(longValue.toString()),
      maintenance_margin: '0',
      multiplier: '1',
      pattern_day_trader: false,
      portfolio_value: trimDecimal(equity.toString()),
      regt_buying_power: trimDecimal(this.buyingPower().toString()),
      short_market_value: '0',
      shorting_enabled: false,
      sma: '0',
      status: 'ACTIVE',
      trade_suspended_by_user: false,
      trading_blocked: false,
      transfers_blocked: false,
    };
  }

  /** A cash account (multiplier 1): cash less what open buy orders reserve. */
  private buyingPower(): Money {
    let reserved = Money.zero;
    for (const order of this.openOrders()) {
      if (order.side !== 'buy') continue;
      const leaves = Number(order.qty) - Number(order.filled_qty);
      const price = order.limit_price
        ? Price.of(order.limit_price)
        : (this.referencePrices.get(order.symbol) ?? Price.of('100'));
      reserved = reserved.add(Money.notional(price, Quantity.of(leaves)));
    }
    return this.cash.subtract(reserved);
  }

  private mustFind(id: string): AlpacaOrderJson {
    const order = this.orders.get(id) ?? this.byClientOrderId(id);
    if (!order) throw new Error(`the test server has no order ${id}`);
    return order;
  }

  private store(order: AlpacaOrderJson): void {
    this.orders.set(order.id, order);
    this.clientIds.set(order.client_order_id, order.id);
  }

  /** Strictly increasing timestamps with Alpaca's microsecond precision, so activities order by time. */
  private timestamp(): string {
    const now = Math.max(Date.now(), this.lastTime + 1);
    this.lastTime = now;
    return new Date(now).toISOString().replace('Z', '123Z');
  }
}

/** Alpaca prints decimals without trailing zeros ("128.33", "100"). */
function trimDecimal(text: string): string {
  return text.includes('.') ? text.replace(/0+$/, '').replace(/\.$/, '') : text;
}
