// The limits of the pre-trade check chain: their keys, their validation, and the permissive set that
// turns each one off (a backtest's default). Fractions are of equity unless said otherwise.
import { AtsError } from '@ats/core';

export interface PreTradeLimits {
  /** Largest position in one symbol as a fraction of equity (spec: 0.10). */
  readonly maxPositionSize: number;
  /** Largest position in one symbol in shares (absolute). */
  readonly maxPositionQuantity: number;
  /** Largest position in one symbol in value (currency units). */
  readonly maxPositionNotional: number;
  /** Largest gross exposure to one sector as a fraction of equity (spec: 0.30). */
  readonly maxSectorExposure: number;
  /** Largest sum of |position values| (currency units). */
  readonly maxGrossExposure: number;
  /** Largest |sum of signed position values| (currency units). */
  readonly maxNetExposure: number;
  /** Largest gross exposure over equity. */
  readonly maxLeverage: number;
  /** Largest share of gross exposure in one symbol, checked once gross ≥ concentrationFloor × equity. */
  readonly maxConcentration: number;
  readonly concentrationFloor: number;
  /** Largest correlation-weighted exposure moving with the symbol, as a fraction of equity. */
  readonly maxCorrelatedExposure: number;
  /** Once the day's loss reaches this (currency units), only risk-reducing orders pass (spec: 10000). */
  readonly dailyLossLimit: number;
  /** Once equity is this fraction below its high-water mark, only risk-reducing orders pass. */
  readonly maxDrawdown: number;
  /** Orders (and order messages: orders, cancels, modifies) allowed in the sliding rate window. */
  readonly maxOrdersPerWindow: number;
  readonly maxMessagesPerWindow: number;
  readonly rateWindowMilliseconds: number;
  /** Fat-finger: the largest value of one order (currency units). */
  readonly maxOrderNotional: number;
  /** Fat-finger: how far (fraction) a limit or stop price may lie from the last price. */
  readonly priceCollar: number;
}

export type PreTradeLimitKey = keyof PreTradeLimits;

/** Every limit key with its config name and whether it must be a whole number or a fraction. */
export const preTradeLimitKeys: Readonly<
  Record<
    PreTradeLimitKey,
    { readonly configKey: string; readonly kind: 'fraction' | 'ratio' | 'money' | 'count' }
  >
> = {
  maxPositionSize: { configKey: 'max_position_size', kind: 'fraction' },
  maxPositionQuantity: { configKey: 'max_position_quantity', kind: 'count' },
  maxPositionNotional: { configKey: 'max_position_notional', kind: 'money' },
  maxSectorExposure: { configKey: 'max_sector_exposure', kind: 'fraction' },
  maxGrossExposure: { configKey: 'max_gross_exposure', kind: 'money' },
  maxNetExposure: { configKey: 'max_net_exposure', kind: 'money' },
  maxLeverage: { configKey: 'max_leverage', kind: 'ratio' },
  maxConcentration: { configKey: 'max_concentration', kind: 'fraction' },
  concentrationFloor: { configKey: 'concentration_floor', kind: 'fraction' },
  maxCorrelatedExposure: { configKey: 'max_correlated_exposure', kind: 'ratio' },
  dailyLossLimit: { configKey: 'daily_loss_limit', kind: 'money' },
  maxDrawdown: { configKey: 'max_drawdown', kind: 'fraction' },
  maxOrdersPerWindow: { configKey: 'max_orders_per_window', kind: 'count' },
  maxMessagesPerWindow: { configKey: 'max_messages_per_window', kind: 'count' },
  rateWindowMilliseconds: { configKey: 'rate_window_ms', kind: 'count' },
  maxOrderNotional: { configKey: 'max_order_notional', kind: 'money' },
  priceCollar: { configKey: 'price_collar', kind: 'ratio' },
};

const byConfigKey = new Map(
  Object.entries(preTradeLimitKeys).map(([key, entry]) => [entry.configKey, key as PreTradeLimitKey]),
);

/** The limit named by its config key (as the API and the database spell it), or an error naming it. */
export function limitKeyOf(configKey: string): PreTradeLimitKey {
  const key = byConfigKey.get(configKey);
  if (!key)
    throw new AtsError(
      'INVALID_INPUT',
      `limit '${configKey}' is unknown; known limits: ${[...byConfigKey.keys()].join(', ')}`,
    );
  return key;
}

/** The largest value a stored limit may take (the column holds 16 digits before the point). */
export const maximumLimitValue = 1e12;

/**
 * Parses and validates one limit value given as text or a number: finite, not negative, a whole number
 * for counts, at most 1 for fractions. Throws an INVALID_INPUT error naming the limit.
 */
export function parseLimitValue(key: PreTradeLimitKey, value: unknown): number {
  const { configKey, kind } = preTradeLimitKeys[key];
  const number =
    typeof value === 'string' && /^-?[0-9]+(\.[0-9]+)?$/.test(value.trim()) ? Number(value) : value;
  if (typeof number !== 'number' || !Number.isFinite(number))
    throw new AtsError(
      'INVALID_INPUT',
      `${configKey}: must be a finite number, got ${JSON.stringify(value)}`,
    );
  if (number < 0) throw new AtsError('INVALID_INPUT', `${configKey}: must not be negative, got ${number}`);
  if (number > maximumLimitValue)
    throw new AtsError('INVALID_INPUT', `${configKey}: must be at most ${maximumLimitValue}, got ${number}`);
  if (kind === 'count' && !Number.isInteger(number))
    throw new AtsError('INVALID_INPUT', `${configKey}: must be a whole number, got ${number}`);
  if (kind === 'fraction' && number > 1)
    throw new AtsError('INVALID_INPUT', `${configKey}: a fraction must be at most 1, got ${number}`);
  if (key === 'rateWindowMilliseconds' && number === 0)
    throw new AtsError('INVALID_INPUT', `${configKey}: the rate window must be longer than 0 ms`);
  return number;
}

/** Every check turned off: what a backtest uses unless told otherwise (all in, no loss limit). */
export const permissivePreTradeLimits: PreTradeLimits = {
  maxPositionSize: 1,
  maxPositionQuantity: Number.MAX_SAFE_INTEGER,
  maxPositionNotional: Number.POSITIVE_INFINITY,
  maxSectorExposure: 1,
  maxGrossExposure: Number.POSITIVE_INFINITY,
  maxNetExposure: Number.POSITIVE_INFINITY,
  maxLeverage: Number.POSITIVE_INFINITY,
  maxConcentration: 1,
  concentrationFloor: 1,
  maxCorrelatedExposure: Number.POSITIVE_INFINITY,
  dailyLossLimit: Number.POSITIVE_INFINITY,
  maxDrawdown: 1,
  maxOrdersPerWindow: Number.MAX_SAFE_INTEGER,
  maxMessagesPerWindow: Number.MAX_SAFE_INTEGER,
  rateWindowMilliseconds: 1_000,
  maxOrderNotional: Number.POSITIVE_INFINITY,
  priceCollar: Number.POSITIVE_INFINITY,
};
