// The Order aggregate: built from OrderInitialized, changed only by applying its events in order.
import { InvariantError } from '../errors/ats-error.js';
import type {
  AccountId,
  OrderId,
  RiskAssessmentId,
  SignalId,
  StrategyId,
  Ticker,
} from '../identifiers/identifiers.js';
import { divideRoundHalfEven } from '../values/decimal-scale.js';
import { Money } from '../values/money.js';
import { Price } from '../values/price.js';
import { Quantity } from '../values/quantity.js';
import {
  type Contingency,
  isTerminal,
  type OrderSide,
  type OrderStatus,
  type OrderType,
  type TimeInForce,
  type TrailingOffset,
} from './order-enums.js';
import type { OrderEvent, OrderInitialized, OrderOrigin } from './order-events.js';
import { nextStatus } from './order-state-machine.js';

export class Order {
  readonly id: OrderId;
  readonly accountId: AccountId;
  readonly strategyId: StrategyId;
  readonly symbol: Ticker;
  readonly side: OrderSide;
  readonly type: OrderType;
  readonly timeInForce: TimeInForce;
  readonly trailingOffset: TrailingOffset | null;
  readonly orderListId: string | null;
  readonly parentOrderId: OrderId | null;
  readonly contingency: Contingency | null;
  readonly origin: OrderOrigin;
  readonly signalId: SignalId | null;
  readonly riskAssessmentId: RiskAssessmentId | null;
  readonly expiresAt: number | null;
  readonly createdAt: number;

  // Terms a confirmed modification (OrderUpdated) may change.
  private currentQuantity: Quantity;
  private currentLimit: Price | null;
  private currentStop: Price | null;
  private currentStatus: OrderStatus = 'INITIALIZED';
  private statusBeforeCancel: OrderStatus | null = null;
  private filled = Quantity.zero;
  private filledNotional = Money.zero;
  private commissionPaid = Money.zero;
  private lastChangedAt: number;
  private venueId: string | null = null;
  private reason: string | null = null;
  private readonly history: OrderEvent[];

  constructor(initialized: OrderInitialized) {
    if (initialized.quantity.isZero()) throw new InvariantError('an order needs a positive quantity');
    const needsLimit = initialized.orderType === 'LIMIT' || initialized.orderType === 'STOP_LIMIT';
    const needsStop = initialized.orderType === 'STOP' || initialized.orderType === 'STOP_LIMIT';
    const trailing = initialized.orderType === 'TRAILING_STOP';
    if (trailing !== Boolean(initialized.trailingOffset)) {
      throw new InvariantError(
        `${initialized.orderType} order ${trailing ? 'needs' : 'takes no'} trailing offset`,
      );
    }
    if (needsLimit !== (initialized.limitPrice !== null)) {
      throw new InvariantError(
        `${initialized.orderType} order ${needsLimit ? 'needs' : 'takes no'} limit price`,
      );
    }
    // A trailing stop may carry its initial stop price; it trails from there.
    if (!trailing && needsStop !== (initialized.stopPrice !== null)) {
      throw new InvariantError(
        `${initialized.orderType} order ${needsStop ? 'needs' : 'takes no'} stop price`,
      );
    }
    this.id = initialized.orderId;
    this.accountId = initialized.accountId;
    this.strategyId = initialized.strategyId;
    this.symbol = initialized.symbol;
    this.side = initialized.side;
    this.type = initialized.orderType;
    this.currentQuantity = initialized.quantity;
    this.currentLimit = initialized.limitPrice;
    this.currentStop = initialized.stopPrice;
    this.timeInForce = initialized.timeInForce;
    this.trailingOffset = initialized.trailingOffset ?? null;
    this.orderListId = initialized.orderListId ?? null;
    this.parentOrderId = initialized.parentOrderId ?? null;
    this.contingency = initialized.contingency ?? null;
    this.origin = initialized.origin ?? 'strategy';
    this.signalId = initialized.signalId;
    this.riskAssessmentId = initialized.riskAssessmentId;
    this.expiresAt = initialized.expiresAt;
    this.createdAt = initialized.occurredAt;
    this.lastChangedAt = initialized.occurredAt;
    this.history = [initialized];
  }

