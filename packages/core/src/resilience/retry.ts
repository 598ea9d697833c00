// Retry with exponential backoff and full jitter, only for errors that deserve another attempt.
import { AtsError } from '../errors/ats-error.js';

export interface RetryOptions {
  /** Attempts in all, the first included. */
  readonly attempts: number;
  /** The first backoff ceiling; each retry doubles it. */
  readonly baseMilliseconds: number;
  readonly maxMilliseconds: number;
  /** Uniform in [0, 1): the jitter source. */
  readonly random?: () => number;
  /** Waits (core has no timers of its own: the caller passes setTimeout's promise or a test clock). */
  readonly sleep: (milliseconds: number) => Promise<void>;
  /** Whether an error deserves a retry; by default an AtsError marked retryable. */
  readonly shouldRetry?: (error: unknown) => boolean;
  /**
   * The longest wait a provider may ask for before the call gives up instead (Alpha Vantage's daily
   * limit asks for hours); by default any wait is honoured.
   */
  readonly maxRetryAfterMilliseconds?: number;
  /** Called before each wait, for logs and metrics. */
  readonly onRetry?: (error: unknown, attempt: number, delayMilliseconds: number) => void;
}

/** A retryable AtsError, or a network failure (fetch's TypeError) before any answer came. */
export function isRetryableError(error: unknown): boolean {
  if (error instanceof AtsError) return error.retryable;
  return false;
}

/** The wait a provider asked for (Retry-After, a throttle answer), carried in AtsError details. */
export function retryAfterOf(error: unknown): number | null {
  if (!(error instanceof AtsError)) return null;
  const value = error.details.retryAfterMilliseconds;
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : null;
}

/**
 * Runs `operation` until it succeeds, an error does not deserve a retry, or the attempts run out (then
 * the last error is thrown). Waits are full-jitter exponential (random in [0, min(max, base·2^n)]) so
 * clients thrown off together do not come back together, and never shorter than a Retry-After.
 */
export async function retryWithBackoff<T>(operation: () => Promise<T>, options: RetryOptions): Promise<T> {
  const random = options.random ?? Math.random;
  const sleep = options.sleep;
  const shouldRetry = options.shouldRetry ?? isRetryableError;
  for (let attempt = 1; ; attempt++) {
    try {
      return await operation();
    } catch (error) {
      if (attempt >= options.attempts || !shouldRetry(error)) throw error;
      const asked = retryAfterOf(error);
      if (asked !== null && asked > (options.maxRetryAfterMilliseconds ?? Number.POSITIVE_INFINITY))
        throw error;
      const ceiling = Math.min(options.maxMilliseconds, options.baseMilliseconds * 2 ** (attempt - 1));
      const jittered = Math.floor(random() * ceiling);
      const delay = Math.max(jittered, asked ?? 0);
      options.onRetry?.(error, attempt, delay);
      await sleep(delay);
    }
  }
}

/** What a rate-limited call needs of a limiter (a TokenBucket, or TokenBuckets for stacked limits). */
export interface RequestLimiter {
  /** Resolves with the function to call once the request's answer came. */
  take(): Promise<() => void>;
  pauseFor(milliseconds: number): void;
}

/**
 * One provider request under its limiter and retry policy: every attempt takes a token first (so
 * retries count against the limit too), and a rate-limit answer pauses the limiter for the wait the
 * provider asked, so the requests queued behind this one wait as well.
 */
export function rateLimitedCall<T>(
  attempt: () => Promise<T>,
  options: { readonly limiter: RequestLimiter; readonly retry: RetryOptions },
): Promise<T> {
  return retryWithBackoff(async () => {
    const done = await options.limiter.take();
    try {
      const result = await attempt();
      done();
      return result;
    } catch (error) {
      done();
      const wait = retryAfterOf(error);
      if (error instanceof AtsError && error.code === 'RATE_LIMITED' && wait !== null)
        options.limiter.pauseFor(wait);
      throw error;
    }
  }, options.retry);
}
