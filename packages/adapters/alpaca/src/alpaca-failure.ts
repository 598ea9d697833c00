// Turns a failed Alpaca request into an AtsError: a rejection with Alpaca's message, or a retryable
// failure that says whether the request may have taken effect.
import { ApiError, FetchError } from '@alpacahq/alpaca-trade-api';
import { AtsError } from '@ats/core';

export type AlpacaFailureKind =
  /** Alpaca refused the request (403 buying power, 422 invalid, ...): it had no effect. */
  | 'rejected'
  | 'not-found'
  | 'unauthorized'
  /** 429: not processed; retry after the delay Alpaca gave. */
  | 'rate-limited'
  /** 5xx, a dropped connection or a timeout: the request may or may not have taken effect. */
  | 'unavailable';

export interface AlpacaFailure {
  readonly kind: AlpacaFailureKind;
  readonly status: number | null;
  /** Alpaca's message (its error envelope), or what went wrong on the way. */
  readonly message: string;
  /** Alpaca's numeric error code, when it sent one. */
  readonly alpacaCode: number | string | null;
  readonly retryAfterMilliseconds: number | null;
  readonly timedOut: boolean;
}

export function classifyAlpacaFailure(error: unknown): AlpacaFailure {
  if (error instanceof ApiError) {
    const status = error.status;
    const base = {
      status,
      message: error.message,
      alpacaCode: error.code ?? null,
      retryAfterMilliseconds: error.retryAfterMs ?? null,
      timedOut: false,
    };
    if (status === 429) return { kind: 'rate-limited', ...base };
    if (status === 401) return { kind: 'unauthorized', ...base };
    if (status === 404) return { kind: 'not-found', ...base };
    if (status >= 500) return { kind: 'unavailable', ...base };
    return { kind: 'rejected', ...base };
  }
  const cause = error instanceof FetchError ? error.cause : error;
  const name = cause instanceof Error ? cause.name : '';
  const detail = cause instanceof Error ? cause.message : String(cause);
  return {
    kind: 'unavailable',
    status: null,
    message: detail === '' ? 'the request failed' : detail,
    alpacaCode: null,
    retryAfterMilliseconds: null,
    timedOut: name === 'TimeoutError' || name === 'AbortError',
  };
}

/** The AtsError a caller sees; `details.outcomeUnknown` says a write may have taken effect. */
export function alpacaError(operation: string, failure: AlpacaFailure, outcomeUnknown: boolean): AtsError {
  const details = {
    operation,
    status: failure.status,
    alpacaCode: failure.alpacaCode,
    outcomeUnknown,
  };
  const message = `Alpaca ${operation}: ${failure.message}`;
  switch (failure.kind) {
    case 'rejected':
      return new AtsError('BROKER_REJECTED', message, { details });
    case 'not-found':
      return new AtsError('NOT_FOUND', message, { details });
    case 'unauthorized':
      return new AtsError('UNAUTHORIZED', message, { details });
    case 'rate-limited':
      return new AtsError('RATE_LIMITED', message, { details });
    case 'unavailable':
      return new AtsError(failure.timedOut ? 'TIMEOUT' : 'BROKER_UNAVAILABLE', message, { details });
  }
}
