// Fat-finger: the value of one order (quantity × its limit, else the last price) is at most
// max_order_notional. A forced reduction is not refused by it: its size is the position's, not a typo.
import { type CheckContext, type OrderCandidate, type PreTradeCheck, refusal } from './pre-trade-check.js';

export const orderNotionalCheck: PreTradeCheck = {
  name: 'order-notional',
  check(order: OrderCandidate, context: CheckContext) {
    if (order.forced) return null;
    const price = order.limitPrice ? order.limitPrice.toNumber() : order.price;
    const notional = order.quantity * price;
    const limit = context.limits.maxOrderNotional;
    if (notional <= limit) return null;
    return refusal(
      'order-notional',
      'RISK_ORDER_NOTIONAL',
      limit,
      notional,
      `(${order.quantity} x ${price} = ${notional.toFixed(2)} > max_order_notional ${limit})`,
    );
  },
};
