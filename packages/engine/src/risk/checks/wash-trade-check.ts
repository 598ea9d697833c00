// Wash-trade prevention: an order that would trade against the account's own working order on the
// other side is refused (forced reductions included: cancel the resting order first).
import { type CheckContext, type OrderCandidate, type PreTradeCheck, refusal } from './pre-trade-check.js';

export const washTradeCheck: PreTradeCheck = {
  name: 'wash-trade',
  check(order: OrderCandidate, context: CheckContext) {
    if (context.workingOrders.size === 0) return null;
    const limit =
      order.orderType === 'MARKET' || order.orderType === 'STOP'
        ? null
        : (order.limitPrice?.toNumber() ?? null);
    const symbol = order.instrument.symbol as string;
    const resting = context.workingOrders.crossing(symbol, order.side, limit);
    if (!resting) return null;
    return refusal(
      'wash-trade',
      'RISK_WASH_TRADE',
      resting.limit === null ? 'market' : resting.limit,
      limit === null ? 'market' : limit,
      `(${order.side} ${symbol} at ${limit ?? 'market'} would cross own ${resting.side} order ${resting.orderId} at ${resting.limit ?? 'market'})`,
    );
  },
};
