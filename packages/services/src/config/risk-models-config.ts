// The risk_models configuration block: position sizing, the live monitor's thresholds and automatic
// actions, and the VaR settings (defaults here only; the spec's risk_limits block stays as it is).
import { monitorSchema, sizingMethodSchema } from '@ats/backtest';
import { z } from 'zod';

// The sizing and monitor schemas are shared with backtest requests (one schema, one meaning).
const sizingMethod = sizingMethodSchema;

export const riskModelsConfig = z.strictObject({
  sizing: sizingMethod
    .extend({
      /** A sizing per strategy id, replacing the default for that strategy's signals. */
      strategies: z.record(z.string().min(1).max(50), sizingMethod).default({}),
    })
    .prefault({}),
  monitor: monitorSchema.prefault({}),
});

export type RiskModelsConfig = z.infer<typeof riskModelsConfig>;
export type SizingMethodConfig = z.infer<typeof sizingMethod>;
