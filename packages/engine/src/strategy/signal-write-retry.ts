// Signals whose write failed while storage was out: kept in emission order and written again until
// stored, or dropped once too old to trade on. Before this, a signal emitted during a database restart
// was reported and lost, and its strategy (whose state had moved past the cross) did not signal again.
import { AtsError, type Clock, type SignalGenerated } from '@ats/core';
import { isPromise, type MaybePromise } from '../execution/maybe-async.js';
import { type EngineMetrics, noMetrics } from '../metrics/engine-metrics.js';

/** Where signals are stored (and from there published): the strategy engine's outbox journal. */
export interface SignalJournal {
  record(signal: SignalGenerated): MaybePromise<unknown>;
}

export interface SignalWriteRetryOptions {
  readonly journal: SignalJournal;
  /** The clock signals are stamped with: a signal's age is `clock.now() - signal.occurredAt`. */
  readonly clock: Clock;
  /**
   * A signal still unstored this long after it was emitted is dropped: its reference price, and the
   * bar it was decided on, are too old to trade on.
   */
  readonly windowMilliseconds: number;
  /** The wait between attempts while storage is out (default 1 s). */
  readonly intervalMilliseconds?: number;
  readonly metrics?: EngineMetrics;
}

interface Waiting {
  /** The signal's place in emission order (the order `record` was called). */
  readonly order: number;
  readonly signal: SignalGenerated;
  readonly stored: (value: unknown) => void;
  readonly dropped: (error: unknown) => void;
}

/** Whether a failed write may succeed if made again (the database down or its disk full). */
function retryable(error: unknown): boolean {
  return (error as { retryable?: unknown } | null)?.retryable === true;
}

/**
 * A signal journal that keeps what storage could not take. A signal whose write fails with a
 * retryable error waits, and every signal emitted after it waits behind it, so a strategy's signals
 * are stored in the order it emitted them (a sell after a buy is never assessed first). Signals that
 * were already on their way when the first write failed may be stored ahead of it: they were sent
 * before the failure was known. The waiting signals are kept in emission order and written again every
 * interval of the clock, oldest first, in one call each (the journal's group commit makes one
 * transaction of them). A write that fails for good (a refused statement) is not retried: it rejects
 * as before, for the caller to report.
 */
export class SignalWriteRetry implements SignalJournal {
  private readonly waiting: Waiting[] = [];
  /** A retry's writes are on their way: new signals wait behind them. */
  private retrying = false;
  /** Cancels the next attempt while one is set. */
  private cancelTimer: (() => void) | null = null;
  private stopped = false;
  /** How many signals `record` was given: each signal's place in emission order. */
  private emitted = 0;
  /** The latest failure of a write (named when a signal is dropped). */
  private lastError: unknown = null;
  private readonly metrics: EngineMetrics;
  private readonly interval: number;

  constructor(private readonly options: SignalWriteRetryOptions) {
    this.metrics = options.metrics ?? noMetrics;
    this.interval = options.intervalMilliseconds ?? 1_000;
  }

  /** Signals waiting for storage now. */
  get waitingCount(): number {
    return this.waiting.length;
  }

  /**
   * Stores the signal: at once while nothing waits, else behind what does. Resolves once stored;
   * rejects when the signal is dropped (too old, refused by the store, or the engine stopped).
   */
  record(signal: SignalGenerated): MaybePromise<unknown> {
    if (this.stopped) throw new AtsError('SERVICE_UNAVAILABLE', 'the strategy engine is stopping');
    const order = this.emitted++;
    if (this.waiting.length > 0 || this.retrying) return this.wait(order, signal);
    let stored: MaybePromise<unknown>;
    try {
      stored = this.options.journal.record(signal);
    } catch (error) {
      return this.failed(order, signal, error);
    }
    if (isPromise(stored))
      return stored.then(undefined, (error: unknown) => this.failed(order, signal, error));
    return stored;
  }

  /** Stops retrying: what still waits is dropped (its promise rejects naming the signal). */
  stop(): void {
    this.stopped = true;
    this.cancelTimer?.();
    this.cancelTimer = null;
    this.dropAll();
  }

  private failed(order: number, signal: SignalGenerated, error: unknown): Promise<unknown> {
    if (!retryable(error) || this.stopped) throw error;
    this.metrics.count('signals_store_retried_total', { strategy: signal.strategyId });
    return this.wait(order, signal, error);
  }

  private wait(order: number, signal: SignalGenerated, error?: unknown): Promise<unknown> {
    return new Promise((stored, dropped) => {
      this.insert({ order, signal, stored, dropped });
      if (error !== undefined) this.lastError = error;
      this.schedule();
    });
  }

  /**
   * Adds a waiting signal at its place in emission order: a write sent before the first failure may
   * fail after signals emitted later already wait (its failure came back later).
   */
  private insert(entry: Waiting): void {
    let index = this.waiting.length;
    while (index > 0 && (this.waiting[index - 1] as Waiting).order > entry.order) index--;
    this.waiting.splice(index, 0, entry);
  }

  private schedule(): void {
    if (this.cancelTimer !== null || this.retrying || this.stopped) return;
    const { clock } = this.options;
    this.cancelTimer = clock.setTimer(clock.now() + this.interval, () => {
      this.cancelTimer = null;
      void this.retry();
    });
  }

  private async retry(): Promise<void> {
    const now = this.options.clock.now();
    const window = this.options.windowMilliseconds;
    // Oldest first: the stale ones are at the front.
    while (this.waiting.length > 0 && now - (this.waiting[0] as Waiting).signal.occurredAt > window) {
      this.drop(
        this.waiting.shift() as Waiting,
        'stale',
        `not stored within ${window} ms of its emission (${describe(this.lastError)})`,
      );
    }
    if (this.waiting.length === 0) return;
    const batch = this.waiting.splice(0);
    this.retrying = true;
    // Submitted in order in one pass: the journal's group commit writes them in one transaction.
    const outcomes = await Promise.allSettled(
      batch.map((entry) => {
        try {
          return Promise.resolve(this.options.journal.record(entry.signal));
        } catch (error) {
          return Promise.reject(error);
        }
      }),
    );
    this.retrying = false;
    const again: Waiting[] = [];
    outcomes.forEach((outcome, index) => {
      const entry = batch[index] as Waiting;
      if (outcome.status === 'fulfilled') entry.stored(outcome.value);
      else if (retryable(outcome.reason) && !this.stopped) {
        this.lastError = outcome.reason;
        again.push(entry);
      } else entry.dropped(outcome.reason);
    });
    // Those to be written again keep their places, ahead of any emitted meanwhile.
    for (const entry of again) this.insert(entry);
    if (this.stopped) this.dropAll();
    if (this.waiting.length > 0) this.schedule();
  }

  private dropAll(): void {
    for (const entry of this.waiting.splice(0))
      this.drop(entry, 'stopped', 'the strategy engine stopped before storage came back');
  }

  private drop(entry: Waiting, reason: 'stale' | 'stopped', detail: string): void {
    const { signal } = entry;
    this.metrics.count('signals_dropped_total', { strategy: signal.strategyId, reason });
    entry.dropped(
      new AtsError(
        'TIMEOUT',
        `signal ${signal.signalId} (${signal.strategyId} ${signal.direction} ${signal.symbol}) dropped: ${detail}`,
        { details: { signalId: signal.signalId, strategyId: signal.strategyId, reason } },
      ),
    );
  }
}

function describe(error: unknown): string {
  if (error === null || error === undefined) return 'storage unavailable';
  return error instanceof Error ? error.message : String(error);
}
