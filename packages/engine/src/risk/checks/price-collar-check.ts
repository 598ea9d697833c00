// Fat-finger: a limit or stop price may lie at most price_collar (a fraction) from the last price on
// its aggressive side: a buy limit above, a sell limit below the last price (it would trade through the
// market); a buy stop below, a sell stop above it (it would trigger at once). A passive price far away
// (a bid well under the market) only rests. It applies to every order, forced reductions included: a
// mistyped price is wrong whatever the order does.
import type { Price } from '@ats/core';
import { type CheckContext, type OrderCandidate, type PreTradeCheck, refusal } from './pre-trade-check.js';

/** How far past the last price `price` lies toward `direction` (+1 above, -1 below), when beyond the collar. */
function outside(price: Price | null, last: number, collar: number, direction: number): number | null {
  if (price === null) return null;
  const distance = (direction * (price.toNumber() - last)) / last;
  return distance > collar ? distance : null;
}

export const priceCollarCheck: PreTradeCheck = {
  name: 'price-collar',
  check(order: OrderCandidate, context: CheckContext) {
    const collar = context.limits.priceCollar;
    const buying = order.side === 'BUY' ? 1 : -1;
    const limitDistance = outside(order.limitPrice, order.price, collar, buying);
    const distance = limitDistance ?? outside(order.stopPrice, order.price, collar, -buying);
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
