// Buying power: a cash account pays a buy (with its commission) from cash; a margin account (Reg T,
// 50% initial margin) opens positions up to twice its equity less the gross exposure it holds. Only
// the part of an order that opens or grows a position needs buying power.
import { Money, Quantity } from '@ats/core';
import {
  type CheckContext,
  type OrderCandidate,
  type PreTradeCheck,
  rawToCurrency,
  refusal,
} from './pre-trade-check.js';

const initialMargin = 0.5;

export const buyingPowerCheck: PreTradeCheck = {
  name: 'buying-power',
  check(order: OrderCandidate, context: CheckContext) {
    if (order.reducing) return null;
    const before = order.positionBefore;
    // Shares that open or grow a position (a flip opens the part past zero).
    const closing = (order.side === 'BUY') === before < 0 ? Math.min(Math.abs(before), order.quantity) : 0;
    const opening = order.quantity - closing;
    if (opening <= 0) return null;
    const price = order.limitPrice ? order.limitPrice.toNumber() : order.price;
    if (context.accountKind === 'cash') {
      if (order.side !== 'BUY') return null;
      const priceValue = order.limitPrice ?? order.mark;
      let cost = Money.notional(priceValue, Quantity.of(order.quantity));
      if (context.commissionOf)
        cost = cost.add(context.commissionOf(Quantity.of(order.quantity), priceValue));
      if (cost.compare(context.cash) <= 0) return null;
      return refusal(
        'buying-power',
        'RISK_INSUFFICIENT_CASH',
        context.cash.toString(),
        cost.toString(),
        `(need ${cost}, have ${context.cash})`,
      );
    }
    const equity = rawToCurrency(context.equityRaw);
    const power = Math.max(0, equity / initialMargin - context.exposure.gross);
    const cost = opening * price;
    if (cost <= power + 1e-6) return null;
    return refusal(
      'buying-power',
      'RISK_INSUFFICIENT_BUYING_POWER',
      power,
      cost,
      `(opening ${opening} at ${price} needs ${cost.toFixed(2)}, buying power ${power.toFixed(2)})`,
    );
  },
};
