// Classifies a market data provider's failed answer into an AtsError that says whether a retry is due.
import { AtsError } from '../errors/ats-error.js';

/** A Retry-After header (seconds or an HTTP date) in ms from `now`; null when absent or unreadable. */
export function retryAfterMilliseconds(header: string | null | undefined, now: number): number | null {
  if (header === null || header === undefined || header.trim() === '') return null;
  const seconds = Number(header);
  if (Number.isFinite(seconds) && seconds >= 0) return Math.round(seconds * 1000);
  const date = Date.parse(header);
  return Number.isNaN(date) ? null : Math.max(0, date - now);
}

/**
 * An HTTP answer that is not a success: 429 is a rate limit (retried after the provider's delay, or
 * `defaultThrottleMilliseconds`); 5xx, 408 and 425 are a provider outage (retried); 401 and 403 are
 * credentials (never retried); any other 4xx is a request the provider refuses (never retried).
 */
export function providerHttpFailure(
  provider: string,
  status: number,
  message: string,
  retryAfter: number | null,
  defaultThrottleMilliseconds = 60_000,
): AtsError {
  const text = `${provider}: HTTP ${status}${message ? `: ${message}` : ''}`;
  const details = { provider, status };
  if (status === 429)
    return new AtsError('RATE_LIMITED', text, {
      details: { ...details, retryAfterMilliseconds: retryAfter ?? defaultThrottleMilliseconds },
    });
  if (status >= 500 || status === 408 || status === 425)
    return new AtsError('DATA_PROVIDER_UNAVAILABLE', text, { details });
  if (status === 401 || status === 403) return new AtsError('UNAUTHORIZED', text, { details });
  return new AtsError('INVALID_INPUT', text, { details });
}

/** A request that got no answer (refused connection, reset, DNS): retryable. */
export function providerNetworkFailure(provider: string, cause: unknown): AtsError {
  const detail =
    cause instanceof Error
      ? cause.cause instanceof Error
        ? cause.cause.message
        : cause.message
      : String(cause);
  return new AtsError('DATA_PROVIDER_UNAVAILABLE', `${provider}: no answer (${detail})`, {
    cause,
    details: { provider },
  });
}

/** A provider's in-body throttle answer (Alpha Vantage's "Note"/"Information"): a rate limit. */
export function providerThrottled(provider: string, message: string, retryAfter: number): AtsError {
  return new AtsError('RATE_LIMITED', `${provider}: throttled: ${message}`, {
    details: { provider, retryAfterMilliseconds: retryAfter },
  });
}
