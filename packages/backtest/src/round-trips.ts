// Turns a list of fills into closed round trips (flat to flat per symbol), with PnL net of commissions.
import type { RoundTrip } from '@ats/analytics';
import { Money, type OrderFilled, Position } from '@ats/core';

/** What a round trip reads of a fill (an OrderFilled has it all). */
export type FillTerms = Pick<
  OrderFilled,
  'symbol' | 'side' | 'occurredAt' | 'lastQuantity' | 'lastPrice' | 'commission'
>;

export function roundTripsOf(fills: Iterable<FillTerms>): RoundTrip[] {
  const open = new Map<
    string,
    { position: Position; entryTime: number; realized: Money; commissions: Money }
  >();
  const trips: RoundTrip[] = [];
  for (const fill of fills) {
    let state = open.get(fill.symbol);
    if (!state) {
      state = {
        position: new Position(fill.symbol),
        entryTime: fill.occurredAt,
        realized: Money.zero,
        commissions: Money.zero,
      };
      open.set(fill.symbol, state);
    }
    const wasFlat = state.position.isFlat;
    if (wasFlat) state.entryTime = fill.occurredAt;
    const change = state.position.apply(fill.side, fill.lastQuantity, fill.lastPrice, fill.commission);
    state.realized = state.realized.add(change.realized);
    state.commissions = state.commissions.add(fill.commission);
    if (state.position.isFlat || (change.openedQuantity > 0 && change.closedQuantity > 0)) {
      trips.push({
        symbol: fill.symbol,
        entryTime: state.entryTime,
        exitTime: fill.occurredAt,
        pnl: state.realized.subtract(state.commissions).toNumber(),
      });
      state.realized = Money.zero;
      state.commissions = Money.zero;
      state.entryTime = fill.occurredAt;
    }
  }
  return trips;
}
