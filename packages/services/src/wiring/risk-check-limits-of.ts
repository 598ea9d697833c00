// Maps the config's risk_limits check keys onto the engine's pre-trade limits (the defaults the API's
// overrides apply over).
import type { PreTradeLimits } from '@ats/engine';
import type { AtsConfig } from '../config/config-schema.js';

/** `durationMilliseconds` converts the config's durations (passed in: config-mapping owns it). */
export function preTradeLimitsOfConfig(
  config: AtsConfig,
  durationMilliseconds: (value: string | number) => number,
): Partial<PreTradeLimits> {
  const limits = config.risk_limits;
  return {
    maxPositionQuantity: limits.max_position_quantity,
    maxPositionNotional: Number(limits.max_position_notional),
    maxGrossExposure: Number(limits.max_gross_exposure),
    maxNetExposure: Number(limits.max_net_exposure),
    maxLeverage: limits.max_leverage,
    maxConcentration: limits.max_concentration,
    concentrationFloor: limits.concentration_floor,
    maxCorrelatedExposure: limits.max_correlated_exposure,
    maxDrawdown: limits.max_drawdown,
    maxOrdersPerWindow: limits.max_orders_per_window,
    maxMessagesPerWindow: limits.max_messages_per_window,
    rateWindowMilliseconds: durationMilliseconds(limits.rate_window),
    maxOrderNotional: Number(limits.max_order_notional),
    priceCollar: limits.price_collar,
  };
}
