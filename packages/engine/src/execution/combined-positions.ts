// Positions reported by several venues of one account, netted per symbol (failover and routed clients).
import type { VenuePosition } from '@ats/core';

/** Net positions summed per symbol; the average cost is kept only where one venue holds the symbol. */
export function combinedPositions(positions: readonly VenuePosition[]): VenuePosition[] {
  const combined = new Map<string, VenuePosition>();
  for (const position of positions) {
    const previous = combined.get(position.symbol);
    combined.set(
      position.symbol,
      previous
        ? {
            symbol: position.symbol,
            netQuantity: previous.netQuantity + position.netQuantity,
            averageCost: null,
          }
        : position,
    );
  }
  return [...combined.values()].filter((position) => position.netQuantity !== 0);
}
