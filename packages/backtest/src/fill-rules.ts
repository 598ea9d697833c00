// The simulated venue's settings: when market orders fill, slippage, volume participation, commissions.
import type { CommissionModel } from '@ats/engine';

/**
 * - `next-open` (default): a market order placed on a bar's close fills at the next bar's open.
 * - `close`: it fills at the close of the bar the signal came from (no look-ahead either: the
 *   strategy saw that close).
 */
export type MarketFillTiming = 'next-open' | 'close';

export type SlippageModel =
  | { readonly kind: 'none' }
  /** A fixed cost in basis points of the price, against the order (buys higher, sells lower). */
  | { readonly kind: 'fixed-basis-points'; readonly basisPoints: number }
  /** Impact growing with the square of the order's share of the bar's volume: price × impact × share². */
  | { readonly kind: 'volume-share'; readonly impact: number };

export interface FillRules {
  readonly marketFill: MarketFillTiming;
  readonly slippage: SlippageModel;
  readonly commission: CommissionModel;
  /** At most this fraction of a bar's volume fills per order (partial fills); undefined: no cap. */
  readonly volumeParticipation?: number;
}
