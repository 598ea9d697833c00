// Tests of the order state machine: legal paths, illegal transitions, and invariants under random sequences.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InvariantError } from '../errors/ats-error.js';
import { Price } from '../values/price.js';
import { Order } from './order.js';
import { isTerminal } from './order-enums.js';
import type { OrderEvent } from './order-events.js';
import { filled, initialized, simple } from './order-test-events.js';

const px = Price.of('10');

describe('Order', () => {
  it('walks submitted, accepted, partially filled, filled', () => {
    const order = new Order(initialized({ quantity: 100 }));
    order.apply(simple('order-1', 'OrderSubmitted'));
    order.apply(simple('order-1', 'OrderAccepted'));
    order.apply(filled('order-1', 40, Price.of('10')));
    expect(order.status).toBe('PARTIALLY_FILLED');
    order.apply(filled('order-1', 60, Price.of('10.5')));
    expect(order.status).toBe('FILLED');
    expect(order.averageFillPrice?.toString()).toBe('10.3000');
    expect(order.commission.toString()).toBe('2.0000');
  });

  it('throws on an illegal transition and on an event after a terminal state', () => {
    const order = new Order(initialized());
    expect(() => order.apply(simple('order-1', 'OrderAccepted'))).toThrow(InvariantError);
    order.apply(simple('order-1', 'OrderDenied'));
    expect(order.status).toBe('DENIED');
    expect(() => order.apply(simple('order-1', 'OrderSubmitted'))).toThrow(/illegal order transition/);
  });

  it('throws on an overfill', () => {
    const order = new Order(initialized({ quantity: 10 }));
    order.apply(simple('order-1', 'OrderSubmitted'));
    expect(() => order.apply(filled('order-1', 11, px))).toThrow(/overfill/);
  });

  it('returns to the prior status when a cancel is rejected, keeping partial fills', () => {
    const order = new Order(initialized({ quantity: 10 }));
    order.apply(simple('order-1', 'OrderSubmitted'));
    order.apply(simple('order-1', 'OrderAccepted'));
    order.apply(simple('order-1', 'OrderPendingCancel'));
    order.apply(filled('order-1', 4, px));
    expect(order.status).toBe('PENDING_CANCEL');
    order.apply(simple('order-1', 'OrderCancelRejected'));
    expect(order.status).toBe('PARTIALLY_FILLED');
  });

  it('requires prices that match the order type', () => {
    expect(() => new Order(initialized({ orderType: 'LIMIT' }))).toThrow(/needs limit price/);
    expect(() => new Order(initialized({ orderType: 'STOP', stopPrice: px, limitPrice: px }))).toThrow(
      /takes no limit/,
    );
  });

  it('keeps its invariants under random event sequences', () => {
    const eventKinds = [
      'OrderDenied',
      'OrderSubmitted',
      'OrderAccepted',
      'OrderRejected',
      'OrderTriggered',
      'OrderPendingCancel',
      'OrderCancelRejected',
      'OrderCanceled',
      'OrderExpired',
      'fill',
    ] as const;
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 50 }),
        fc.array(fc.tuple(fc.constantFrom(...eventKinds), fc.integer({ min: 1, max: 30 })), {
          maxLength: 30,
        }),
        (quantity, steps) => {
          const order = new Order(initialized({ quantity }));
          let terminalReached = false;
          for (const [kind, size] of steps) {
            const event: OrderEvent = kind === 'fill' ? filled('order-1', size, px) : simple('order-1', kind);
            const before = order.status;
            const filledBefore = order.filledQuantity.value;
            try {
              order.apply(event);
              // Nothing is accepted after a terminal state.
              expect(terminalReached).toBe(false);
            } catch (error) {
              expect(error).toBeInstanceOf(InvariantError);
              // A refused event changes nothing.
              expect(order.status).toBe(before);
              expect(order.filledQuantity.value).toBe(filledBefore);
            }
            expect(order.filledQuantity.value).toBeLessThanOrEqual(quantity);
            expect(order.status === 'FILLED').toBe(order.filledQuantity.value === quantity);
            if (isTerminal(order.status)) terminalReached = true;
          }
        },
      ),
      { numRuns: 2000 },
    );
  });
});
