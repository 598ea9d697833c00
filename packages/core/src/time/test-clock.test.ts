// The test clock: time only moves forward, and due timers fire in order as it moves.
import { describe, expect, it } from 'vitest';
import { TestClock } from './clock.js';

describe('TestClock', () => {
  it('moves to the time asked with no timer set, and refuses to go back', () => {
    const clock = new TestClock(1_000);
    clock.advanceTo(5_000);
    expect(clock.now()).toBe(5_000);
    clock.advanceBy(250);
    expect(clock.now()).toBe(5_250);
    expect(() => clock.advanceTo(5_000)).toThrow(RangeError);
  });

  it('fires due timers by time then by the order they were set, each seeing its own time, and not a canceled one', () => {
    const clock = new TestClock(0);
    const fired: string[] = [];
    clock.setTimer(300, () => fired.push(`c@${clock.now()}`));
    clock.setTimer(100, () => fired.push(`a@${clock.now()}`));
    clock.setTimer(100, () => fired.push(`b@${clock.now()}`));
    const cancel = clock.setTimer(200, () => fired.push('canceled'));
    clock.setTimer(900, () => fired.push('later'));
    cancel();
    clock.advanceTo(400);
    expect(fired).toEqual(['a@100', 'b@100', 'c@300']);
    expect(clock.now()).toBe(400);
    clock.advanceTo(1_000);
    expect(fired).toEqual(['a@100', 'b@100', 'c@300', 'later']);
  });
});
