// Maximum drawdown: once equity is max_drawdown (a fraction) or more below its high-water mark, only
// orders that reduce a position pass. The mark survives a restart.
import {
  type CheckContext,
  type OrderCandidate,
  type PreTradeCheck,
  rawToCurrency,
  refusal,
} from './pre-trade-check.js';

export const drawdownCheck: PreTradeCheck = {
  name: 'drawdown',
  check(order: OrderCandidate, context: CheckContext) {
    if (order.reducing) return null;
    const drawdown = context.day.drawdown(context.equityRaw);
    const limit = context.limits.maxDrawdown;
    if (drawdown < limit || drawdown === 0) return null;
    const mark = rawToCurrency(context.day.current?.highWaterMarkRaw ?? 0);
    return refusal(
      'drawdown',
      'RISK_MAX_DRAWDOWN',
      limit,
      drawdown,
      `(equity ${rawToCurrency(context.equityRaw).toFixed(2)} is ${(drawdown * 100).toFixed(2)}% below the high-water mark ${mark.toFixed(2)})`,
    );
  },
};
