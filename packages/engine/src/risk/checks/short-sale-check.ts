// Short sales by risk_limits.allow_short: an order that opens or grows a short position is refused
// when shorting is off (covering stays allowed).
import { type CheckContext, type OrderCandidate, type PreTradeCheck, refusal } from './pre-trade-check.js';

export const shortSaleCheck: PreTradeCheck = {
  name: 'short-sale',
  check(order: OrderCandidate, context: CheckContext) {
    if (order.reducing || order.positionAfter >= 0 || context.allowShort) return null;
    return refusal(
      'short-sale',
      'RISK_SHORT_NOT_ALLOWED',
      0,
      order.positionAfter,
      `(position after the order ${order.positionAfter})`,
    );
  },
};
