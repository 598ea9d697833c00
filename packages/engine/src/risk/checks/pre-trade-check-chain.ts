// The pre-trade check chain: every order (signals, operator requests, algorithm children, liquidations)
// runs these checks in this order before it may reach the venue; the first refusal wins.
import { buyingPowerCheck } from './buying-power-check.js';
import { concentrationCheck } from './concentration-check.js';
import { correlatedExposureCheck } from './correlated-exposure-check.js';
import { dailyLossCheck } from './daily-loss-check.js';
import { drawdownCheck } from './drawdown-check.js';
import { grossNetExposureCheck } from './gross-net-exposure-check.js';
import { leverageCheck } from './leverage-check.js';
import { messageRateCheck } from './message-rate-check.js';
import { orderNotionalCheck } from './order-notional-check.js';
import { orderRateCheck } from './order-rate-check.js';
import { patternDayTraderCheck } from './pattern-day-trader-check.js';
import { positionLimitCheck } from './position-limit-check.js';
import type { CheckContext, CheckRefusal, OrderCandidate, PreTradeCheck } from './pre-trade-check.js';
import { priceCollarCheck } from './price-collar-check.js';
import { restrictedListCheck } from './restricted-list-check.js';
import { sectorExposureCheck } from './sector-exposure-check.js';
import { shortSaleCheck } from './short-sale-check.js';
import { tradingHaltCheck } from './trading-halt-check.js';
import { washTradeCheck } from './wash-trade-check.js';

/**
 * Cheap controls first (halts, lists), then fat-finger and self-trade checks, rates, the loss state,
 * the exposure limits, and last the account's money and the day-trade rule.
 */
export const defaultPreTradeChecks: readonly PreTradeCheck[] = [
  tradingHaltCheck,
  restrictedListCheck,
  shortSaleCheck,
  orderNotionalCheck,
  priceCollarCheck,
  washTradeCheck,
  orderRateCheck,
  messageRateCheck,
  dailyLossCheck,
  drawdownCheck,
  positionLimitCheck,
  sectorExposureCheck,
  grossNetExposureCheck,
  leverageCheck,
  concentrationCheck,
  correlatedExposureCheck,
  buyingPowerCheck,
  patternDayTraderCheck,
];

export class PreTradeCheckChain {
  constructor(private readonly checks: readonly PreTradeCheck[] = defaultPreTradeChecks) {}

  get names(): readonly string[] {
    return this.checks.map((check) => check.name);
  }

  /** The first refusal, or null when every check passes. */
  run(order: OrderCandidate, context: CheckContext): CheckRefusal | null {
    const checks = this.checks;
    for (let index = 0; index < checks.length; index++) {
      const refused = (checks[index] as PreTradeCheck).check(order, context);
      if (refused !== null) return refused;
    }
    return null;
  }
}
