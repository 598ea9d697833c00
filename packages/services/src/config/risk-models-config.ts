// The risk_models configuration block: position sizing, the live monitor's thresholds and automatic
// actions, and the VaR settings (defaults here only; the spec's risk_limits block stays as it is).
import { z } from 'zod';

const fraction = z.number().gt(0).lte(1);
const duration = z.union([
  z.number().int().nonnegative(),
  z.string().regex(/^\d+(ms|s|m|h|d)$/, { message: 'must be a duration such as 500ms, 30s, 5m, 2h or 30d' }),
]);

const sizingMethod = z.strictObject({
  /** fixed_fraction (risk_limits.position_fraction, today's rule), fixed_quantity, volatility_target, kelly, risk_parity. */
  method: z
    .enum(['fixed_fraction', 'fixed_quantity', 'volatility_target', 'kelly', 'risk_parity'])
    .default('fixed_fraction'),
  /** fixed_fraction: the fraction of equity; default risk_limits.position_fraction. */
  fraction: fraction.optional(),
  /** fixed_quantity: shares per signal. */
  quantity: z.number().int().positive().default(100),
  /** volatility_target: the annualized volatility one position carries, as a fraction of equity. */
  target_volatility: fraction.default(0.02),
  /** volatility_target: `realized` (EWMA of sampled returns) or `atr` (ATR(14) / close of daily bars). */
  volatility_measure: z.enum(['realized', 'atr']).default('realized'),
  /** kelly: the share of full Kelly, its cap as a fraction of equity, and the closed trades it needs. */
  kelly_fraction: fraction.default(0.5),
  kelly_cap: fraction.default(0.1),
  kelly_min_trades: z.number().int().min(1).max(100_000).default(20),
  /** risk_parity: the gross exposure of the equal-risk book as a multiple of equity. */
  gross_fraction: z.number().gt(0).max(10).default(1),
  /** Shrinks sizes linearly to zero as the drawdown reaches this fraction; absent: no scaling. */
  max_drawdown: z.number().gt(0).lt(1).optional(),
  /** Shrinks sizes by the candidate's correlation to the holdings. */
  correlation_adjustment: z.boolean().default(false),
});

const alarmLevels = (warning: [number, number], critical: [number, number]) =>
  z
    .strictObject({
      warning: z
        .strictObject({ raise: z.number().default(warning[0]), clear: z.number().default(warning[1]) })
        .prefault({}),
      critical: z
        .strictObject({ raise: z.number().default(critical[0]), clear: z.number().default(critical[1]) })
        .prefault({}),
    })
    .prefault({});

export const riskModelsConfig = z.strictObject({
  sizing: sizingMethod
    .extend({
      /** A sizing per strategy id, replacing the default for that strategy's signals. */
      strategies: z.record(z.string().min(1).max(50), sizingMethod).default({}),
    })
    .prefault({}),
  monitor: z
    .strictObject({
      enabled: z.boolean().default(true),
      /** The symbol beta and delta are measured against; absent: the book's own mean (beta 1 each). */
      benchmark: z.string().optional(),
      /** Market time between two return samples (covariance, correlations, volatility). */
      sample_interval: duration.default('1d'),
      /** Samples per trading day (6.5 h sampled hourly: 6.5): a sample's covariance × this is the daily one. */
      samples_per_day: z.number().positive().max(100_000).default(1),
      ewma_lambda: z.number().gt(0).lt(1).default(0.94),
      /** The fast EWMA decay of the volatility-spike ratio σ_fast / σ_slow. */
      fast_lambda: z.number().gt(0).lt(1).default(0.6),
      /** Samples of returns kept for historical VaR. */
      history_samples: z.number().int().min(30).max(5000).default(250),
      var_confidence: z.number().gt(0.5).lt(1).default(0.99),
      /** The VaR limit in currency; utilization = VaR / limit. Absent: no utilization alarm. */
      var_limit: z.number().positive().optional(),
      var_utilization: alarmLevels([0.8, 0.7], [1, 0.9]),
      drawdown: alarmLevels([0.05, 0.04], [0.1, 0.08]),
      volatility_spike: alarmLevels([2, 1.5], [3, 2.5]),
      correlation: alarmLevels([0.85, 0.75], [0.95, 0.9]),
      /** Gross sector exposure over risk_limits.max_sector_exposure × equity. */
      sector_exposure: alarmLevels([0.9, 0.8], [1, 0.95]),
      /** What a critical alarm of `action_alarms` does: nothing, halt new orders, reduce, or flatten. */
      action_on_critical: z.enum(['none', 'halt', 'reduce', 'flatten']).default('none'),
      action_alarms: z
        .array(z.enum(['var_utilization', 'drawdown', 'volatility_spike', 'correlation', 'sector_exposure']))
        .default(['var_utilization', 'drawdown']),
      /** reduce: the share of each position sold (or bought back). */
      reduce_fraction: fraction.default(0.5),
    })
    .prefault({}),
});

export type RiskModelsConfig = z.infer<typeof riskModelsConfig>;
export type SizingMethodConfig = z.infer<typeof sizingMethod>;
