// Protective stops: for every open position, a stop order held at the venue on the other side for the
// position's whole size, at a configured distance from its average cost, so a position stays protected
// while ATS is down (the venue keeps working the order). After each fill and on a timer, each symbol is
// brought in line: placed when a position opens, replaced when its size or side changes, canceled when
// it is flat. Orders go through the Risk Manager and the journal (the manual order desk, reduce-only,
// GTC); which order protects which symbol is stored (protective_stops), so a restart keeps them.
import {
  type IdGenerator,
  type MessageBus,
  type OrderSide,
  Price,
  Quantity,
  type Subscription,
  type Ticker,
  topics,
} from '@ats/core';
import type { ExecutionEngine, Portfolio } from '@ats/engine';
import type { SqlContinuityStore, StoredProtectiveStop } from '@ats/persistence';
import type { ManualOrderInput, ManualOrderOutcome } from '../trade-executor/manual-order-desk.js';
import { notifyContinuity } from './continuity-notification.js';

export interface ProtectiveStopKeeperOptions {
  readonly execution: ExecutionEngine;
  readonly portfolio: Portfolio;
  /** Places an order through risk and the journal (the manual order desk's `request`). */
  readonly request: (input: ManualOrderInput, requestedBy: string) => Promise<ManualOrderOutcome>;
  readonly store: SqlContinuityStore;
  readonly bus: MessageBus;
  readonly ids: IdGenerator;
  /** Distance from the average cost, in basis points (500 = 5%). */
  readonly distanceBasisPoints: number;
  readonly tickSizeOf: (symbol: string) => Price;
  readonly checkIntervalMilliseconds: number;
  readonly onError: (error: unknown) => void;
}

export const protectiveStopRequester = 'protective-stop';

/** The stop price for a position: below the average cost for a long, above it for a short, on the tick. */
export function protectiveStopPrice(
  averageCost: Price,
  side: OrderSide,
  distanceBasisPoints: number,
  tick: Price,
): Price {
  const factor = side === 'SELL' ? 10_000 - distanceBasisPoints : 10_000 + distanceBasisPoints;
  // Integer arithmetic on raw units; a sell stop rounds down and a buy stop up (never nearer the cost).
  const exact = (averageCost.raw * factor) / 10_000;
  const steps = side === 'SELL' ? Math.floor(exact / tick.raw) : Math.ceil(exact / tick.raw);
  return Price.fromRaw(Math.max(1, steps) * tick.raw);
}

export class ProtectiveStopKeeper {
  private readonly stops = new Map<string, StoredProtectiveStop>();
  /** One sync per symbol at a time: a fill that arrives during a sync queues one more. */
  private readonly chains = new Map<string, Promise<void>>();
  /** The last refusal per symbol, so a refusal repeated at every check notifies once. */
  private readonly refusals = new Map<string, string>();
  /** When a stored stop's order was first found unknown to the executor (requested, not yet placed). */
  private readonly unknownSince = new Map<string, number>();
  private subscription: Subscription | null = null;
  private timer: ReturnType<typeof setInterval> | null = null;

  constructor(private readonly options: ProtectiveStopKeeperOptions) {}

  /** The stops stored before a restart: their orders were adopted by the executor from the journal. */
  async restore(): Promise<void> {
    for (const stop of await this.options.store.protectiveStops()) this.stops.set(stop.symbol, stop);
  }

  start(): void {
    this.subscription = this.options.bus.subscribe(
      topics.tradesExecuted,
      (event) => {
        if (event.type !== 'OrderFilled') return;
        // Acknowledged once the symbol's stop is in line with the position the fill left.
        return this.sync(event.symbol);
      },
      { group: 'trade-executor-protective-stops' },
    );
    this.timer = setInterval(() => {
      this.sweep().catch(this.options.onError);
    }, this.options.checkIntervalMilliseconds);
    this.timer.unref?.();
    this.sweep().catch(this.options.onError);
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.subscription?.unsubscribe();
    await Promise.allSettled([...this.chains.values()]);
  }

  /** The stops standing now, by symbol. */
  current(): StoredProtectiveStop[] {
    return [...this.stops.values()];
  }

  /** Brings every held symbol, and every symbol with a stop, in line. */
  async sweep(): Promise<void> {
    const symbols = new Set<string>(this.stops.keys());
    for (const position of this.options.portfolio.snapshot().positions)
      if (position.netQuantity !== 0) symbols.add(position.symbol);
    await Promise.all([...symbols].map((symbol) => this.sync(symbol as Ticker)));
  }

