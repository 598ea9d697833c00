// The paper broker: a simulated venue fed by live quotes and trade prints, matching in the fill engine.
import type { Clock, IdGenerator, Money, Order } from '@ats/core';
import type { AccountModel } from './account-model.js';
import type { CommissionModel } from './commission-model.js';
import { FillEngine } from './fill-engine.js';
import { FillEngineVenue } from './fill-engine-venue.js';
import type { SessionCloseOf } from './session-tracker.js';
import type { SlippageModel } from './slippage-model.js';

export interface PaperExecutionClientOptions {
  readonly clock: Clock;
  readonly ids: IdGenerator;
  readonly commission: CommissionModel;
  readonly venue?: string;
  /** The account's cash at the venue, for what it reports to reconciliation and buying power. */
  readonly startingCash?: Money;
  /** The exchange's session closes, for DAY, OPG and CLS orders (wire `NyseCalendar.nextClose`). */
  readonly sessionCloseOf?: SessionCloseOf;
  readonly slippage?: SlippageModel;
  /** At most this share of a trade print's size fills per order; undefined: no cap. */
  readonly volumeParticipation?: number;
  readonly latencyMilliseconds?: number;
  /** Buying power: a cash or margin account; default: no check. */
  readonly account?: AccountModel;
}

/** The paper broker: the fill engine on live quotes and trade prints. */
export class PaperExecutionClient extends FillEngineVenue {
  readonly venue: string;

  constructor(options: PaperExecutionClientOptions) {
    const venue = options.venue ?? 'PAPER';
    // Ids unique across restarts of the venue: an instance drawn for this run goes into each of them.
    super(new FillEngine({ ...options, venue, instance: options.ids.uuid().slice(0, 8) }));
    this.venue = venue;
  }

  /**
   * Puts an order accepted before a restart back to work (a partially filled one for its leaves)
   * without emitting any event. Restore the book first (`book.restore`) so its fills are known.
   */
  restoreWorkingOrder(order: Order, venueOrderId: string): void {
    this.engine.restore(order, venueOrderId);
  }

  /** Market time passed with no data (a timer): expires DAY orders whose session has closed. */
  advanceTime(time: number): void {
    this.engine.advanceTime(time);
  }
}
