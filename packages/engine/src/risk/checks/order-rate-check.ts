// Order rate: at most max_orders_per_window new orders in the sliding rate window (market time), per
// account and per strategy. Forced reductions are not throttled (they are still counted).
import { type CheckContext, type OrderCandidate, type PreTradeCheck, refusal } from './pre-trade-check.js';

export const orderRateCheck: PreTradeCheck = {
  name: 'order-rate',
  check(order: OrderCandidate, context: CheckContext) {
    if (order.forced) return null;
    const account = context.accountLimits;
    const accountCount = context.rates.accountOrders.count(context.now, account.rateWindowMilliseconds);
    if (accountCount >= account.maxOrdersPerWindow)
      return refusal(
        'order-rate',
        'RISK_ORDER_RATE',
        account.maxOrdersPerWindow,
        accountCount + 1,
        `(account: ${accountCount} orders in the last ${account.rateWindowMilliseconds} ms)`,
      );
    const strategy = context.strategyLimits;
    const strategyCount = context.rates
      .ordersOf(order.strategyId)
      .count(context.now, strategy.rateWindowMilliseconds);
    if (strategyCount >= strategy.maxOrdersPerWindow)
      return refusal(
        'order-rate',
        'RISK_ORDER_RATE',
        strategy.maxOrdersPerWindow,
        strategyCount + 1,
        `(strategy ${order.strategyId}: ${strategyCount} orders in the last ${strategy.rateWindowMilliseconds} ms)`,
      );
    return null;
  },
};
