// The order state machine: every legal (status, event) transition, and nothing else.
import { InvariantError } from '../errors/ats-error.js';
import type { OrderStatus } from './order-enums.js';
import type { OrderEventType } from './order-events.js';

/** Modification events leave the status as it is (a working order stays working on new terms). */
const modifications: readonly OrderEventType[] = [
  'OrderPendingUpdate',
  'OrderUpdated',
  'OrderModifyRejected',
];

/**
 * For each status, the events it accepts. A fill's target (partially filled or filled) depends on the
 * quantity, and a cancel rejection returns to the status before the cancel request; the Order applies those.
 */
const accepted: Readonly<Record<OrderStatus, ReadonlySet<OrderEventType>>> = {
  INITIALIZED: new Set(['OrderDenied', 'OrderSubmitted', 'OrderCanceled']),
  SUBMITTED: new Set([
    'OrderAccepted',
    'OrderPendingUpdate',
    'OrderUpdated',
    'OrderModifyRejected',
    'OrderRejected',
    'OrderCanceled',
    'OrderPendingCancel',
    'OrderFilled',
    'OrderExpired',
  ]),
  ACCEPTED: new Set([
    'OrderTriggered',
    'OrderPendingCancel',
    'OrderCanceled',
    'OrderExpired',
    'OrderFilled',
    ...modifications,
  ]),
  TRIGGERED: new Set([
    'OrderPendingCancel',
    'OrderCanceled',
    'OrderExpired',
    'OrderFilled',
    ...modifications,
  ]),
  PENDING_CANCEL: new Set(['OrderCancelRejected', 'OrderCanceled', 'OrderFilled', 'OrderExpired']),
  PARTIALLY_FILLED: new Set([
    'OrderPendingCancel',
    'OrderCanceled',
    'OrderExpired',
    'OrderFilled',
    ...modifications,
  ]),
  DENIED: new Set(),
  REJECTED: new Set(),
  FILLED: new Set(),
  CANCELED: new Set(),
  EXPIRED: new Set(),
};

const simpleTargets: Partial<Record<OrderEventType, OrderStatus>> = {
  OrderDenied: 'DENIED',
  OrderSubmitted: 'SUBMITTED',
  OrderAccepted: 'ACCEPTED',
  OrderRejected: 'REJECTED',
  OrderTriggered: 'TRIGGERED',
  OrderPendingCancel: 'PENDING_CANCEL',
  OrderCanceled: 'CANCELED',
  OrderExpired: 'EXPIRED',
};

export function canApply(status: OrderStatus, event: OrderEventType): boolean {
  return accepted[status].has(event);
}

/**
 * The status after `event`. `fullyFilled` says whether a fill completes the order; `beforeCancel` is the
 * status to return to when a cancel is rejected. Throws an InvariantError for an illegal transition.
 */
export function nextStatus(
  status: OrderStatus,
  event: OrderEventType,
  fullyFilled: boolean,
  beforeCancel: OrderStatus | null,
): OrderStatus {
  if (!accepted[status].has(event)) {
    throw new InvariantError(`illegal order transition: ${event} in status ${status}`, { status, event });
  }
  if (event === 'OrderFilled') return fullyFilled ? 'FILLED' : 'PARTIALLY_FILLED';
  if (event === 'OrderCancelRejected') return beforeCancel ?? 'ACCEPTED';
  if (modifications.includes(event)) return status;
  const target = simpleTargets[event];
  if (!target) throw new InvariantError(`no target status for ${event}`);
  return target;
}
