// Fat-finger: a limit or stop price may lie at most price_collar (a fraction) from the last price. It
// applies to every order, forced reductions included: a mistyped price is wrong whatever the order does.
import type { Price } from '@ats/core';
import { type CheckContext, type OrderCandidate, type PreTradeCheck, refusal } from './pre-trade-check.js';

function outside(price: Price | null, last: number, collar: number): number | null {
  if (price === null) return null;
  const distance = Math.abs(price.toNumber() - last) / last;
  return distance > collar ? distance : null;
}

export const priceCollarCheck: PreTradeCheck = {
  name: 'price-collar',
  check(order: OrderCandidate, context: CheckContext) {
    const collar = context.limits.priceCollar;
    const limitDistance = outside(order.limitPrice, order.price, collar);
    const distance = limitDistance ?? outside(order.stopPrice, order.price, collar);
    if (distance === null) return null;
    const which = limitDistance !== null ? 'limit' : 'stop';
    const price = limitDistance !== null ? order.limitPrice : order.stopPrice;
    return refusal(
      'price-collar',
      'RISK_PRICE_COLLAR',
      collar,
      distance,
      `(${which} ${price} is ${(distance * 100).toFixed(2)}% from the last price ${order.price}, collar ${(collar * 100).toFixed(2)}%)`,
    );
  },
};
