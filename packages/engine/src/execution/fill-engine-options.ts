// The settings of the fill engine: venue name, ids, commission, slippage, volume share, latency,
// sessions and the account model.
import type { Clock, IdGenerator, Money } from '@ats/core';
import type { AccountModel } from './account-model.js';
import type { CommissionModel } from './commission-model.js';
import type { SessionCloseOf } from './session-tracker.js';
import type { SlippageModel } from './slippage-model.js';

export interface FillEngineOptions {
  readonly venue: string;
  /** Venue order ids are `<prefix>-<n>` (default: the venue name). */
  readonly venueOrderIdPrefix?: string;
  /**
   * Tells this run of the venue from earlier ones, in its order and execution ids: a paper venue
   * restarted over stored books must never reuse an id (fills are stored once per execution id).
   */
  readonly instance?: string;
  readonly clock: Clock;
  readonly ids: IdGenerator;
  readonly commission: CommissionModel;
  readonly slippage?: SlippageModel;
  /** At most this share of a bar's or a print's volume fills per order and event; undefined: no cap. */
  readonly volumeParticipation?: number;
  /** The latency model: an order may match only market events this many ms after it was accepted. */
  readonly latencyMilliseconds?: number;
  /** The exchange's session closes (DAY, OPG, CLS); without it DAY lasts one daily bar, or never ends. */
  readonly sessionCloseOf?: SessionCloseOf;
  /** Buying power (cash or margin account); default: no check. */
  readonly account?: AccountModel;
  readonly startingCash?: Money;
  /** Bars only: market orders fill at the next bar's open (default) or at once at the current close. */
  readonly marketFill?: 'next-open' | 'close';
  /**
   * Whether the venue's book keeps closed orders and the list of executions (default true), as a
   * broker does and as reconciliation and a restarted paper venue need. A backtest's venue keeps
   * neither (see `SimulatedVenueBook`).
   */
  readonly keepsClosedOrders?: boolean;
}
