// What a failed ccxt call means for the adapter: refused by the venue (final), not found, rate
// limited (wait and retry), unavailable (outcome unknown), or refused credentials.
import {
  AuthenticationError,
  BaseError,
  DDoSProtection,
  ExchangeError,
  NetworkError,
  OrderNotFound,
  PermissionDenied,
  RateLimitExceeded,
} from 'ccxt';
import type { VenueErrorFacts } from './binance-exchange.js';

/** -2014 API-key format invalid, -2015 invalid API-key, IP or permissions, -1022 invalid signature. */
const unauthorizedCodes = new Set([-2014, -2015, -1022]);
/** -2013 Order does not exist, -2011 Unknown order sent (a cancel of an order that is not open). */
const unknownOrderCodes = new Set([-2013, -2011]);

export type CcxtFailure =
  | { readonly kind: 'rejected'; readonly message: string }
  | { readonly kind: 'not-found'; readonly message: string }
  | {
      readonly kind: 'rate-limited';
      readonly message: string;
      readonly retryAfterMilliseconds: number | null;
    }
  | { readonly kind: 'unavailable'; readonly message: string }
  | { readonly kind: 'unauthorized'; readonly message: string };

/** The failure a ccxt error stands for; null for anything that is not ccxt's (a bug: rethrow it). */
export function failureOf(error: unknown): CcxtFailure | null {
  if (!(error instanceof BaseError)) return null;
  const facts = error as BaseError & VenueErrorFacts;
  // Binance's own sentence when it sent one; ccxt's message (which embeds the body) otherwise.
  const message = facts.venueMessage ?? error.message;
  if (error instanceof RateLimitExceeded || error instanceof DDoSProtection) {
    return {
      kind: 'rate-limited',
      message,
      retryAfterMilliseconds: facts.retryAfterSeconds === undefined ? null : facts.retryAfterSeconds * 1000,
    };
  }
  if (error instanceof NetworkError) return { kind: 'unavailable', message };
  // Binance's codes decide where ccxt's classes differ by host (its spot table calls -2014 and -2011
  // OperationRejected; its general one AuthenticationError and OrderNotFound).
  if (facts.venueCode !== undefined && unauthorizedCodes.has(facts.venueCode))
    return { kind: 'unauthorized', message };
  if (facts.venueCode !== undefined && unknownOrderCodes.has(facts.venueCode))
    return { kind: 'not-found', message };
  if (error instanceof AuthenticationError || error instanceof PermissionDenied) {
    return { kind: 'unauthorized', message };
  }
  if (error instanceof OrderNotFound) return { kind: 'not-found', message };
  if (error instanceof ExchangeError) return { kind: 'rejected', message };
  // ccxt's OperationFailed and the like: the venue may or may not have acted.
  return { kind: 'unavailable', message };
}

/** Binance refuses a second order with a client order id that is still open in these words. */
export function isDuplicateOrder(failure: CcxtFailure): boolean {
  return failure.kind === 'rejected' && /duplicate order/i.test(failure.message);
}
