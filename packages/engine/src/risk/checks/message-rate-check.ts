// Message rate: at most max_messages_per_window order messages (new orders, cancels, modifies) in the
// sliding rate window, per account and per strategy. Forced reductions are not throttled.
import { type CheckContext, type OrderCandidate, type PreTradeCheck, refusal } from './pre-trade-check.js';

export const messageRateCheck: PreTradeCheck = {
  name: 'message-rate',
  check(order: OrderCandidate, context: CheckContext) {
    if (order.forced) return null;
    const account = context.accountLimits;
    const accountCount = context.rates.accountMessages.count(context.now, account.rateWindowMilliseconds);
    if (accountCount >= account.maxMessagesPerWindow)
      return refusal(
        'message-rate',
        'RISK_MESSAGE_RATE',
        account.maxMessagesPerWindow,
        accountCount + 1,
        `(account: ${accountCount} messages in the last ${account.rateWindowMilliseconds} ms)`,
      );
    const strategy = context.strategyLimits;
    const strategyCount = context.rates
      .messagesOf(order.strategyId)
      .count(context.now, strategy.rateWindowMilliseconds);
    if (strategyCount >= strategy.maxMessagesPerWindow)
      return refusal(
        'message-rate',
        'RISK_MESSAGE_RATE',
        strategy.maxMessagesPerWindow,
        strategyCount + 1,
        `(strategy ${order.strategyId}: ${strategyCount} messages in the last ${strategy.rateWindowMilliseconds} ms)`,
      );
    return null;
  },
};
