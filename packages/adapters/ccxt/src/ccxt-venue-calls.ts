// Every ccxt call of the adapter goes through here: Binance's Retry-After is honoured by all calls
// at once, queries are retried with backoff, and what is left of a failure becomes an AtsError.
import { AtsError } from '@ats/core';
import { type CcxtFailure, failureOf } from './ccxt-failure.js';

export interface VenueCallSettings {
  /** Retries of a 429 or of an unavailable venue before a call gives up. */
  readonly maxRetries: number;
  readonly retryBackoffMilliseconds: number;
  /** Waited when a 429 carries no Retry-After. */
  readonly defaultRetryAfterMilliseconds: number;
  readonly sleep: (milliseconds: number) => Promise<void>;
}

export class VenueCalls {
  /** The wait every request joins while a 429's Retry-After runs. */
  private pause: Promise<void> = Promise.resolve();

  constructor(private readonly settings: VenueCallSettings) {}

  get maxRetries(): number {
    return this.settings.maxRetries;
  }

  /** Runs one request after any rate-limit pause in force; failures are thrown as ccxt gave them. */
  async once<T>(request: () => Promise<T>): Promise<T> {
    await this.pause;
    return request();
  }

  /**
   * A request that is safe to repeat (a query, a cancel): retried after a 429 (waiting Retry-After)
   * or an unavailable venue (with doubling backoff); then an AtsError.
   */
  async retried<T>(what: string, request: () => Promise<T>): Promise<T> {
    let last: CcxtFailure | null = null;
    let cause: unknown = null;
    for (let attempt = 0; attempt <= this.settings.maxRetries; attempt++) {
      try {
        return await this.once(request);
      } catch (error) {
        const failure = failureOf(error);
        if (failure === null) throw error;
        last = failure;
        cause = error;
        if (failure.kind === 'rate-limited') {
          await this.rateLimited(failure);
          continue;
        }
        if (failure.kind === 'unavailable') {
          await this.backoff(attempt);
          continue;
        }
        throw toAtsError(what, failure, error);
      }
    }
    throw toAtsError(what, last ?? { kind: 'unavailable', message: 'no answer' }, cause);
  }

  /** Every request waits out Binance's Retry-After (or the default when it gave none). */
  async rateLimited(failure: Extract<CcxtFailure, { kind: 'rate-limited' }>): Promise<void> {
    const wait = failure.retryAfterMilliseconds ?? this.settings.defaultRetryAfterMilliseconds;
    this.pause = this.settings.sleep(wait);
    await this.pause;
  }

  async backoff(attempt: number): Promise<void> {
    await this.settings.sleep(this.settings.retryBackoffMilliseconds * 2 ** attempt);
  }
}

/** The AtsError a failure that could not be retried away becomes. */
export function toAtsError(what: string, failure: CcxtFailure, cause: unknown): AtsError {
  const message = `${what}: ${failure.message}`;
  switch (failure.kind) {
    case 'rate-limited':
      return new AtsError('RATE_LIMITED', message, { cause });
    case 'unavailable':
      return new AtsError('BROKER_UNAVAILABLE', message, { cause });
    case 'unauthorized':
      return new AtsError('UNAUTHORIZED', message, { cause });
    case 'not-found':
      return new AtsError('NOT_FOUND', message, { cause });
    case 'rejected':
      return new AtsError('BROKER_REJECTED', message, { cause });
  }
}
