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

/** What an accepted event does: a status to move to, or a rule the caller's facts decide. */
type Transition = OrderStatus | 'by-fill' | 'before-cancel' | 'unchanged';

/**
 * The two tables above as one lookup, status then event, built once: every order event of a run goes
 * through here, and the tables took a keyed property load, a set lookup, an array scan and another keyed
 * load per event.
 */
const transitions = new Map<OrderStatus, Map<OrderEventType, Transition>>(
  (Object.keys(accepted) as OrderStatus[]).map((status) => [
    status,
    new Map([...accepted[status]].map((event) => [event, transitionOf(event)])),
  ]),
);

function transitionOf(event: OrderEventType): Transition {
  if (event === 'OrderFilled') return 'by-fill';
  if (event === 'OrderCancelRejected') return 'before-cancel';
  if (modifications.includes(event)) return 'unchanged';
  const target = simpleTargets[event];
  if (!target) throw new InvariantError(`no target status for ${event}`);
  return target;
}

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
  const transition = transitions.get(status)?.get(event);
  if (transition === undefined) {
    throw new InvariantError(`illegal order transition: ${event} in status ${status}`, { status, event });
  }
  if (transition === 'by-fill') return fullyFilled ? 'FILLED' : 'PARTIALLY_FILLED';
  if (transition === 'before-cancel') return beforeCancel ?? 'ACCEPTED';
  if (transition === 'unchanged') return status;
  return transition;
}
