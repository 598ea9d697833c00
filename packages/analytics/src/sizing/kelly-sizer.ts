// Kelly sizing from a strategy's measured edge: f* = W - (1 - W)/R (Kelly 1956; Thorp 2006, "The Kelly
// criterion in blackjack, sports betting and the stock market"), scaled by a fraction and capped.
import type { PositionSizer, SizingDecision, SizingRequest } from '@ats/core';
import { cappedSize } from './capped-size.js';
import type { TradeEdge } from './trade-edge-book.js';

export interface KellyOptions {
  readonly edgeOf: (strategyId: string) => TradeEdge;
  /** The share of full Kelly to bet (e.g. 0.5, "half Kelly"). */
  readonly fraction: number;
  /** The most of equity one position may take, whatever Kelly says. */
  readonly cap: number;
  /** Closed trades needed before the edge is trusted; fewer: no trade. */
  readonly minimumTrades: number;
}

export class KellySizer implements PositionSizer {
  readonly name = 'kelly';

  constructor(private readonly options: KellyOptions) {
    if (!(options.fraction > 0 && options.fraction <= 1))
      throw new RangeError(`kelly fraction must be in (0, 1], got ${options.fraction}`);
    if (!(options.cap > 0 && options.cap <= 1))
      throw new RangeError(`kelly cap must be in (0, 1], got ${options.cap}`);
  }

  /** The full-Kelly fraction W - (1 - W)/R; 0 or below means no edge. */
  static fullKelly(edge: TradeEdge): number {
    if (edge.payoff <= 0) return edge.winRate >= 1 ? 1 : 0;
    return edge.winRate - (1 - edge.winRate) / edge.payoff;
  }

  size(request: SizingRequest): SizingDecision {
    const edge = this.options.edgeOf(request.strategyId);
    if (edge.trades < this.options.minimumTrades)
      return {
        quantity: 0,
        explanation: `kelly: ${edge.trades} closed trades of ${this.options.minimumTrades} needed to measure the edge`,
      };
    const full = KellySizer.fullKelly(edge);
    if (full <= 0)
      return {
        quantity: 0,
        explanation: `kelly: no edge (win rate ${edge.winRate.toFixed(3)}, payoff ${edge.payoff.toFixed(3)}, f* ${full.toFixed(4)})`,
      };
    const applied = Math.min(this.options.cap, full * this.options.fraction) * request.strength;
    return cappedSize(
      request,
      request.equity * applied,
      `kelly f* ${full.toFixed(4)} (win rate ${edge.winRate.toFixed(3)}, payoff ${edge.payoff.toFixed(3)}) x ${this.options.fraction}, cap ${this.options.cap}`,
    );
  }
}
