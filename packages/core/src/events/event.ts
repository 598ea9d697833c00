// The shape every event shares: immutable, past-tense type, ids and the two times.
import type { EventId } from '../identifiers/identifiers.js';

/** Every event carries its id, when it happened, when we saw it, and what caused it. */
export interface EventHeader {
  readonly id: EventId;
  /** When the thing happened (venue or strategy time), epoch ms. */
  readonly occurredAt: number;
  /** When this process learned of it, epoch ms. */
  readonly receivedAt: number;
  /** The id of the event or command that caused this one; null for an origin. */
  readonly causationId: string | null;
  /**
   * The flow this event belongs to (a signal's id from signal to fill, or the HTTP request's
   * X-Correlation-Id that started it), stamped by the publishing process so every consumer logs it.
   */
  readonly correlationId?: string;
}
