// The restricted list: no new or larger position in a listed symbol; closing one stays allowed.
import { type CheckContext, type OrderCandidate, type PreTradeCheck, refusal } from './pre-trade-check.js';

export const restrictedListCheck: PreTradeCheck = {
  name: 'restricted-list',
  check(order: OrderCandidate, context: CheckContext) {
    if (order.reducing) return null;
    const symbol = order.instrument.symbol as string;
    const reason = context.controls.restricted.get(symbol);
    if (reason === undefined) return null;
    return refusal(
      'restricted-list',
      'RISK_RESTRICTED_SYMBOL',
      'restricted',
      symbol,
      `(${symbol}: ${reason})`,
    );
  },
};
