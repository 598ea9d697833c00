// A venue with injected faults, for disaster drills (`ats chaos`): every order message to the broker
// (submit, cancel, replace) waits an injected latency first, and while `failing` is on it is refused as
// if the broker could not be reached. Everything else passes through unchanged. Only wired when
// `execution.fault_injection` is on; production configurations leave it off.
import { AtsError, type ExecutionClient } from '@ats/core';

export interface VenueFaults {
  /** Added before each order message reaches the venue. */
  latencyMilliseconds: number;
  /** While true, each order message fails (the executor rejects a new order, never leaves it in flight). */
  failing: boolean;
}

const intercepted = new Set(['submitOrder', 'cancelOrder', 'replaceOrder']);

/** Wraps a venue; the returned faults object is live (change it to change the venue's behaviour). */
export function withInjectedFaults<Venue extends ExecutionClient>(
  venue: Venue,
): { venue: Venue; faults: VenueFaults } {
  const faults: VenueFaults = { latencyMilliseconds: 0, failing: false };
  const wrapped = new Proxy(venue, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver);
      if (typeof value !== 'function') return value;
      if (typeof property !== 'string' || !intercepted.has(property)) return value.bind(target);
      return async (...parameters: unknown[]) => {
        if (faults.latencyMilliseconds > 0)
          await new Promise((resolve) => setTimeout(resolve, faults.latencyMilliseconds));
        if (faults.failing)
          throw new AtsError('BROKER_UNAVAILABLE', `${target.venue}: broker unreachable (injected fault)`);
        return (value as (...inner: unknown[]) => unknown).apply(target, parameters);
      };
    },
  });
  return { venue: wrapped, faults };
}
