// The risk limits the risk engine enforces (the spec's risk_limits block plus sizing choices).
import type { Money } from '@ats/core';

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
}
