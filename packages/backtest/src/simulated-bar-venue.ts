// The backtest venue: fills orders against bars under explicit, configurable rules, with no look-ahead.
import {
  type Bar,
  type Clock,
  type ExecutionClient,
  type IdGenerator,
  type Order,
  type OrderEvent,
  type OrderId,
  type OrderReplacement,
  Price,
  Quantity,
  type VenueAccount,
  type VenueExecution,
  type VenueOrderReport,
  type VenuePosition,
} from '@ats/core';
import { commissionFor, SimulatedVenueBook, stampVenueEvent, type VenueEventBody } from '@ats/engine';
import type { FillRules } from './fill-rules.js';

interface Working {
  readonly order: Order;
  leaves: number;
  filledOnce: boolean;
  triggered: boolean;
  /** The bar during which the order arrived; it may fill only on later bars (or at that bar's close). */
  readonly arrivalTime: number;
}

/**
 * Rules, per bar of the order's symbol after the bar it arrived on:
 * - market: the bar's open (or, with `close` timing, the arrival bar's close at once);
 * - limit buy at L: the open if the bar opens at or below L (a gap through the limit), else L if the
 *   low reaches it; sells mirror it;
 * - stop buy at S: the open if the bar opens at or above S (a gap through the stop), else S if the high
 *   reaches it; sells mirror it; a stop-limit becomes a limit at the trigger;
 * - slippage moves the price against the order; the volume cap fills at most a share of the bar's
 *   volume, the rest waiting for later bars; a DAY order's rest expires at the end of a daily bar.
 */
export class SimulatedBarVenue implements ExecutionClient {
  readonly venue = 'BACKTEST';
  private handler: (event: OrderEvent) => void = () => {};
  private readonly working = new Map<OrderId, Working>();
  private readonly currentBars = new Map<string, Bar>();
  private accepted = 0;
  private readonly book = new SimulatedVenueBook('BACKTEST');

  constructor(
    private readonly clock: Clock,
    private readonly ids: IdGenerator,
    private readonly rules: FillRules,
  ) {}

  onEvent(handler: (event: OrderEvent) => void): void {
    this.handler = handler;
  }
  async connect(): Promise<void> {}
  async disconnect(): Promise<void> {}

  submitOrder(order: Order): void {
    this.accepted++;
    const venueOrderId = `BT-${this.accepted}`;
    this.book.accept(order, venueOrderId, this.clock.now());
    this.emit(order, { type: 'OrderAccepted', venueOrderId });
    const entry: Working = {
      order,
      leaves: order.quantity.value,
      filledOnce: false,
      triggered: false,
      arrivalTime: this.clock.now(),
    };
    this.working.set(order.id, entry);
    const bar = this.currentBars.get(order.symbol);
    if (bar && order.type === 'MARKET' && this.rules.marketFill === 'close') this.fill(entry, bar.close, bar);
  }

  cancelOrder(order: Order): void {
    const entry = this.working.get(order.id);
    if (!entry) return;
    this.working.delete(order.id);
    this.book.close(order.id, 'canceled');
    this.emit(entry.order, { type: 'OrderCanceled' });
  }

  replaceOrder(order: Order, replacement: OrderReplacement): void {
    const entry = this.working.get(order.id);
    if (!entry) {
      this.emit(order, { type: 'OrderModifyRejected', reason: 'the order is not working at the venue' });
      return;
    }
    const quantity = replacement.quantity ?? null;
    if (quantity && quantity.value <= order.filledQuantity.value) {
      this.emit(order, {
        type: 'OrderModifyRejected',
        reason: 'the new quantity is not above the filled quantity',
      });
      return;
    }
    if (quantity) entry.leaves = quantity.value - order.filledQuantity.value;
    this.emit(order, {
      type: 'OrderUpdated',
      quantity,
      limitPrice: replacement.limitPrice ?? null,
      stopPrice: replacement.stopPrice ?? null,
      venueOrderId: null,
    });
  }

  orderReport(orderId: OrderId): Promise<VenueOrderReport | null> {
    return Promise.resolve(this.book.report(orderId));
  }
  openOrders(): Promise<VenueOrderReport[]> {
    return Promise.resolve(this.book.openOrders());
  }
  executionsSince(since: number): Promise<VenueExecution[]> {
    return Promise.resolve(this.book.executionsSince(since));
  }
  positions(): Promise<VenuePosition[]> {
    return Promise.resolve(this.book.positions());
  }
  account(): Promise<VenueAccount> {
    return Promise.resolve(this.book.account());
  }

