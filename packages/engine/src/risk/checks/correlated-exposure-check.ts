// Correlation-adjusted exposure: the exposure that moves with the symbol, |v + Σ ρ_j v_j| over the
// other positions j (v signed values, ρ the correlation of recent returns), as a fraction of equity,
// is at most max_correlated_exposure. A pair without enough history counts as uncorrelated (ρ = 0).
import {
  type CheckContext,
  type OrderCandidate,
  type PreTradeCheck,
  rawToCurrency,
  refusal,
} from './pre-trade-check.js';

export const correlatedExposureCheck: PreTradeCheck = {
  name: 'correlated-exposure',
  check(order: OrderCandidate, context: CheckContext) {
    if (order.reducing) return null;
    const limit = context.limits.maxCorrelatedExposure;
    // No limit set (the default): nothing to refuse, and no correlations need computing.
    if (limit === Number.POSITIVE_INFINITY) return null;
    const { values } = context.exposure;
    const correlations = context.correlations;
    const self = order.instrumentIndex;
    let exposure = order.positionAfter * order.price;
    if (correlations) {
      for (let index = 0; index < values.length; index++) {
        const value = values[index] as number;
        if (index === self || value === 0) continue;
        const rho = correlations.correlation(self, index);
        if (rho !== null) exposure += rho * value;
      }
    }
    const equity = rawToCurrency(context.equityRaw);
    const fraction = equity > 0 ? Math.abs(exposure) / equity : Number.POSITIVE_INFINITY;
    if (fraction <= limit + 1e-9) return null;
    return refusal(
      'correlated-exposure',
      'RISK_CORRELATED_EXPOSURE',
      limit,
      fraction,
      `(correlation-weighted exposure ${exposure.toFixed(2)} with ${order.instrument.symbol} of equity ${equity.toFixed(2)})`,
    );
  },
};
