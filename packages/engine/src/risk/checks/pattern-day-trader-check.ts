// The pattern-day-trader rule (FINRA 4210): a margin account under 25,000 of equity with 3 day trades
// in the last 5 business days may not make a fourth: an order closing a position opened today is
// refused. A forced reduction is not refused (a broker flags the account rather than trap a position).
import { patternDayTradeAllowance, patternDayTraderMinimumEquity } from '../day-trade-counter.js';
import {
  type CheckContext,
  type OrderCandidate,
  type PreTradeCheck,
  rawToCurrency,
  refusal,
} from './pre-trade-check.js';

export const patternDayTraderCheck: PreTradeCheck = {
  name: 'pattern-day-trader',
  check(order: OrderCandidate, context: CheckContext) {
    if (order.forced || context.accountKind !== 'margin') return null;
    const before = order.positionBefore;
    const closes = before !== 0 && (order.side === 'BUY') === before < 0;
    if (!closes) return null;
    const equity = rawToCurrency(context.equityRaw);
    if (equity >= patternDayTraderMinimumEquity) return null;
    const symbol = order.instrument.symbol as string;
    if (!context.dayTrades.wouldDayTrade(symbol, context.now)) return null;
    const recent = context.dayTrades.recentDayTrades(context.now);
    if (recent < patternDayTradeAllowance) return null;
    return refusal(
      'pattern-day-trader',
      'RISK_PATTERN_DAY_TRADER',
      patternDayTradeAllowance,
      recent + 1,
      `(${recent} day trades in 5 business days, equity ${equity.toFixed(2)} under ${patternDayTraderMinimumEquity})`,
    );
  },
};
