// Daily loss: once the day's loss (equity at the start of the risk day minus equity now) reaches
// daily_loss_limit, only orders that reduce a position pass. The day's start survives a restart.
import {
  type CheckContext,
  type OrderCandidate,
  type PreTradeCheck,
  rawToCurrency,
  refusal,
} from './pre-trade-check.js';

export const dailyLossCheck: PreTradeCheck = {
  name: 'daily-loss',
  check(order: OrderCandidate, context: CheckContext) {
    if (order.reducing) return null;
    const loss = rawToCurrency(context.day.dayLossRaw(context.equityRaw));
    const limit = context.limits.dailyLossLimit;
    if (loss < limit) return null;
    return refusal('daily-loss', 'RISK_DAILY_LOSS_LIMIT', limit, loss, `(day loss ${loss.toFixed(2)})`);
  },
};
