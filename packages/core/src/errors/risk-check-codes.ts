// The outcome codes of the pre-trade check chain added beside the original risk codes (one catalogue:
// spread into outcomeCatalogue). Each names the risk_limits key that decides it.
export const riskCheckOutcomes = {
  RISK_MAX_POSITION_QUANTITY:
    'The resulting position would exceed max_position_quantity shares in the symbol.',
  RISK_MAX_POSITION_NOTIONAL: 'The resulting position would exceed max_position_notional in value.',
  RISK_MAX_GROSS_EXPOSURE: 'The gross exposure after the order would exceed max_gross_exposure.',
  RISK_MAX_NET_EXPOSURE: 'The net exposure after the order would exceed max_net_exposure.',
  RISK_MAX_LEVERAGE: 'Gross exposure over equity after the order would exceed max_leverage.',
  RISK_CONCENTRATION:
    "The symbol's share of gross exposure would exceed max_concentration (once past concentration_floor).",
  RISK_CORRELATED_EXPOSURE:
    'Exposure moving with the symbol (correlation-weighted) would exceed max_correlated_exposure of equity.',
  RISK_MAX_DRAWDOWN: 'Equity is below its high-water mark by max_drawdown or more; new risk is refused.',
  RISK_ORDER_RATE: 'More than max_orders_per_window orders in the sliding rate_window.',
  RISK_MESSAGE_RATE: 'More than max_messages_per_window order messages in the sliding rate_window.',
  RISK_ORDER_NOTIONAL: 'The order is worth more than max_order_notional (fat-finger check).',
  RISK_PRICE_COLLAR: 'The limit or stop price lies further from the last price than price_collar allows.',
  RISK_INSUFFICIENT_BUYING_POWER: 'The margin account does not have the buying power for the order.',
  RISK_RESTRICTED_SYMBOL: 'The symbol is on the restricted list: no new or larger positions.',
  RISK_PATTERN_DAY_TRADER:
    'A margin account under 25,000 with 3 day trades in 5 business days may not make a fourth.',
  RISK_WASH_TRADE: "The order would trade against the account's own working order on the other side.",
  RISK_MANUAL_OVERRIDE:
    "Manual override mode is on: only operators' orders are accepted; strategies' signals are refused.",
} as const;
