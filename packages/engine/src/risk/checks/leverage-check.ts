// Leverage: gross exposure after the order over equity is at most max_leverage (no equity: refused).
import { grossAfter } from './exposure-after.js';
import {
  type CheckContext,
  type OrderCandidate,
  type PreTradeCheck,
  rawToCurrency,
  refusal,
} from './pre-trade-check.js';

export const leverageCheck: PreTradeCheck = {
  name: 'leverage',
  check(order: OrderCandidate, context: CheckContext) {
    if (order.reducing) return null;
    const equity = rawToCurrency(context.equityRaw);
    const gross = grossAfter(order, context);
    const leverage = equity > 0 ? gross / equity : Number.POSITIVE_INFINITY;
    const limit = context.limits.maxLeverage;
    if (leverage <= limit + 1e-9) return null;
    return refusal(
      'leverage',
      'RISK_MAX_LEVERAGE',
      limit,
      leverage,
      `(gross ${gross.toFixed(2)} over equity ${equity.toFixed(2)})`,
    );
  },
};
