// The one schema of the risk monitor's settings: the live configuration's risk_models.monitor block and
// a backtest request's `monitor` are checked by it, so a backtest raises the alarms and takes the
// actions the live Risk Manager would.
// The namespace import, not `{ z }`: the CLI's bundle then keeps only the zod functions used (without its
// other 62 locales and JSON-schema tools, half the bundle), loaded at every `ats backtest`.
import * as z from 'zod';

const fraction = z.number().gt(0).lte(1);
const duration = z.union([
  z.number().int().nonnegative(),
  z.string().regex(/^\d+(ms|s|m|h|d)$/, { message: 'must be a duration such as 500ms, 30s, 5m, 2h or 30d' }),
]);

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

export const monitorSchema = z.strictObject({
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
});

export type MonitorSettings = z.infer<typeof monitorSchema>;

const unitMilliseconds: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** A checked duration (milliseconds as a number, or text such as 30s or 1d) in milliseconds. */
export function monitorIntervalMilliseconds(interval: MonitorSettings['sample_interval']): number {
  if (typeof interval === 'number') return interval;
  const match = /^(\d+)(ms|s|m|h|d)$/.exec(interval);
  if (!match) throw new RangeError(`sample_interval ${interval} is not a duration such as 30s or 1d`);
  return Number(match[1]) * (unitMilliseconds[match[2] as string] as number);
}
