// Concentration: once the book is invested (gross after the order at least concentration_floor of
// equity), one symbol may hold at most max_concentration of gross exposure. Below the floor a small
// book of one or two positions is not "concentrated" in any useful sense, so the check waits.
import { grossAfter } from './exposure-after.js';
import {
  type CheckContext,
  type OrderCandidate,
  type PreTradeCheck,
  rawToCurrency,
  refusal,
} from './pre-trade-check.js';

export const concentrationCheck: PreTradeCheck = {
  name: 'concentration',
  check(order: OrderCandidate, context: CheckContext) {
    if (order.reducing) return null;
    const { limits } = context;
    const gross = grossAfter(order, context);
    const equity = rawToCurrency(context.equityRaw);
    if (gross <= 0 || gross < limits.concentrationFloor * equity) return null;
    const share = Math.abs(order.positionAfter * order.price) / gross;
    if (share <= limits.maxConcentration + 1e-9) return null;
    return refusal(
      'concentration',
      'RISK_CONCENTRATION',
      limits.maxConcentration,
      share,
      `(${order.instrument.symbol} would be ${(share * 100).toFixed(2)}% of gross exposure ${gross.toFixed(2)})`,
    );
  },
};
