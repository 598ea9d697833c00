// A set of venue executions (venue, execution id), kept per venue: a fill is applied or stored once.
// Keyed by the two texts as they come, not by a joined "venue|id" text: joining made a new string to
// hash at every fill, where the execution id alone is hashed once and the venue's hash is kept.
import { type AppliedIds, appliedIdsFor, type Delivery } from '@ats/core';

export class VenueExecutions {
  private readonly byVenue = new Map<string, AppliedIds>();

  /** Under exactly-once delivery (a backtest) it remembers nothing: no execution comes twice. */
  constructor(private readonly delivery: Delivery = 'at-least-once') {}

  has(venue: string, executionId: string): boolean {
    return this.byVenue.get(venue)?.has(executionId) === true;
  }

  /** Adds the execution; false when it was already there. */
  add(venue: string, executionId: string): boolean {
    let executions = this.byVenue.get(venue);
    if (executions === undefined) {
      executions = appliedIdsFor(this.delivery);
      this.byVenue.set(venue, executions);
    }
    if (executions.has(executionId)) return false;
    executions.add(executionId);
    return true;
  }

  delete(venue: string, executionId: string): void {
    this.byVenue.get(venue)?.delete(executionId);
  }

  /** Forgets every execution (see `TradingKernel.discard`). */
  clear(): void {
    this.byVenue.clear();
  }
}
