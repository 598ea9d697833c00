// The in-process bus remembers each topic's handlers (the last topic's in front): subscribing and
// unsubscribing must be seen by the very next publish, whichever topic it was published on last.
import type { PlatformEvent } from '@ats/core';
import { describe, expect, it } from 'vitest';
import { InProcessMessageBus } from './in-process-message-bus.js';

const message = (id: string) => ({ type: 'TradingHaltChanged', id }) as unknown as PlatformEvent;

describe('InProcessMessageBus', () => {
  it('delivers to a handler subscribed after its topic was published, and not after it unsubscribes', async () => {
    const bus = new InProcessMessageBus();
    const seen: string[] = [];
    bus.subscribe('bars.*', (event) => {
      seen.push(`first ${event.id}`);
    });
    bus.publish('bars.SPY', message('1'));
    bus.publish('bars.SPY', message('2'));
    const later = bus.subscribe('bars.SPY', (event) => {
      seen.push(`later ${event.id}`);
    });
    bus.publish('bars.SPY', message('3'));
    bus.publish('orders.events', message('4'));
    bus.publish('bars.SPY', message('5'));
    await later.unsubscribe();
    bus.publish('bars.SPY', message('6'));
    expect(seen).toEqual(['first 1', 'first 2', 'first 3', 'later 3', 'first 5', 'later 5', 'first 6']);
    expect(bus.hasSubscribers('bars.QQQ')).toBe(true);
    expect(bus.hasSubscribers('orders.events')).toBe(false);
  });

  it('delivers what a handler publishes after the message it handles (breadth first)', () => {
    const bus = new InProcessMessageBus();
    const seen: string[] = [];
    bus.subscribe('a', (event) => {
      seen.push(`a ${event.id}`);
      bus.publish('b', message(`${event.id}.b`));
    });
    bus.subscribe('a', (event) => {
      seen.push(`a' ${event.id}`);
    });
    bus.subscribe('b', (event) => {
      seen.push(`b ${event.id}`);
    });
    bus.publish('a', message('1'));
    expect(seen).toEqual(['a 1', "a' 1", 'b 1.b']);
  });
});
