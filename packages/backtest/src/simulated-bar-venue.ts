// The backtest venue: bars, quotes or trade prints drive the engine's fill engine, with no look-ahead.
import type { Bar, Clock, IdGenerator, Money } from '@ats/core';
import { type AccountModel, FillEngine, FillEngineVenue, type SessionCloseOf } from '@ats/engine';
import type { FillRules } from './fill-rules.js';

export interface SimulatedBarVenueOptions {
  /** The exchange's session closes (DAY, OPG, CLS); without it a DAY order lasts one daily bar. */
  readonly sessionCloseOf?: SessionCloseOf;
  /** Buying power: a cash or margin account; default: no check. */
  readonly account?: AccountModel;
  readonly startingCash?: Money;
  /** Whether the venue keeps closed orders and its executions (default true; see `FillEngineOptions`). */
  readonly keepsClosedOrders?: boolean;
}

/** The backtest venue: the fill engine on bars (or quotes, or trade prints) of history. */
export class SimulatedBarVenue extends FillEngineVenue {
  readonly venue = 'BACKTEST';

  constructor(clock: Clock, ids: IdGenerator, rules: FillRules, options: SimulatedBarVenueOptions = {}) {
    super(
      new FillEngine({
        venue: 'BACKTEST',
        venueOrderIdPrefix: 'BT',
        clock,
        ids,
        commission: rules.commission,
        slippage: rules.slippage,
        marketFill: rules.marketFill,
        ...(rules.volumeParticipation !== undefined
          ? { volumeParticipation: rules.volumeParticipation }
          : {}),
        ...(rules.latencyMilliseconds !== undefined
          ? { latencyMilliseconds: rules.latencyMilliseconds }
          : {}),
        ...options,
      }),
    );
  }

  /** A new bar: first the working orders of its symbol trade against it, then it becomes current. */
  onBar(bar: Bar): void {
    this.engine.onBar(bar);
  }
}
