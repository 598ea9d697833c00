// Position per symbol: the position after the order, in value as a fraction of equity
// (max_position_size), in shares (max_position_quantity) and in value (max_position_notional).
import {
  type CheckContext,
  type OrderCandidate,
  type PreTradeCheck,
  rawToCurrency,
  refusal,
} from './pre-trade-check.js';

export const positionLimitCheck: PreTradeCheck = {
  name: 'position-limit',
  check(order: OrderCandidate, context: CheckContext) {
    if (order.reducing) return null;
    const { limits } = context;
    const shares = Math.abs(order.positionAfter);
    const value = shares * order.price;
    const equity = rawToCurrency(context.equityRaw);
    if (value > limits.maxPositionSize * equity + 1e-6)
      return refusal(
        'position-limit',
        'RISK_MAX_POSITION_SIZE',
        limits.maxPositionSize,
        equity > 0 ? value / equity : Number.POSITIVE_INFINITY,
        `(${value.toFixed(2)} > ${limits.maxPositionSize} x ${equity.toFixed(2)})`,
      );
    if (shares > limits.maxPositionQuantity)
      return refusal(
        'position-limit',
        'RISK_MAX_POSITION_QUANTITY',
        limits.maxPositionQuantity,
        shares,
        `(${shares} shares after the order)`,
      );
    if (value > limits.maxPositionNotional + 1e-6)
      return refusal(
        'position-limit',
        'RISK_MAX_POSITION_NOTIONAL',
        limits.maxPositionNotional,
        value,
        `(position worth ${value.toFixed(2)} after the order)`,
      );
    return null;
  },
};
