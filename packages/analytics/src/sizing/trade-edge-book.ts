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
  /** Per strategy and symbol: the position held and the P&L its reducing fills realized so far. */
  private readonly open = new Map<string, { position: number; pnl: number }>();

  /**
   * Records one fill; a round trip (flat, to a position, back to flat or through it) counts as one
   * trade, whatever number of fills opened and closed it: an exit in three fills is one win, not three.
   * `pnl` is what the fill realized (0 for a fill that opens or adds).
   */
  recordFill(strategyId: string, symbol: string, signedQuantity: number, pnl: number): void {
    if (!Number.isFinite(pnl)) throw new RangeError(`trade P&L of ${strategyId} is not finite (${pnl})`);
    const key = `${strategyId}\u0000${symbol}`;
    const state = this.open.get(key) ?? { position: 0, pnl: 0 };
    const before = state.position;
    state.position = before + signedQuantity;
    state.pnl += pnl;
    const closed = before !== 0 && (state.position === 0 || Math.sign(state.position) !== Math.sign(before));
    if (closed) {
      this.record(strategyId, state.pnl);
      // A flip opens the next round trip with the remainder; its P&L starts from zero.
      state.pnl = 0;
    }
    this.open.set(key, state);
  }

  /**
   * Starts a strategy's round trip in a symbol at a position held before the first fill recorded (a
   * window of fills that begins inside a trip): its closing fills then close that trip, whose P&L is
   * what they realized. Call before the symbol's first `recordFill`.
   */
  openPosition(strategyId: string, symbol: string, position: number): void {
    if (!Number.isFinite(position))
      throw new RangeError(`position of ${strategyId} is not finite (${position})`);
    this.open.set(`${strategyId}\u0000${symbol}`, { position, pnl: 0 });
  }

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
