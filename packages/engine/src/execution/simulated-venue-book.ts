// The simulated venues' own records: each order as the venue sees it, every execution, the positions
// and cash they add up to. It is what reconciliation asks a simulated venue, as it would ask a broker,
// and it can be rebuilt from stored executions and open orders (a paper venue surviving a restart).
import {
  Money,
  type Order,
  type OrderId,
  type OrderSide,
  type Price,
  Quantity,
  SteadyMap,
  SteadySet,
  type Ticker,
  type VenueAccount,
  type VenueExecution,
  type VenueOrderReport,
  type VenueOrderStatus,
  type VenuePosition,
} from '@ats/core';

/** The venue's view of one order: its report, kept current. */
type BookEntry = { -readonly [K in keyof VenueOrderReport]: VenueOrderReport[K] };

export class SimulatedVenueBook {
  private readonly entries = new SteadyMap<OrderId, BookEntry>();
  private readonly open = new SteadySet<OrderId>();
  private executions: VenueExecution[] = [];
  private readonly netQuantities = new Map<Ticker, number>();
  private cash: Money;
  private executionCount = 0;
  private orderCount = 0;
  /** Told of each execution `restore` books, so the account model is rebuilt with the book. */
  private onRestored: (execution: VenueExecution) => void = () => {};
  /** What the account model holds back for working orders, for `account().buyingPower`. */
  private buyingPowerOf: (cash: Money) => Money = (cash) => cash;

  /** What every execution id starts with, `<venue>-<instance>E`, made once rather than at every fill. */
  private readonly executionPrefix: string;

  /**
   * `instance` tells this run of the venue from earlier ones: a paper venue restarted over stored books
   * must never reuse an execution id (fills are stored once per venue execution id).
   *
   * `keepsClosed` false (a backtest's venue): an order leaves the book when it closes, and executions
   * change cash and positions without being listed. A backtest has no reconciliation to ask for them
   * and never sends an order id twice; keeping an entry and an execution record per order until the
   * run ended cost a 100-symbol run about 400 bytes an order, copied into the old generation. The cost:
   * `knows` and `report` answer only for working orders, so an OTO child sent after its parent closed
   * is refused as having an unknown parent (no backtest sends one), and `executionsSince` is empty.
   */
  constructor(
    venue: string,
    private readonly startingCash: Money = Money.zero,
    instance = '',
    private readonly keepsClosed = true,
  ) {
    this.cash = startingCash;
    this.executionPrefix = `${venue}-${instance}E`;
  }

  /** The venue's next order id, `<prefix>-<n>`, numbered after every order it already knows. */
  nextVenueOrderId(prefix: string): string {
    return `${prefix}-${++this.orderCount}`;
  }

  /** Called for each execution `restore` books (the fill engine rebuilds its account model). */
  onRestoredExecution(listener: (execution: VenueExecution) => void): void {
    this.onRestored = listener;
  }

  /** Lets the account model say what buying power is left (cash less reservations, or margin). */
  reportBuyingPower(buyingPowerOf: (cash: Money) => Money): void {
    this.buyingPowerOf = buyingPowerOf;
  }

  /** Lets go of every order and execution it recorded (see `TradingKernel.discard`). */
  discard(): void {
    this.entries.clear();
    this.open.clear();
    this.executions = [];
  }

  accept(order: Order, venueOrderId: string, at: number): void {
    this.entries.set(order.id, entryOf(order, venueOrderId, 'open', null, at));
    this.open.add(order.id);
  }

  /** Takes back an order accepted before a restart, unless the book already holds it (restored). */
  adopt(order: Order, venueOrderId: string, at: number): void {
    this.orderCount = Math.max(this.orderCount, numberAfterLastDash(venueOrderId));
    if (this.entries.has(order.id)) return;
    const status = order.filledQuantity.isZero() ? 'open' : 'partially_filled';
    this.entries.set(order.id, entryOf(order, venueOrderId, status, null, at));
    this.open.add(order.id);
  }

  reject(order: Order, venueOrderId: string, reason: string, at: number): void {
    if (this.keepsClosed) this.entries.set(order.id, entryOf(order, venueOrderId, 'rejected', reason, at));
  }

  /** New terms of a working order (a confirmed modification). */
  update(orderId: OrderId, quantity: number, limitPrice: Price | null, stopPrice: Price | null): void {
    const entry = this.entries.get(orderId);
    if (!entry) return;
    entry.quantity = Quantity.of(quantity);
    entry.limitPrice = limitPrice;
    entry.stopPrice = stopPrice;
  }

