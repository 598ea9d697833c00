// The risk_limits keys of the pre-trade check chain (spread into the risk_limits block of the schema):
// their types, bounds and defaults. The Risk Manager's API overrides them per account, strategy, symbol.
import { z } from 'zod';

const decimalText = z
  .union([z.string(), z.number()])
  .transform((value) => String(value))
  .refine((value) => /^\d+(\.\d+)?$/.test(value), {
    message: 'must be a non-negative decimal such as 250000.00',
  });
const duration = z.union([
  z.number().int().positive(),
  z.string().regex(/^\d+(ms|s|m|h|d)$/, { message: 'must be a duration such as 500ms, 30s, 5m, 2h or 30d' }),
]);
const fraction = z.number().gt(0).lte(1);
const symbol = z
  .string()
  .regex(/^[A-Z][A-Z0-9.\-/]{0,9}$/, { message: 'must be 1-10 upper-case characters' });

export const riskCheckSettings = {
  max_position_quantity: z.number().int().positive().default(100_000),
  max_position_notional: decimalText.default('1000000.00'),
  max_gross_exposure: decimalText.default('1000000.00'),
  max_net_exposure: decimalText.default('1000000.00'),
  max_leverage: z.number().positive().max(100).default(2),
  max_concentration: fraction.default(0.5),
  concentration_floor: fraction.default(0.5),
  max_correlated_exposure: z.number().positive().max(100).default(0.5),
  max_drawdown: fraction.default(0.25),
  max_orders_per_window: z.number().int().positive().default(120),
  max_messages_per_window: z.number().int().positive().default(360),
  rate_window: duration.default('1m'),
  max_order_notional: decimalText.default('250000.00'),
  price_collar: z.number().positive().max(10).default(0.1),
  restricted_symbols: z.array(symbol).default([]),
  /** Return rows (bars) kept for correlations, and how many before a correlation counts. */
  correlation_window: z.number().int().min(2).max(1_000).default(60),
  correlation_min_samples: z.number().int().min(2).max(1_000).default(20),
} as const;