  sync(symbol: Ticker): Promise<void> {
    const previous = this.chains.get(symbol) ?? Promise.resolve();
    const next = previous.then(() => this.align(symbol)).catch(this.options.onError);
    this.chains.set(symbol, next);
    void next.finally(() => {
      if (this.chains.get(symbol) === next) this.chains.delete(symbol);
    });
    return next;
  }

  private firstUnknown(symbol: string): number {
    const since = this.unknownSince.get(symbol);
    if (since !== undefined) return since;
    const now = Date.now();
    this.unknownSince.set(symbol, now);
    return now;
  }

  private async align(symbol: Ticker): Promise<void> {
    const { execution, portfolio, store, bus, ids } = this.options;
    let current = this.stops.get(symbol);
    if (current) {
      const order = execution.order(current.orderId as never);
      // A request that never became an order (refused after the desk stopped waiting) is given up on
      // after a minute, and a new stop is requested.
      const lost = !order && Date.now() - this.firstUnknown(symbol) > 60_000;
      if (order) this.unknownSince.delete(symbol);
      // Still on its way to the executor: change nothing until it is known (no second stop beside it).
      else if (!lost) return;
      if (lost) {
        await store.removeProtectiveStop(symbol);
        this.stops.delete(symbol);
        this.unknownSince.delete(symbol);
        current = undefined;
      } else if (order?.isTerminal) {
        await store.removeProtectiveStop(symbol);
        this.stops.delete(symbol);
        if (order.status === 'FILLED')
          notifyContinuity(
            bus,
            ids,
            'protective-stop-removed',
            `Protective stop filled: ${symbol}`,
            `${order.side} ${order.quantity.value} ${symbol} at stop ${order.stopPrice?.toString()} filled`,
          );
        // Canceled by a flatten (or an operator): said once the position is flat; otherwise a new
        // stop is placed just below and that is what stakeholders hear of.
        else if (portfolio.netQuantity(symbol) === 0)
          notifyContinuity(
            bus,
            ids,
            'protective-stop-removed',
            `Protective stop canceled: ${symbol} is flat`,
            `${order.side} ${order.quantity.value} ${symbol} at ${order.stopPrice?.toString()} ${order.status.toLowerCase()}`,
          );
        current = undefined;
      }
    }
    const net = portfolio.netQuantity(symbol);
    const side: OrderSide | null = net > 0 ? 'SELL' : net < 0 ? 'BUY' : null;
    const quantity = Math.abs(net);
    if (current && side === current.side && quantity === current.quantity) return;
    if (!current && side === null) return;
    if (current) {
      const order = execution.order(current.orderId as never);
      if (order && !order.isTerminal) await execution.cancel(order.id);
      await store.removeProtectiveStop(symbol);
      this.stops.delete(symbol);
      if (side === null)
        notifyContinuity(
          bus,
          ids,
          'protective-stop-removed',
          `Protective stop canceled: ${symbol} is flat`,
          `${current.side} ${current.quantity} ${symbol} at ${Price.fromRaw(current.stopPriceRaw)} canceled`,
        );
    }
    if (side === null) return;
    const average = portfolio.position(symbol)?.averageCost;
    if (!average?.isPositive()) return;
    const stopPrice = protectiveStopPrice(
      average,
      side,
      this.options.distanceBasisPoints,
      this.options.tickSizeOf(symbol),
    );
    const outcome = await this.options.request(
      {
        symbol,
        side,
        quantity: Quantity.of(quantity),
        orderType: 'STOP',
        limitPrice: null,
        stopPrice,
        timeInForce: 'GTC',
        reduceOnly: true,
      },
      protectiveStopRequester,
    );
    if (outcome.status === 'rejected') {
      const refusal = `${side} ${quantity} ${outcome.reasonCode}`;
      if (this.refusals.get(symbol) !== refusal)
        notifyContinuity(
          bus,
          ids,
          'protective-stop-refused',
          `Protective stop refused: ${symbol}`,
          `${side} ${quantity} ${symbol} stop ${stopPrice}: ${outcome.reasonCode} ${outcome.reason}; retried at the next check`,
        );
      this.refusals.set(symbol, refusal);
      return;
    }
    this.refusals.delete(symbol);
    const orderId = outcome.status === 'placed' ? outcome.order.id : outcome.orderId;
    const stored: StoredProtectiveStop = { symbol, orderId, side, quantity, stopPriceRaw: stopPrice.raw };
    await store.saveProtectiveStop(stored);
    this.stops.set(symbol, stored);
    notifyContinuity(
      bus,
      ids,
      current ? 'protective-stop-resized' : 'protective-stop-placed',
      `Protective stop ${current ? 'resized' : 'placed'}: ${symbol}`,
      `${side} ${quantity} ${symbol} stop ${stopPrice} (average cost ${average}, ${this.options.distanceBasisPoints} bp)`,
    );
  }
}
