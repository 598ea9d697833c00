// Tests of what a ccxt error means for the adapter, whichever of ccxt's tables classed it.
import { ExchangeNotAvailable, InsufficientFunds, OperationRejected, RateLimitExceeded } from 'ccxt';
import { describe, expect, it } from 'vitest';
import { failureOf, isDuplicateOrder } from './ccxt-failure.js';

describe('failureOf', () => {
  it("quotes Binance's message for a refusal", () => {
    const error = Object.assign(new InsufficientFunds('binance {"code":-2010,...}'), {
      venueCode: -2010,
      venueMessage: 'Account has insufficient balance for requested action.',
    });
    expect(failureOf(error)).toEqual({
      kind: 'rejected',
      message: 'Account has insufficient balance for requested action.',
    });
  });

  it("classes Binance's key and unknown-order codes the same on the spot host, where ccxt calls them OperationRejected", () => {
    const badKey = Object.assign(new OperationRejected('binance'), {
      venueCode: -2014,
      venueMessage: 'API-key format invalid.',
    });
    const unknown = Object.assign(new OperationRejected('binance'), {
      venueCode: -2011,
      venueMessage: 'Unknown order sent.',
    });
    expect(failureOf(badKey)?.kind).toBe('unauthorized');
    expect(failureOf(unknown)?.kind).toBe('not-found');
  });

  it('keeps Retry-After in milliseconds and treats a 5xx as an unknown outcome', () => {
    const limited = Object.assign(new RateLimitExceeded('binance 429'), { retryAfterSeconds: 3 });
    expect(failureOf(limited)).toMatchObject({ kind: 'rate-limited', retryAfterMilliseconds: 3000 });
    expect(failureOf(new ExchangeNotAvailable('binance 503'))?.kind).toBe('unavailable');
  });

  it('recognises a duplicate client order id and leaves errors that are not ccxt’s alone', () => {
    const duplicate = Object.assign(new OperationRejected('binance'), {
      venueCode: -2010,
      venueMessage: 'Duplicate order sent.',
    });
    const failure = failureOf(duplicate);
    expect(failure && isDuplicateOrder(failure)).toBe(true);
    expect(failureOf(new Error('a bug'))).toBeNull();
  });
});
