// Tests of the token bucket: a full burst at once, then requests spaced to the refill rate.
import { describe, expect, it } from 'vitest';
import { TokenBucket } from './token-bucket.js';

describe('TokenBucket', () => {
  it('lets a burst of its capacity through, then waits one refill step per request', async () => {
    let now = 0;
    const waits: number[] = [];
    const bucket = new TokenBucket({
      capacity: 200,
      refillMilliseconds: 60_000,
      now: () => now,
      sleep: async (milliseconds) => {
        waits.push(milliseconds);
        now += milliseconds;
      },
    });
    for (let index = 0; index < 200; index++) await bucket.take();
    expect(waits).toEqual([]);
    await bucket.take();
    await bucket.take();
    // 60,000 ms / 200 tokens: one request every 300 ms once the burst is spent.
    expect(waits).toEqual([300, 300]);
  });
});
