// What a consumer remembers of the messages it applied, so a message delivered again is applied once.

/**
 * How a consumer's messages reach it. `at-least-once`: a durable transport, an outbox relay or a
 * reconciliation may hand it a message again, so it remembers the id of every message it applied.
 * `exactly-once`: the in-process bus of a backtest, with no outbox and no reconciliation, calls each
 * handler once per message, so there is nothing to remember.
 */
export type Delivery = 'at-least-once' | 'exactly-once';

/** The ids a consumer applied (a `Set<string>` is one). */
export interface AppliedIds {
  has(id: string): boolean;
  add(id: string): unknown;
  delete(id: string): unknown;
  clear(): void;
}

/**
 * Remembers nothing: for exactly-once delivery only. A backtest kept an id per order, fill and signal
 * in six such tables until its results were built (some 400 bytes an order, promoted to the old
 * generation and paged in fresh on a 100-symbol run), to guard against a redelivery that cannot happen.
 */
const rememberNothing: AppliedIds = {
  has: () => false,
  add: () => undefined,
  delete: () => undefined,
  clear: () => undefined,
};

/** A table of applied ids fit for the delivery: a set, or nothing when each message comes once. */
export function appliedIdsFor(delivery: Delivery = 'at-least-once'): AppliedIds {
  return delivery === 'exactly-once' ? rememberNothing : new Set<string>();
}
