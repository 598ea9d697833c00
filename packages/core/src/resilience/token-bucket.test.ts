import { describe, expect, it } from 'vitest';
import { TokenBucket, TokenBuckets } from './token-bucket.js';

/** A manual clock: sleep advances time, so a test runs the limiter's schedule instantly. */
function manualClock() {
  let time = 0;
  return {
    now: () => time,
    sleep: async (milliseconds: number) => {
      time += milliseconds;
    },
  };
}

function maxInAnyWindow(times: readonly number[], window: number): number {
  let most = 0;
  for (let start = 0; start < times.length; start++) {
    let count = 0;
    for (
      let index = start;
      index < times.length && (times[index] as number) < (times[start] as number) + window;
      index++
    )
      count++;
    most = Math.max(most, count);
  }
  return most;
}

describe('TokenBucket', () => {
  it('never lets one window hold more takes than the capacity, even across a window boundary', async () => {
    const clock = manualClock();
    const bucket = new TokenBucket({ capacity: 5, windowMilliseconds: 60_000, ...clock });
    const times: number[] = [];
    for (let index = 0; index < 23; index++) {
      await bucket.take();
      times.push(clock.now());
    }
    expect(maxInAnyWindow(times, 60_000)).toBe(5);
    // 23 takes at 5 a minute: the last starts in the fifth minute.
    expect(times.at(-1)).toBe(240_000);
  });

  it('hands out no token while paused by a throttle answer, then resumes', async () => {
    const clock = manualClock();
    const bucket = new TokenBucket({ capacity: 100, windowMilliseconds: 1_000, ...clock });
    await bucket.take();
    bucket.pauseFor(30_000);
    await bucket.take();
    expect(clock.now()).toBe(30_000);
  });

  it('serves concurrent takers in order, one token each', async () => {
    const clock = manualClock();
    const bucket = new TokenBucket({ capacity: 2, windowMilliseconds: 1_000, ...clock });
    const order: number[] = [];
    await Promise.all([0, 1, 2, 3].map((index) => bucket.take().then(() => order.push(index))));
    expect(order).toEqual([0, 1, 2, 3]);
    expect(clock.now()).toBe(1_000);
  });

  it('counts the window from when the request finished, so a slow answer cannot crowd the next window', async () => {
    const clock = manualClock();
    const bucket = new TokenBucket({ capacity: 1, windowMilliseconds: 1_000, ...clock });
    const done = await bucket.take();
    await clock.sleep(400); // the answer takes 400 ms
    done();
    await bucket.take();
    expect(clock.now()).toBe(1_400);
  });

  it('refuses a capacity that is not a positive integer', () => {
    expect(() => new TokenBucket({ capacity: 0, windowMilliseconds: 1, ...manualClock() })).toThrow(
      /capacity/,
    );
  });

  it('takes a token of every bucket when limits stack (per minute and per day)', async () => {
    const clock = manualClock();
    const minute = new TokenBucket({ capacity: 5, windowMilliseconds: 60_000, ...clock });
    const day = new TokenBucket({ capacity: 7, windowMilliseconds: 86_400_000, ...clock });
    const both = new TokenBuckets([minute, day]);
    for (let index = 0; index < 8; index++) await both.take();
    expect(clock.now()).toBe(86_400_000);
  });
});
