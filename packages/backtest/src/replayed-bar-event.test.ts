// The reused bar event's id, built when read, is the id a fresh event per bar would have had.
import { type Bar, IdGenerator, Price, SeededRandom, type Ticker } from '@ats/core';
import { describe, expect, it } from 'vitest';
import { ReplayedBarEvent } from './replayed-bar-event.js';

function barAt(time: number): Bar {
  const price = Price.of('10');
  return {
    symbol: 'ORCL' as Ticker,
    timeframe: '1d',
    time,
    open: price,
    high: price,
    low: price,
    close: price,
    volume: 100,
  };
}

describe('ReplayedBarEvent', () => {
  it('reads as the id eventId() gives at each bar, read or not, and keeps later ids the same', () => {
    const eager = new IdGenerator(new SeededRandom(11));
    const lazy = new IdGenerator(new SeededRandom(11));
    const event = new ReplayedBarEvent(lazy, barAt(0));
    const expected: string[] = [];
    const read: string[] = [];
    for (let bar = 0; bar < 5; bar++) {
      expected.push(eager.eventId());
      event.next(barAt(bar * 86_400_000));
      // Every other bar's id is never read.
      if (bar % 2 === 0) read.push(event.id, event.id);
      expect(event.occurredAt).toBe(bar * 86_400_000);
      expect(event.bar.time).toBe(bar * 86_400_000);
    }
    expect(read).toEqual([expected[0], expected[0], expected[2], expected[2], expected[4], expected[4]]);
    expect(lazy.orderId()).toBe(eager.orderId());
  });
});
