// The backtest venue's settings: when market orders fill, slippage, volume participation, latency,
// commissions. The rules themselves are the engine's fill engine (docs/fill-rules.md).
import type { CommissionModel, SlippageModel } from '@ats/engine';

export type { SlippageModel } from '@ats/engine';

/**
 * - `next-open` (default): a market order placed on a bar's close fills at the next bar's open.
 * - `close`: it fills at the close of the bar the signal came from (no look-ahead either: the
 *   strategy saw that close).
 */
export type MarketFillTiming = 'next-open' | 'close';

export interface FillRules {
  readonly marketFill: MarketFillTiming;
  readonly slippage: SlippageModel;
  readonly commission: CommissionModel;
  /** At most this fraction of a bar's (or a print's) volume fills per order (partial fills); undefined: no cap. */
  readonly volumeParticipation?: number;
  /** An order may match only market data this many milliseconds after it was placed (default 0). */
  readonly latencyMilliseconds?: number;
}
