// Event ids taken as numbers and built later are the ids eventId() makes, and leave later ids unchanged.
import { describe, expect, it } from 'vitest';
import { SeededRandom } from '../time/random-source.js';
import { IdGenerator } from './id-generator.js';

describe('IdGenerator event numbers', () => {
  it('builds from a taken event number the id eventId() gives at the same point', () => {
    const eager = new IdGenerator(new SeededRandom(7));
    const lazy = new IdGenerator(new SeededRandom(7));
    const eagerIds = [eager.eventId(), eager.orderId(), eager.eventId()];
    const first = lazy.nextEventNumber();
    const order = lazy.orderId();
    const third = lazy.nextEventNumber();
    expect([lazy.eventIdOf(first), order, lazy.eventIdOf(third)]).toEqual(eagerIds);
  });

  it('makes the same later ids whether or not a taken event id is ever built', () => {
    const built = new IdGenerator(new SeededRandom(3));
    const unbuilt = new IdGenerator(new SeededRandom(3));
    built.eventId();
    unbuilt.nextEventNumber();
    expect([unbuilt.orderId(), unbuilt.eventId(), unbuilt.signalId()]).toEqual([
      built.orderId(),
      built.eventId(),
      built.signalId(),
    ]);
  });
});