  get quantity(): Quantity {
    return this.currentQuantity;
  }
  get limitPrice(): Price | null {
    return this.currentLimit;
  }
  get stopPrice(): Price | null {
    return this.currentStop;
  }
  get status(): OrderStatus {
    return this.currentStatus;
  }
  get filledQuantity(): Quantity {
    return this.filled;
  }
  get leavesQuantity(): Quantity {
    return this.quantity.subtract(this.filled);
  }
  get commission(): Money {
    return this.commissionPaid;
  }
  get updatedAt(): number {
    return this.lastChangedAt;
  }
  get venueOrderId(): string | null {
    return this.venueId;
  }
  /** Why the order was denied or rejected, if it was. */
  get statusReason(): string | null {
    return this.reason;
  }
  get events(): readonly OrderEvent[] {
    return this.history;
  }
  get isTerminal(): boolean {
    return isTerminal(this.currentStatus);
  }
  /** Volume-weighted average fill price, rounded half to even to 1/10,000; null before any fill. */
  get averageFillPrice(): Price | null {
    if (this.filled.isZero()) return null;
    return Price.fromRaw(divideRoundHalfEven(this.filledNotional.raw, this.filled.value));
  }

  /**
   * Rebuilds an order from its stored row (a restart) without replaying its events: the initializing
   * facts plus the state the row recorded. The history then starts at the restart.
   */
  static restore(
    initialized: OrderInitialized,
    state: {
      status: OrderStatus;
      filledQuantity: Quantity;
      averageFillPrice: Price | null;
      commission: Money;
      venueOrderId: string | null;
      updatedAt: number;
    },
  ): Order {
    const order = new Order(initialized);
    if (state.filledQuantity.compare(order.quantity) > 0)
      throw new InvariantError('stored fill exceeds quantity');
    order.currentStatus = state.status;
    order.filled = state.filledQuantity;
    order.filledNotional = state.averageFillPrice
      ? Money.notional(state.averageFillPrice, state.filledQuantity)
      : Money.zero;
    order.commissionPaid = state.commission;
    order.venueId = state.venueOrderId;
    order.lastChangedAt = state.updatedAt;
    return order;
  }

  /** Applies one event; throws an InvariantError on an illegal transition or an overfill. */
  apply(event: OrderEvent): void {
    if (event.type === 'OrderInitialized') throw new InvariantError('an order is initialized only once');
    if (event.orderId !== this.id)
      throw new InvariantError('event for another order', { orderId: event.orderId });
    let fullyFilled = false;
    if (event.type === 'OrderFilled') {
      if (event.lastQuantity.isZero()) throw new InvariantError('a fill needs a positive quantity');
      if (event.side !== this.side) throw new InvariantError('a fill must have the side of its order');
      const total = this.filled.add(event.lastQuantity);
      if (total.compare(this.quantity) > 0) {
        throw new InvariantError('overfill: filled quantity would exceed the order quantity', {
          orderId: this.id,
          quantity: this.quantity.value,
          filled: total.value,
        });
      }
      fullyFilled = total.equals(this.quantity);
    }
    let target = nextStatus(this.currentStatus, event.type, fullyFilled, this.statusBeforeCancel);
    // A partial fill while a cancel is pending keeps the cancel pending; a rejected cancel then
    // returns the order to PARTIALLY_FILLED.
    const keepPendingCancel =
      this.currentStatus === 'PENDING_CANCEL' && event.type === 'OrderFilled' && !fullyFilled;
    if (keepPendingCancel) target = 'PENDING_CANCEL';
    switch (event.type) {
      case 'OrderFilled':
        this.filled = this.filled.add(event.lastQuantity);
        this.filledNotional = this.filledNotional.add(Money.notional(event.lastPrice, event.lastQuantity));
        this.commissionPaid = this.commissionPaid.add(event.commission);
        break;
      case 'OrderPendingCancel':
        this.statusBeforeCancel = this.currentStatus;
        break;
      case 'OrderAccepted':
        this.venueId = event.venueOrderId;
        break;
      case 'OrderUpdated':
        if (event.quantity) {
          if (event.quantity.compare(this.filled) < 0)
            throw new InvariantError('a modification cannot set the quantity below what has filled');
          this.currentQuantity = event.quantity;
        }
        if (event.limitPrice) this.currentLimit = event.limitPrice;
        if (event.stopPrice) this.currentStop = event.stopPrice;
        if (event.venueOrderId) this.venueId = event.venueOrderId;
        break;
      case 'OrderDenied':
      case 'OrderRejected':
        this.reason = `${event.reasonCode}: ${event.reason}`;
        break;
      default:
        break;
    }
    if (keepPendingCancel) this.statusBeforeCancel = 'PARTIALLY_FILLED';
    else if (event.type !== 'OrderPendingCancel') this.statusBeforeCancel = null;
    this.currentStatus = target;
    this.lastChangedAt = event.occurredAt;
    this.history.push(event);
  }
}
