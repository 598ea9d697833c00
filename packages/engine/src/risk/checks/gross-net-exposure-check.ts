// Gross and net exposure of the account after the order (currency units): the sum of |position values|
// at most max_gross_exposure; |sum of signed values| at most max_net_exposure when the order moves it away from zero.
import { grossAfter, netAfter } from './exposure-after.js';
import { type CheckContext, type OrderCandidate, type PreTradeCheck, refusal } from './pre-trade-check.js';

export const grossNetExposureCheck: PreTradeCheck = {
  name: 'gross-net-exposure',
  check(order: OrderCandidate, context: CheckContext) {
    if (order.reducing) return null;
    const { limits } = context;
    const gross = grossAfter(order, context);
    if (gross > limits.maxGrossExposure + 1e-6)
      return refusal(
        'gross-net-exposure',
        'RISK_MAX_GROSS_EXPOSURE',
        limits.maxGrossExposure,
        gross,
        `(gross exposure ${gross.toFixed(2)} after the order)`,
      );
    const net = netAfter(order, context);
    if (Math.abs(net) > limits.maxNetExposure + 1e-6 && Math.abs(net) > Math.abs(context.exposure.net))
      return refusal(
        'gross-net-exposure',
        'RISK_MAX_NET_EXPOSURE',
        limits.maxNetExposure,
        Math.abs(net),
        `(net exposure ${net.toFixed(2)} after the order)`,
      );
    return null;
  },
};
