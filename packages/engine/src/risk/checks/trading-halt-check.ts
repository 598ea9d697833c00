// The kill switch (every order of the account) and per-symbol halts (a position that disagrees with
// the venue). A forced reduction (flatten, liquidation) passes both: halting exists to stop new risk.
import { type CheckContext, type OrderCandidate, type PreTradeCheck, refusal } from './pre-trade-check.js';

export const tradingHaltCheck: PreTradeCheck = {
  name: 'trading-halt',
  check(order: OrderCandidate, context: CheckContext) {
    if (order.forced) return null;
    const kill = context.controls.killSwitch;
    if (kill)
      return refusal(
        'trading-halt',
        'RISK_TRADING_HALTED',
        'halted',
        'order',
        `(kill switch: ${kill.reason})`,
      );
    const symbol = order.instrument.symbol as string;
    const reason = context.controls.symbolHalts.get(symbol);
    if (reason !== undefined)
      return refusal('trading-halt', 'RISK_SYMBOL_HALTED', 'halted', 'order', `(${symbol}: ${reason})`);
    return null;
  },
};
