// Signals whose write failed while storage was out: stored once it is back, in emission order, dropped
// with a named error once older than the window, and a write refused for good is not retried.
import {
  AtsError,
  type EventId,
  Price,
  type SignalGenerated,
  type SignalId,
  type StrategyId,
  TestClock,
  type Ticker,
} from '@ats/core';
import { describe, expect, it } from 'vitest';
import { SignalWriteRetry } from './signal-write-retry.js';

/** A store that is out while `out` is set (a retryable error, as the database's pool raises). */
class FlakyStore {
  out = false;
  refuse = false;
  readonly stored: string[] = [];
  attempts = 0;

  async record(signal: SignalGenerated): Promise<boolean> {
    this.attempts++;
    await Promise.resolve();
    if (this.refuse) throw new AtsError('DATABASE_QUERY_FAILED', 'INSERT INTO signals: value too long');
    if (this.out) throw new AtsError('DATABASE_UNAVAILABLE', 'database unavailable: connection refused');
    this.stored.push(signal.signalId);
    return true;
  }
}

function signalAt(clock: TestClock, number: number, direction: 'LONG' | 'FLAT' = 'LONG'): SignalGenerated {
  const now = clock.now();
  return {
    type: 'SignalGenerated',
    id: `event-${number}` as EventId,
    occurredAt: now,
    receivedAt: now,
    causationId: null,
    signalId: `signal-${number}` as SignalId,
    strategyId: 'alpha' as StrategyId,
    symbol: 'AAPL' as Ticker,
    direction,
    strength: 1,
    referencePrice: Price.of('100'),
    limitPrice: null,
  };
}

/** Lets pending promise callbacks run (the store answers after a microtask; engine code has no host timers). */
async function settle(): Promise<void> {
  for (let turn = 0; turn < 20; turn++) await Promise.resolve();
}

function setUp(windowMilliseconds = 60_000) {
  const clock = new TestClock(1_000_000);
  const store = new FlakyStore();
  const counted: string[] = [];
  const retry = new SignalWriteRetry({
    journal: store,
    clock,
    windowMilliseconds,
    intervalMilliseconds: 1_000,
    metrics: {
      count: (name, labels) => counted.push(`${name}${labels?.reason ? `:${labels.reason}` : ''}`),
      observeLatency: () => {},
    },
  });
  return { clock, store, retry, counted };
}

describe('SignalWriteRetry', () => {
  it('stores a signal whose write failed once storage is back, with the signals emitted meanwhile after it in emission order', async () => {
    const { clock, store, retry, counted } = setUp();
    store.out = true;
    const first = retry.record(signalAt(clock, 1));
    await settle();
    expect(retry.waitingCount).toBe(1);
    clock.advanceTo(clock.now() + 500);
    // Emitted while the first waits: it waits behind it, not written ahead of it.
    const second = retry.record(signalAt(clock, 2, 'FLAT'));
    expect(retry.waitingCount).toBe(2);
    clock.advanceTo(clock.now() + 600);
    await settle();
    expect(store.stored).toEqual([]);
    store.out = false;
    clock.advanceTo(clock.now() + 1_000);
    await settle();
    await expect(first).resolves.toBe(true);
    await expect(second).resolves.toBe(true);
    expect(store.stored).toEqual(['signal-1', 'signal-2']);
    expect(retry.waitingCount).toBe(0);
    expect(counted).toEqual(['signals_store_retried_total']);
    // With nothing waiting, the next signal is written at once again.
    await retry.record(signalAt(clock, 3));
    expect(store.stored).toEqual(['signal-1', 'signal-2', 'signal-3']);
  });

  it('keeps emission order when a write sent before the first failure fails after a later signal already waits', async () => {
    const { clock, retry } = setUp();
    // Each write answers when the test says: A's failure comes back, C is emitted, then B's failure.
    const answers: { reject(error: unknown): void }[] = [];
    const written: string[] = [];
    let out = true;
    const journal = {
      record(signal: SignalGenerated): Promise<boolean> {
        if (!out) {
          written.push(signal.signalId);
          return Promise.resolve(true);
        }
        return new Promise((_, reject) => answers.push({ reject }));
      },
    };
    const ordered = new SignalWriteRetry({ journal, clock, windowMilliseconds: 60_000 });
    const unavailable = new AtsError('DATABASE_UNAVAILABLE', 'database unavailable: connection reset');
    const a = ordered.record(signalAt(clock, 1));
    const b = ordered.record(signalAt(clock, 2));
    answers[0]?.reject(unavailable);
    await settle();
    const c = ordered.record(signalAt(clock, 3));
    answers[1]?.reject(unavailable);
    await settle();
    expect(ordered.waitingCount).toBe(3);
    out = false;
    clock.advanceTo(clock.now() + 1_000);
    await settle();
    await Promise.all([a, b, c]);
    expect(written).toEqual(['signal-1', 'signal-2', 'signal-3']);
    expect(retry.waitingCount).toBe(0);
  });

  it('drops a signal still unstored past the window with an error naming it, and stores those within it', async () => {
    const { clock, store, retry, counted } = setUp(5_000);
    store.out = true;
    const old = retry.record(signalAt(clock, 1)) as Promise<unknown>;
    const rejection = old.then(
      () => null,
      (error: unknown) => error,
    );
    clock.advanceTo(clock.now() + 4_000);
    const recent = retry.record(signalAt(clock, 2));
    await settle();
    // Every second an attempt fails; 6 s after the first signal it is past its 5 s window.
    for (let second = 0; second < 2; second++) {
      clock.advanceTo(clock.now() + 1_000);
      await settle();
    }
    const error = (await rejection) as AtsError;
    expect(error).toBeInstanceOf(AtsError);
    expect(error.message).toMatch(/signal signal-1 \(alpha LONG AAPL\) dropped: not stored within 5000 ms/);
    expect(error.message).toMatch(/connection refused/);
    expect(counted).toContain('signals_dropped_total:stale');
    store.out = false;
    clock.advanceTo(clock.now() + 1_000);
    await settle();
    await expect(recent).resolves.toBe(true);
    expect(store.stored).toEqual(['signal-2']);
  });

  it('does not retry a write the store refused for good: it rejects at once with the store error', async () => {
    const { clock, store, retry } = setUp();
    store.refuse = true;
    await expect(retry.record(signalAt(clock, 1))).rejects.toThrow(/value too long/);
    expect(retry.waitingCount).toBe(0);
    clock.advanceTo(clock.now() + 5_000);
    await settle();
    expect(store.attempts).toBe(1);
  });

  it('drops what still waits when stopped, and refuses new signals', async () => {
    const { clock, store, retry, counted } = setUp();
    store.out = true;
    const waiting = retry.record(signalAt(clock, 1));
    await settle();
    retry.stop();
    await expect(waiting).rejects.toThrow(/stopped before storage came back/);
    expect(counted).toContain('signals_dropped_total:stopped');
    expect(() => retry.record(signalAt(clock, 2))).toThrow(/stopping/);
    store.out = false;
    clock.advanceTo(clock.now() + 5_000);
    await settle();
    expect(store.stored).toEqual([]);
  });
});