  /** A new bar: first the working orders of its symbol trade against it, then it becomes current. */
  onBar(bar: Bar): void {
    this.currentBars.set(bar.symbol, bar);
    if (this.working.size === 0) return;
    for (const entry of [...this.working.values()]) {
      if (entry.order.symbol !== bar.symbol || entry.arrivalTime >= bar.time) continue;
      this.match(entry, bar);
      if (
        this.working.has(entry.order.id) &&
        entry.order.timeInForce === 'DAY' &&
        bar.timeframe === '1d' &&
        entry.filledOnce
      ) {
        this.working.delete(entry.order.id);
        this.book.close(entry.order.id, 'expired');
        this.emit(entry.order, { type: 'OrderExpired' });
      }
    }
  }

  private match(entry: Working, bar: Bar): void {
    const { order } = entry;
    const buying = order.side === 'BUY';
    let limit = order.limitPrice;
    if ((order.type === 'STOP' || order.type === 'STOP_LIMIT') && !entry.triggered) {
      const stop = order.stopPrice as Price;
      let trigger: Price | null = null;
      if (buying ? bar.open.compare(stop) >= 0 : bar.open.compare(stop) <= 0) trigger = bar.open;
      else if (buying ? bar.high.compare(stop) >= 0 : bar.low.compare(stop) <= 0) trigger = stop;
      if (!trigger) return;
      entry.triggered = true;
      this.emit(order, { type: 'OrderTriggered' });
      if (order.type === 'STOP') {
        this.fill(entry, trigger, bar);
        return;
      }
      // A stop-limit triggered inside the bar trades as a limit from the trigger on.
      if (buying ? trigger.compare(limit as Price) <= 0 : trigger.compare(limit as Price) >= 0)
        this.fill(entry, trigger, bar);
      return;
    }
    if (order.type === 'MARKET' || (order.type === 'STOP' && entry.triggered)) {
      this.fill(entry, bar.open, bar);
      return;
    }
    limit = limit as Price;
    if (buying ? bar.open.compare(limit) <= 0 : bar.open.compare(limit) >= 0) this.fill(entry, bar.open, bar);
    else if (buying ? bar.low.compare(limit) <= 0 : bar.high.compare(limit) >= 0)
      this.fill(entry, limit, bar);
  }

  private fill(entry: Working, base: Price, bar: Bar): void {
    const { order } = entry;
    let size = entry.leaves;
    const participation = this.rules.volumeParticipation;
    if (participation !== undefined) size = Math.min(size, Math.floor(bar.volume * participation));
    if (size <= 0) return;
    const price = this.slipped(base, order.side === 'BUY', size, bar);
    const quantity = Quantity.of(size);
    const commission = commissionFor(this.rules.commission, quantity, price, !entry.filledOnce);
    entry.filledOnce = true;
    entry.leaves -= size;
    if (entry.leaves === 0) this.working.delete(order.id);
    const executionId = this.book.fill(order, order.side, size, price, commission, this.clock.now());
    this.emit(order, {
      type: 'OrderFilled',
      tradeId: this.ids.tradeId(),
      accountId: order.accountId,
      strategyId: order.strategyId,
      symbol: order.symbol,
      side: order.side,
      lastQuantity: quantity,
      lastPrice: price,
      commission,
      venue: this.venue,
      executionId,
      liquidityTaker: true,
    });
  }

  private slipped(base: Price, buying: boolean, size: number, bar: Bar): Price {
    const slippage = this.rules.slippage;
    let fraction = 0;
    if (slippage.kind === 'fixed-basis-points') fraction = slippage.basisPoints / 10_000;
    else if (slippage.kind === 'volume-share' && bar.volume > 0)
      fraction = slippage.impact * (size / bar.volume) ** 2;
    if (fraction === 0) return base;
    const moved = base.toNumber() * (buying ? 1 + fraction : 1 - fraction);
    return Price.of(Math.max(0.0001, moved));
  }

  private emit(order: Order, body: VenueEventBody): void {
    this.handler(stampVenueEvent(body, this.ids, this.clock.now(), order.id));
  }
}
