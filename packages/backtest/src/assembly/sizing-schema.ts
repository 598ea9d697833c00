// The one schema of position-sizing settings: the live configuration's risk_models.sizing block and a
// backtest request's `sizing` are checked by it, so a backtest sizes exactly as the Risk Manager would.
// The namespace import, not `{ z }`: the CLI's bundle then keeps only the zod functions used (without its
// other 62 locales and JSON-schema tools, half the bundle), loaded at every `ats backtest`.
import * as z from 'zod';

const fraction = z.number().gt(0).lte(1);

export const sizingMethodSchema = z.strictObject({
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

/** The default method and, by strategy id, methods that replace it for that strategy's signals. */
export const sizingSchema = sizingMethodSchema.extend({
  strategies: z.record(z.string().min(1).max(50), sizingMethodSchema).default({}),
});