  /** Records one execution of a working order and returns its venue execution id. */
  fill(
    orderId: OrderId,
    symbol: Ticker,
    side: OrderSide,
    quantity: number,
    price: Price,
    commission: Money,
    at: number,
  ): string {
    const executionId = this.executionPrefix + ++this.executionCount;
    const entry = this.entries.get(orderId);
    if (entry) {
      entry.filledQuantity = Quantity.of(entry.filledQuantity.value + quantity);
      entry.updatedAt = at;
      entry.status = entry.filledQuantity.value >= entry.quantity.value ? 'filled' : 'partially_filled';
      if (entry.status === 'filled') this.closed(orderId);
    }
    this.record({
      executionId,
      orderId,
      venueOrderId: entry?.venueOrderId ?? '',
      symbol,
      side,
      quantity: Quantity.of(quantity),
      price,
      commission,
      executedAt: at,
    });
    return executionId;
  }

  close(orderId: OrderId, status: 'canceled' | 'expired', at?: number, reason: string | null = null): void {
    const entry = this.entries.get(orderId);
    if (!entry) return;
    entry.status = status;
    entry.reason = reason;
    if (at !== undefined) entry.updatedAt = at;
    this.closed(orderId);
  }

  /** An order closed: no longer open, and gone from the book unless it keeps closed orders. */
  private closed(orderId: OrderId): void {
    this.open.delete(orderId);
    if (!this.keepsClosed) this.entries.delete(orderId);
  }

  /**
   * Rebuilds the book from what was stored: every execution (cash and positions follow from them and
   * the starting cash) and the orders still open. Execution and order numbering continue after the
   * highest restored id, so a restarted venue never reuses one.
   */
  restore(executions: readonly VenueExecution[], openOrders: readonly VenueOrderReport[]): void {
    this.executions = [];
    this.netQuantities.clear();
    this.cash = this.startingCash;
    for (const execution of [...executions].sort((a, b) => a.executedAt - b.executedAt)) {
      this.record(execution);
      this.onRestored(execution);
      this.executionCount = Math.max(this.executionCount, numberAfterLastDash(execution.executionId));
    }
    for (const report of openOrders) {
      if (report.orderId === null) continue;
      this.entries.set(report.orderId, { ...report });
      if (report.status === 'open' || report.status === 'partially_filled') this.open.add(report.orderId);
      this.orderCount = Math.max(this.orderCount, numberAfterLastDash(report.venueOrderId));
    }
  }

  knows(orderId: OrderId): boolean {
    return this.entries.has(orderId);
  }

  report(orderId: OrderId): VenueOrderReport | null {
    const entry = this.entries.get(orderId);
    return entry ? { ...entry } : null;
  }

  openOrders(): VenueOrderReport[] {
    const reports: VenueOrderReport[] = [];
    for (const id of this.open) {
      const entry = this.entries.get(id);
      if (entry) reports.push({ ...entry });
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
    return { cash: this.cash, buyingPower: this.buyingPowerOf(this.cash) };
  }

  private record(execution: VenueExecution): void {
    if (this.keepsClosed) this.executions.push(execution);
    const quantity = execution.quantity.value;
    const signed = execution.side === 'BUY' ? quantity : -quantity;
    this.netQuantities.set(execution.symbol, (this.netQuantities.get(execution.symbol) ?? 0) + signed);
    const notional = Money.notional(execution.price, execution.quantity);
    this.cash = (execution.side === 'BUY' ? this.cash.subtract(notional) : this.cash.add(notional)).subtract(
      execution.commission,
    );
  }
}

function entryOf(
  order: Order,
  venueOrderId: string,
  status: VenueOrderStatus,
  reason: string | null,
  at: number,
): BookEntry {
  return {
    orderId: order.id,
    venueOrderId,
    symbol: order.symbol,
    side: order.side,
    orderType: order.type,
    timeInForce: order.timeInForce,
    quantity: order.quantity,
    filledQuantity: order.filledQuantity,
    limitPrice: order.limitPrice,
    stopPrice: order.stopPrice,
    status,
    reason,
    updatedAt: at,
  };
}

/** `PAPER-E12` -> 12; ids without a number after their last dash count as 0. */
function numberAfterLastDash(id: string): number {
  const match = /-[A-Z]*(\d+)$/.exec(id);
  return match ? Number(match[1]) : 0;
}
