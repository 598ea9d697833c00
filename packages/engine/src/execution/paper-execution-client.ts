// The paper broker: a simulated venue that fills orders against live quotes, with commissions.
import {
  type Clock,
  type ExecutionClient,
  type IdGenerator,
  type Order,
  type OrderEvent,
  type OrderId,
  type Price,
  Quantity,
  type Quote,
} from '@ats/core';
import { type CommissionModel, commissionFor } from './commission-model.js';
import { stampVenueEvent, type VenueEventBody } from './venue-event.js';

interface Working {
  readonly order: Order;
  leaves: number;
  filledOnce: boolean;
  triggered: boolean;
}

export interface PaperExecutionClientOptions {
  readonly clock: Clock;
  readonly ids: IdGenerator;
  readonly commission: CommissionModel;
  readonly venue?: string;
}

/**
 * Fill rules, against the top of book of each quote (no look-ahead: only quotes after the order):
 * - market buys take the ask, sells hit the bid, up to the displayed size (a size of 0 means unknown
 *   and fills the whole order); what is left waits for the next quote;
 * - limit buys fill at the ask once the ask is at or below the limit (sells: bid at or above);
 * - stop orders trigger when the last trade reaches the stop, then act as market (stop-limit: as limit);
 * - IOC fills what the current quote allows and cancels the rest; FOK fills all at once or cancels.
 */
export class PaperExecutionClient implements ExecutionClient {
  readonly venue: string;
  private handler: (event: OrderEvent) => void = () => {};
  private readonly working = new Map<OrderId, Working>();
  private readonly lastQuotes = new Map<string, Quote>();
  private acceptedCount = 0;

  constructor(private readonly options: PaperExecutionClientOptions) {
    this.venue = options.venue ?? 'PAPER';
  }

  onEvent(handler: (event: OrderEvent) => void): void {
    this.handler = handler;
  }

  async connect(): Promise<void> {}
  async disconnect(): Promise<void> {}

  submitOrder(order: Order): void {
    this.acceptedCount++;
    this.emit(order, { type: 'OrderAccepted', venueOrderId: `${this.venue}-${this.acceptedCount}` });
    const entry: Working = { order, leaves: order.quantity.value, filledOnce: false, triggered: false };
    this.working.set(order.id, entry);
    const quote = this.lastQuotes.get(order.symbol);
    const immediate = order.timeInForce === 'IOC' || order.timeInForce === 'FOK';
    if (quote) this.match(entry, quote);
    if (immediate && this.working.has(order.id)) {
      this.working.delete(order.id);
      this.emit(order, { type: 'OrderCanceled' });
    }
  }

  cancelOrder(orderId: OrderId): void {
    const entry = this.working.get(orderId);
    if (!entry) return;
    this.working.delete(orderId);
    this.emit(entry.order, { type: 'OrderCanceled' });
  }

  /** Feeds a quote: remembers it and matches working orders of its symbol. */
  onQuote(quote: Quote): void {
    this.lastQuotes.set(quote.symbol, quote);
    for (const entry of this.working.values()) {
      if (entry.order.symbol === quote.symbol) this.match(entry, quote);
    }
  }

  private match(entry: Working, quote: Quote): void {
    const { order } = entry;
    const buying = order.side === 'BUY';
    if ((order.type === 'STOP' || order.type === 'STOP_LIMIT') && !entry.triggered) {
      const stop = order.stopPrice as Price;
      const reached = buying ? quote.last.compare(stop) >= 0 : quote.last.compare(stop) <= 0;
      if (!reached) return;
      entry.triggered = true;
      this.emit(order, { type: 'OrderTriggered' });
    }
    const price = buying ? quote.ask : quote.bid;
    if (
      order.limitPrice &&
      (buying ? price.compare(order.limitPrice) > 0 : price.compare(order.limitPrice) < 0)
    )
      return;
    const displayed = buying ? quote.askSize : quote.bidSize;
    const available = displayed > 0 ? displayed : entry.leaves;
    if (order.timeInForce === 'FOK' && available < entry.leaves) return;
    const size = Math.min(entry.leaves, available);
    if (size <= 0) return;
    const quantity = Quantity.of(size);
    const commission = commissionFor(this.options.commission, quantity, price, !entry.filledOnce);
    entry.filledOnce = true;
    entry.leaves -= size;
    if (entry.leaves === 0) this.working.delete(order.id);
    this.emit(order, {
      type: 'OrderFilled',
      tradeId: this.options.ids.tradeId(),
      accountId: order.accountId,
      strategyId: order.strategyId,
      symbol: order.symbol,
      side: order.side,
      lastQuantity: quantity,
      lastPrice: price,
      commission,
      venue: this.venue,
      liquidityTaker: true,
    });
  }

  private emit(order: Order, body: VenueEventBody): void {
    this.handler(stampVenueEvent(body, this.options.ids, this.options.clock.now(), order.id));
  }
}
