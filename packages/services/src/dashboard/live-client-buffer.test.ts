// The per-browser buffer: bounded, latest-wins topics coalesced, the oldest dropped and reported.
import { describe, expect, it } from 'vitest';
import { LiveClientBuffer, type LiveFrame } from './live-client-buffer.js';

const frame = (text: string, coalesceKey: string | null = null): LiveFrame => ({
  topic: 't',
  coalesceKey,
  text,
});

describe('LiveClientBuffer', () => {
  it('hands frames out in arrival order, a batch at a time', () => {
    const buffer = new LiveClientBuffer(10);
    for (const text of ['a', 'b', 'c']) buffer.push(frame(text));
    expect(buffer.take(2)).toEqual(['a', 'b']);
    expect(buffer.take(2)).toEqual(['c']);
    expect(buffer.size).toBe(0);
  });

  it('keeps only the newest frame of a latest-wins key, in the place of the first', () => {
    const buffer = new LiveClientBuffer(10);
    buffer.push(frame('quote 1', 'market_data.AAPL'));
    buffer.push(frame('fill'));
    buffer.push(frame('quote 2', 'market_data.AAPL'));
    const taken = buffer.take(10);
    expect(taken.slice(1)).toEqual(['quote 2', 'fill']);
    expect(taken[0]).toContain('"coalesced":1');
    expect(buffer.counts()).toMatchObject({ coalesced: 1, dropped: 0, buffered: 0 });
  });

  it('never holds more than its capacity: the oldest frames are dropped, counted and announced once', () => {
    const buffer = new LiveClientBuffer(100);
    for (let index = 0; index < 10_000; index += 1) buffer.push(frame(`event ${index}`));
    expect(buffer.size).toBe(100);
    const taken = buffer.take(1_000);
    expect(taken[0]).toBe('event: dropped\ndata: {"dropped":9900,"coalesced":0}\n\n');
    expect(taken[1]).toBe('event 9900');
    expect(taken.at(-1)).toBe('event 9999');
    expect(buffer.take(10)).toEqual([]);
    expect(buffer.counts()).toEqual({ coalesced: 0, dropped: 9_900, sent: 101, buffered: 0 });
  });

  it('drops the oldest latest-wins frame too when it is the oldest', () => {
    const buffer = new LiveClientBuffer(2);
    buffer.push(frame('quote', 'market_data.AAPL'));
    buffer.push(frame('fill 1'));
    buffer.push(frame('fill 2'));
    expect(buffer.take(10).slice(1)).toEqual(['fill 1', 'fill 2']);
  });

  it('refuses a capacity that is not a positive integer', () => {
    expect(() => new LiveClientBuffer(0)).toThrow(/positive integer/);
  });
});
