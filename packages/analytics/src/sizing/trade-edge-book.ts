// Each strategy's measured edge from its closed trades: win rate and payoff ratio, for Kelly sizing.

export interface TradeEdge {
  readonly trades: number;
  /** Share of closed trades with a positive P&L. */
  readonly winRate: number;
  /** Mean win over mean loss (both as positive amounts); 0 while there is no loss or no win. */
  readonly payoff: number;
}

/** Running sums per strategy, so recording a trade and reading the edge are O(1). */
export class TradeEdgeBook {
  private readonly sums = new Map<
    string,
    { wins: number; losses: number; winSum: number; lossSum: number }
  >();

  /** Records a closed round trip's P&L (net of costs). A break-even trade counts as a loss of 0. */
  record(strategyId: string, pnl: number): void {
    if (!Number.isFinite(pnl)) throw new RangeError(`trade P&L of ${strategyId} is not finite (${pnl})`);
    const sums = this.sums.get(strategyId) ?? { wins: 0, losses: 0, winSum: 0, lossSum: 0 };
    if (pnl > 0) {
      sums.wins++;
      sums.winSum += pnl;
    } else {
      sums.losses++;
      sums.lossSum -= pnl;
    }
    this.sums.set(strategyId, sums);
  }

  edgeOf(strategyId: string): TradeEdge {
    const sums = this.sums.get(strategyId);
    if (!sums) return { trades: 0, winRate: 0, payoff: 0 };
    const trades = sums.wins + sums.losses;
    const meanWin = sums.wins ? sums.winSum / sums.wins : 0;
    const meanLoss = sums.losses ? sums.lossSum / sums.losses : 0;
    return { trades, winRate: sums.wins / trades, payoff: meanLoss > 0 ? meanWin / meanLoss : 0 };
  }
}
