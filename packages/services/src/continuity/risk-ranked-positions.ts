// The emergency liquidation's policy: positions ranked by one day's dollar risk, the absolute market
// value times the instrument's daily volatility, largest first (ties: the larger loss first, then the
// symbol). The riskiest position is closed first, so a liquidation cut short has removed the most risk.
import type { PositionSnapshot } from '@ats/core';

export interface RankedPosition {
  readonly rank: number;
  readonly symbol: string;
  readonly netQuantity: number;
  /** |market value| x daily volatility, in dollars (for ordering and display only, never booked). */
  readonly dayRisk: number;
  readonly marketValue: string;
  readonly unrealizedPnl: string;
}

export function rankPositionsByRisk(
  positions: readonly PositionSnapshot[],
  dailyVolatilityOf: (symbol: string) => number,
): RankedPosition[] {
  return positions
    .filter((position) => position.netQuantity !== 0)
    .map((position) => ({
      position,
      dayRisk: Math.abs(position.marketValue.toNumber()) * dailyVolatilityOf(position.symbol),
    }))
    .sort(
      (a, b) =>
        b.dayRisk - a.dayRisk ||
        a.position.unrealizedPnl.compare(b.position.unrealizedPnl) ||
        (a.position.symbol < b.position.symbol ? -1 : 1),
    )
    .map(({ position, dayRisk }, index) => ({
      rank: index + 1,
      symbol: position.symbol,
      netQuantity: position.netQuantity,
      dayRisk: Math.round(dayRisk * 100) / 100,
      marketValue: position.marketValue.toString(),
      unrealizedPnl: position.unrealizedPnl.toString(),
    }));
}
