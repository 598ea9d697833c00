// Tests the watchdog's notion of silence: nothing counts while the market is closed, a quiet night does
// not trigger a reconnect at the open, and silence during trading past the limit does.
import { ReplayDataClient } from '@ats/adapter-files';
import { IdGenerator, SeededRandom, type Ticker } from '@ats/core';
import { InProcessMessageBus } from '@ats/engine';
import { describe, expect, it } from 'vitest';
import { type FeedEvent, MarketFeed } from './market-feed.js';

const pause = (milliseconds: number) => new Promise((resolve) => setTimeout(resolve, milliseconds));

describe('MarketFeed watchdog', () => {
  it('counts silence only while trading, from the open, and reconnects past the limit', async () => {
    let wall = 0;
    let trading = false;
    const events: FeedEvent[] = [];
    // A replay with nothing to play: connected, and silent.
    const provider = new ReplayDataClient({ records: [], speed: 1, now: () => wall });
    const feed = new MarketFeed({
      providers: [provider],
      symbols: ['SPY' as Ticker],
      ingest: () => {},
      bus: new InProcessMessageBus(),
      ids: new IdGenerator(new SeededRandom(1)),
      now: () => wall,
      isTrading: () => trading,
      silentAfterMilliseconds: 500,
      checkEveryMilliseconds: 10,
      onEvent: (event) => events.push(event),
    });
    await feed.start();
    try {
      wall = 100_000; // a whole night without a message, market closed
      await pause(60);
      expect(events).toEqual([]);
      trading = true; // the open: silence counts from here
      await pause(60);
      wall = 100_400;
      await pause(60);
      expect(events).toEqual([]);
      wall = 100_600;
      await pause(100);
      expect(events.map((event) => event.kind).slice(0, 2)).toEqual(['silent', 'reconnected']);
    } finally {
      await feed.stop();
    }
  });
});
