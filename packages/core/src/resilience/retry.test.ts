import { describe, expect, it } from 'vitest';
import { AtsError } from '../errors/ats-error.js';
import { retryWithBackoff } from './retry.js';

describe('retryWithBackoff', () => {
  it('retries a retryable error with full-jitter exponential waits, then succeeds', async () => {
    const waits: number[] = [];
    let calls = 0;
    const result = await retryWithBackoff(
      async () => {
        calls++;
        if (calls < 4) throw new AtsError('DATA_PROVIDER_UNAVAILABLE', 'HTTP 503');
        return 'ok';
      },
      {
        attempts: 5,
        baseMilliseconds: 100,
        maxMilliseconds: 250,
        random: () => 0.5,
        sleep: async (ms) => void waits.push(ms),
      },
    );
    expect(result).toBe('ok');
    expect(waits).toEqual([50, 100, 125]);
  });

  it('does not retry an error that does not deserve it', async () => {
    let calls = 0;
    await expect(
      retryWithBackoff(
        async () => {
          calls++;
          throw new AtsError('UNAUTHORIZED', 'HTTP 401');
        },
        { attempts: 5, baseMilliseconds: 1, maxMilliseconds: 1, sleep: async () => {} },
      ),
    ).rejects.toThrow('HTTP 401');
    expect(calls).toBe(1);
  });

  it('waits at least the Retry-After a throttle answer asks for', async () => {
    const waits: number[] = [];
    let calls = 0;
    await retryWithBackoff(
      async () => {
        if (calls++ === 0)
          throw new AtsError('RATE_LIMITED', 'HTTP 429', { details: { retryAfterMilliseconds: 7_000 } });
        return 1;
      },
      {
        attempts: 2,
        baseMilliseconds: 100,
        maxMilliseconds: 1_000,
        random: () => 0.9,
        sleep: async (ms) => void waits.push(ms),
      },
    );
    expect(waits).toEqual([7_000]);
  });

  it('gives up at once when the provider asks for a wait longer than the caller accepts', async () => {
    let calls = 0;
    await expect(
      retryWithBackoff(
        async () => {
          calls++;
          throw new AtsError('RATE_LIMITED', 'daily limit', {
            details: { retryAfterMilliseconds: 3_600_000 },
          });
        },
        {
          attempts: 5,
          baseMilliseconds: 1,
          maxMilliseconds: 1,
          maxRetryAfterMilliseconds: 120_000,
          sleep: async () => {},
        },
      ),
    ).rejects.toThrow('daily limit');
    expect(calls).toBe(1);
  });

  it('throws the last error once the attempts run out', async () => {
    let calls = 0;
    await expect(
      retryWithBackoff(
        async () => {
          calls++;
          throw new AtsError('TIMEOUT', `attempt ${calls}`);
        },
        { attempts: 3, baseMilliseconds: 1, maxMilliseconds: 1, sleep: async () => {} },
      ),
    ).rejects.toThrow('attempt 3');
  });
});
