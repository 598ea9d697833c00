// The catalogue of error codes: every code the platform raises, documented once and never reused.
import { riskCheckOutcomes } from './risk-check-codes.js';

/** Each entry: the code, whether retrying the same operation may succeed, and what it means. */
export const errorCatalogue = {
  INVARIANT_VIOLATED: {
    retryable: false,
    meaning: 'A programming invariant was broken (NaN price, illegal transition).',
  },
  INVALID_INPUT: {
    retryable: false,
    meaning: 'Input from outside (a quote, request, config, message) is malformed.',
  },
  CONFIG_INVALID: { retryable: false, meaning: 'The configuration failed validation at start.' },
  NOT_FOUND: { retryable: false, meaning: 'The requested entity does not exist.' },
  CONFLICT: { retryable: false, meaning: 'The operation conflicts with the current state.' },
  DATABASE_UNAVAILABLE: { retryable: true, meaning: 'The database could not be reached.' },
  DATABASE_QUERY_FAILED: { retryable: false, meaning: 'The database rejected a statement.' },
  BUS_UNAVAILABLE: { retryable: true, meaning: 'The message bus transport could not be reached.' },
  BROKER_UNAVAILABLE: { retryable: true, meaning: 'The broker or venue could not be reached.' },
  BROKER_REJECTED: { retryable: false, meaning: 'The broker rejected the request.' },
  DATA_PROVIDER_UNAVAILABLE: { retryable: true, meaning: 'A market data provider could not be reached.' },
  RATE_LIMITED: { retryable: true, meaning: 'A rate limit was hit; retry after the given delay.' },
  TIMEOUT: { retryable: true, meaning: 'An operation did not complete in time.' },
  SERVICE_UNAVAILABLE: { retryable: true, meaning: 'A platform service is not healthy.' },
  UNAUTHORIZED: { retryable: false, meaning: 'Authentication is missing or invalid.' },
  FORBIDDEN: { retryable: false, meaning: 'The credentials are valid but their role may not do this.' },
  RESOURCE_LOCKED: {
    retryable: false,
    meaning: 'Another live process owns the resource (an embedded store, a deployment); stop it first.',
  },
  QUEUE_FULL: { retryable: true, meaning: 'A bounded work queue is full; submit again later.' },
} as const;

export type ErrorCode = keyof typeof errorCatalogue;

/**
 * Codes of expected business outcomes that travel in events and results rather than exceptions
 * (risk denials, broker rejections, rejected market data).
 */
export const outcomeCatalogue = {
  RISK_MAX_POSITION_SIZE: 'The resulting position would exceed max_position_size of equity.',
  RISK_MAX_SECTOR_EXPOSURE: 'The resulting sector exposure would exceed max_sector_exposure of equity.',
  RISK_DAILY_LOSS_LIMIT: 'The day loss has reached daily_loss_limit; new risk is refused.',
  RISK_INSUFFICIENT_CASH: 'The account does not have the cash for the order.',
  RISK_ZERO_QUANTITY: 'Sizing produced a quantity of zero.',
  RISK_NO_PRICE: 'No reference price is known for the instrument.',
  RISK_TRADING_HALTED: 'Trading is halted by an operator or by the kill switch.',
  RISK_NOTHING_TO_CLOSE: 'A flat signal arrived with no open position.',
  RISK_ALREADY_POSITIONED: 'The position already points the way of the signal.',
  RISK_UNKNOWN_INSTRUMENT: 'The signal names an instrument that is not configured.',
  RISK_ORDER_PENDING: 'An order of the same strategy and symbol is still working.',
  RISK_SHORT_NOT_ALLOWED: 'Short selling is disabled by risk_limits.allow_short.',
  RISK_SYMBOL_HALTED:
    'Trading in the symbol is halted (its position disagrees with the venue) until resolved through the API.',
  RISK_STALE_PRICE:
    'The last price of the symbol is older than risk_limits.max_price_age; waiting for a fresh quote.',
  ...riskCheckOutcomes,
  EXECUTION_APPROVAL_STALE: 'The approval is older than execution.max_approval_age; its prices are stale.',
  EXECUTION_JOURNAL_FAILED: 'The order could not be stored, so it was not sent.',
  QUOTE_PRICE_NOT_POSITIVE: 'A price is zero or negative.',
  QUOTE_PRICE_NOT_FINITE: 'A price is NaN or infinite.',
  QUOTE_CROSSED: 'The bid is above the ask.',
  QUOTE_FROM_FUTURE: 'The timestamp is later than now plus the allowed skew.',
  QUOTE_STALE: 'The timestamp is older than the previous quote of the symbol.',
  QUOTE_UNKNOWN_SYMBOL: 'The symbol is not a configured instrument.',
  QUOTE_NEGATIVE_VOLUME: 'A size or volume is negative or not an integer.',
  QUOTE_OUTLIER:
    'The price moved further from the median of recent prices than the outlier threshold allows, and the following quotes did not confirm the move.',
  QUOTE_DUPLICATE:
    'The quote repeats the previous quote of the symbol exactly (same time, prices and sizes) and carries no volume.',
  ORDER_REJECTED_BY_VENUE: 'The venue rejected the order.',
  ORDER_INSUFFICIENT_LIQUIDITY: 'The venue could not fill the order under its rules (IOC/FOK).',
  ORDER_INSUFFICIENT_BUYING_POWER: 'The account cannot pay for the order (cash, or margin buying power).',
  ORDER_SHORT_SALE_NOT_ALLOWED: 'The sale would open or grow a short position the account may not hold.',
  ORDER_NOT_BORROWABLE: 'The symbol is not on the easy-to-borrow list, so it cannot be sold short.',
  ORDER_NOT_SUPPORTED: 'The venue does not take an order of this kind (for example OPG with a stop).',
} as const;

export type OutcomeCode = keyof typeof outcomeCatalogue;
