// Correlation ids of the trading flow: one id from a signal (or the HTTP request that placed an order)
// to its fills. The id travels on the bus in each event's `correlationId`; a process also derives it
// from the events themselves (an order's signal, a signal's id), so events stamped elsewhere, or
// published from outside a handler (the outbox relay), still get the flow's id.
import type { PlatformEvent } from '@ats/core';
import { currentCorrelationId } from './correlation-context.js';

/** A map that forgets its oldest key past its capacity. */
class BoundedMap {
  private readonly entries = new Map<string, string>();

  constructor(private readonly capacity: number) {}

  get(key: string): string | undefined {
    return this.entries.get(key);
  }

  set(key: string, value: string): void {
    if (this.entries.get(key) === value) return;
    this.entries.delete(key);
    this.entries.set(key, value);
    if (this.entries.size > this.capacity) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
  }
}

const nonEmpty = (value: unknown): string | null =>
  typeof value === 'string' && value.length > 0 ? value : null;

/** Remembers which flow each signal, manual request and order belongs to; bounded, oldest forgotten first. */
export class CorrelationTracker {
  /** Signal ids and manual order request ids (a request's approval uses its id as the signal id). */
  private readonly flowOfSignal: BoundedMap;
  private readonly flowOfOrder: BoundedMap;

  constructor(capacity = 50_000) {
    this.flowOfSignal = new BoundedMap(capacity);
    this.flowOfOrder = new BoundedMap(capacity);
  }

  /**
   * The correlation id of an event of the trading flow about to be published, or null for other
   * events. In order: the event's own field; what this process learned of its signal or order; the
   * request or message being handled; the signal's (or order's) own id.
   */
  correlationOf(event: PlatformEvent): string | null {
    const fields = event as unknown as Record<string, unknown>;
    const signalId =
      nonEmpty(fields.signalId) ?? (event.type === 'OrderRequested' ? nonEmpty(fields.requestId) : null);
    const orderId = nonEmpty(fields.orderId);
    let correlationId = nonEmpty(event.correlationId);
    switch (event.type) {
      case 'SignalGenerated':
      case 'SignalApproved':
      case 'SignalRejected':
      case 'OrderRequested':
        if (signalId === null) return correlationId;
        correlationId ??= this.flowOfSignal.get(signalId) ?? currentCorrelationId() ?? signalId;
        break;
      case 'OrderInitialized':
        if (orderId === null) return correlationId;
        correlationId ??=
          (signalId !== null ? this.flowOfSignal.get(signalId) : undefined) ??
          this.flowOfOrder.get(orderId) ??
          (signalId !== null ? (currentCorrelationId() ?? signalId) : orderId);
        break;
      default:
        if (orderId === null) return correlationId;
        correlationId ??= this.flowOfOrder.get(orderId) ?? orderId;
    }
    this.learn(signalId, orderId, correlationId);
    return correlationId;
  }

  /** Learns the flow of a received event that carries a correlation id (its signal's, its order's). */
  observe(event: PlatformEvent): void {
    const correlationId = nonEmpty(event.correlationId);
    if (correlationId === null) return;
    const fields = event as unknown as Record<string, unknown>;
    this.learn(
      nonEmpty(fields.signalId) ?? (event.type === 'OrderRequested' ? nonEmpty(fields.requestId) : null),
      nonEmpty(fields.orderId),
      correlationId,
    );
  }

  private learn(signalId: string | null, orderId: string | null, correlationId: string): void {
    if (signalId !== null) this.flowOfSignal.set(signalId, correlationId);
    if (orderId !== null) this.flowOfOrder.set(orderId, correlationId);
  }
}

/** A request's correlation id from the `x-correlation-id` header, when it is a safe token. */
export function correlationHeaderOf(value: string | string[] | undefined): string | null {
  const text = Array.isArray(value) ? value[0] : value;
  return text !== undefined && /^[A-Za-z0-9._:-]{1,100}$/.test(text) ? text : null;
}
