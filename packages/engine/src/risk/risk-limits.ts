// The risk limits the risk engine enforces (the spec's risk_limits block plus sizing choices).
import type { Money } from '@ats/core';
import type { PreTradeLimits } from './pre-trade-limits.js';

export interface RiskLimits {
  /** Largest position in one symbol as a fraction of equity (spec: 0.10). */
  readonly maxPositionSize: number;
  /** Largest gross exposure to one sector as a fraction of equity (spec: 0.30). */
  readonly maxSectorExposure: number;
  /** Once the day's loss reaches this, only risk-reducing orders pass (spec: 10000.00). */
  readonly dailyLossLimit: Money;
  /** Fraction of equity a full-strength signal targets; at most maxPositionSize. */
  readonly positionFraction: number;
  readonly allowShort: boolean;
  /**
   * The pre-trade check chain's other limits (position quantity and notional, gross/net, leverage,
   * concentration, correlation, drawdown, rates, fat-finger). Absent ones are off.
   */
  readonly checks?: Partial<PreTradeLimits>;
  /** Symbols no order may open or grow a position in (risk_limits.restricted_symbols). */
  readonly restrictedSymbols?: readonly string[];
}
