// The orders and venue rejections of a backtest as its results list them, kept while the run goes on so
// the executor can let go of each order as soon as it closes.
import {
  isoText,
  type MessageBus,
  type Order,
  type OrderId,
  type OrderRejected,
  type PlatformEvent,
  SteadyMap,
  topics,
} from '@ats/core';
import { giveBackLogColumns, grownColumn, logColumn } from './grown-column.js';

/** One order as the results list it. */
export interface BacktestOrderRow {
  readonly id: string;
  readonly symbol: string;
  readonly side: string;
  readonly type: string;
  readonly quantity: number;
  readonly filled: number;
  readonly status: string;
  readonly createdAt: string;
}

/** One order the venue refused, as the results list it. */
export interface BacktestRejectionRow {
  readonly time: string;
  readonly symbol: string;
  readonly side: string;
  readonly quantity: number;
  readonly reason: string;
}

/** What the log reads of a working order at the end of the run. Closed orders reach it through `released`. */
export interface WorkingOrders {
  order(id: OrderId): Order | undefined;
}

/**
 * Why: an executor that kept every order of a run until the results were built held each one, with the
 * events of its history, through the whole run; young collections copied them and then the old
 * generation kept them (about 2.6 KB an order). Over 100 symbols (19,484 orders) that cost a sixth of
 * the run. Now the executor keeps no closed order (`closedOrdersKept: 0`) and hands each one here as it
 * closes. The log keeps columns, not an object per order: texts it shares with the run (ids, symbols,
 * sides, types and statuses are the same strings the events carry) and numbers in typed arrays, so
 * what it keeps per order is a few words, and the rows are built once, at the end.
 *
 * Rows are in the order the orders were created (their OrderInitialized events), as before.
 */
export class BacktestOrderLog {
  private count = 0;
  private readonly ids: string[] = [];
  private readonly symbols: string[] = [];
  private readonly sides: string[] = [];
  private readonly types: string[] = [];
  private readonly statuses: string[] = [];
  private quantities: Float64Array<ArrayBuffer> = logColumn(256);
  private filled: Float64Array<ArrayBuffer> = logColumn(256);
  private createdAt: Float64Array<ArrayBuffer> = logColumn(256);
  /** The row of each order the executor still holds (working orders only: closed ones leave). */
  private readonly open = new SteadyMap<string, number>();
  /**
   * Orders let go of before their OrderInitialized reached the log. The bus delivers an event published
   * while it delivers another after that one, while the executor changes the order at once: an order
   * the venue refuses at submission (inside the approval's delivery) closes before its creation is heard.
   */
  private readonly releasedEarly = new SteadyMap<string, Order>();
  private readonly rejected: BacktestRejectionRow[] = [];

  constructor(
    bus: MessageBus,
    private orders: WorkingOrders,
  ) {
    bus.subscribe(topics.orderEvents, (event) => this.onOrderEvent(event));
  }

  /** The executor let go of a closed order: its row takes its final state; a refused one is listed. */
  released(order: Order): void {
    if (order.status === 'REJECTED') this.rejected.push(rejectionOf(order));
    const row = this.open.get(order.id);
    if (row === undefined) {
      this.releasedEarly.set(order.id, order);
      return;
    }
    this.open.delete(order.id);
    this.fillRow(row, order);
  }

  /**
   * The orders still working take their state now (the run is over: the executor is about to let go of
   * them), so the rows can be built later, from the log alone.
   */
  settle(): void {
    for (const [id, row] of this.open) {
      const order = this.orders.order(id as OrderId);
      if (order) this.fillRow(row, order);
    }
    this.open.clear();
    // A result keeps this log until its rows are read: it must not keep the run's executor with it.
    this.orders = noWorkingOrders;
  }

  /** Every order of the run in creation order, those still working in their state at `settle`. */
  orderRows(): BacktestOrderRow[] {
    this.settle();
    const rows: BacktestOrderRow[] = new Array(this.count);
    for (let row = 0; row < this.count; row++)
      rows[row] = {
        id: this.ids[row] as string,
        symbol: this.symbols[row] as string,
        side: this.sides[row] as string,
        type: this.types[row] as string,
        quantity: this.quantities[row] as number,
        filled: this.filled[row] as number,
        status: this.statuses[row] as string,
        createdAt: isoText(this.createdAt[row] as number),
      };
    return rows;
  }

  rejections(): BacktestRejectionRow[] {
    return this.rejected;
  }

  private onOrderEvent(event: PlatformEvent): void {
    if (event.type === 'OrderInitialized') {
      const row = this.count++;
      if (row === this.quantities.length) this.grow();
      this.ids.push(event.orderId);
      this.symbols.push(event.symbol);
      this.sides.push(event.side);
      this.types.push(event.orderType);
      this.statuses.push('INITIALIZED');
      this.quantities[row] = event.quantity.value;
      this.createdAt[row] = event.occurredAt;
      const closed = this.releasedEarly.get(event.orderId);
      if (closed === undefined) this.open.set(event.orderId, row);
      else {
        this.releasedEarly.delete(event.orderId);
        this.fillRow(row, closed);
      }
    }
  }

  private fillRow(row: number, order: Order): void {
    this.quantities[row] = order.quantity.value;
    this.filled[row] = order.filledQuantity.value;
    this.statuses[row] = order.status;
  }

  /** The log's columns go to the next run's logs: nothing may be asked of it afterwards. */
  release(): void {
    giveBackLogColumns([this.quantities, this.filled, this.createdAt]);
    this.quantities = this.filled = this.createdAt = new Float64Array(0);
    this.count = 0;
  }

  private grow(): void {
    const size = this.quantities.length * 2;
    this.quantities = grownColumn(this.quantities, size);
    this.filled = grownColumn(this.filled, size);
    this.createdAt = grownColumn(this.createdAt, size);
  }
}

/** What a settled log asks about working orders: none are left. */
const noWorkingOrders: WorkingOrders = { order: () => undefined };

/** A refused order as the results list it: its terms, and the time and reason of its rejection. */
function rejectionOf(order: Order): BacktestRejectionRow {
  let rejection: OrderRejected | undefined;
  for (const event of order.events) if (event.type === 'OrderRejected') rejection = event;
  return {
    time: isoText(rejection?.occurredAt ?? order.updatedAt),
    symbol: order.symbol,
    side: order.side,
    quantity: order.quantity.value,
    reason: rejection?.reason ?? order.statusReason ?? '',
  };
}
