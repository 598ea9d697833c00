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
