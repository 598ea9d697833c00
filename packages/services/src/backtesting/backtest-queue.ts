// The backtest run queue: at most `concurrency` runs at once, at most `maxQueueLength` waiting, and a refusal past that.
import { AtsError } from '@ats/core';
import type { AtsConfig } from '../config/config-schema.js';

export interface BacktestQueueOptions {
  /** Runs executing at once, each on its own worker thread. */
  readonly concurrency: number;
  /** Runs waiting for a free slot; one more is refused with QUEUE_FULL (HTTP 429). */
  readonly maxQueueLength: number;
}

/** A place in the queue, held from the moment a submission is accepted until its run is handed over. */
export interface QueueReservation {
  /** Queues the run; it starts when a slot is free. */
  submit(run: () => Promise<void>): void;
  /** Gives the place back (the submission failed before its run was created). */
  cancel(): void;
}

/**
 * Bounded work for the live node's sake: 60 concurrent submissions, each parsing on the main thread
 * and starting its own worker, once stalled /health for 27 s and cut the quote rate tenfold. A place
 * is reserved synchronously, before the submission's first await, so concurrent requests cannot
 * overfill the queue between the check and the enqueue.
 */
export class BacktestQueue {
  private running = 0;
  private reserved = 0;
  private readonly waiting: (() => Promise<void>)[] = [];

  constructor(readonly options: BacktestQueueOptions) {
    if (!Number.isInteger(options.concurrency) || options.concurrency < 1)
      throw new AtsError(
        'CONFIG_INVALID',
        `backtesting concurrency ${options.concurrency}: must be at least 1`,
      );
    if (!Number.isInteger(options.maxQueueLength) || options.maxQueueLength < 0)
      throw new AtsError(
        'CONFIG_INVALID',
        `backtesting max queue length ${options.maxQueueLength}: must be 0 or more`,
      );
  }

  /** Runs executing now. */
  get active(): number {
    return this.running;
  }

  /** Runs accepted and not yet started (reserved places included). */
  get queued(): number {
    return this.waiting.length + this.reserved;
  }

  /** Takes a place, or throws QUEUE_FULL when every slot is busy and the queue is at its length. */
  reserve(): QueueReservation {
    const free = this.options.concurrency - this.running;
    if (this.queued >= free + this.options.maxQueueLength)
      throw new AtsError(
        'QUEUE_FULL',
        `the backtest queue is full (${this.running} running, ${this.queued} waiting, at most ${this.options.maxQueueLength} may wait); submit again when a run has finished`,
        { details: { running: this.running, queued: this.queued } },
      );
    this.reserved++;
    let settled = false;
    return {
      submit: (run) => {
        if (settled) return;
        settled = true;
        this.reserved--;
        this.waiting.push(run);
        this.drain();
      },
      cancel: () => {
        if (settled) return;
        settled = true;
        this.reserved--;
        this.drain();
      },
    };
  }

  private drain(): void {
    while (this.running < this.options.concurrency && this.waiting.length > 0) {
      const run = this.waiting.shift() as () => Promise<void>;
      this.running++;
      void run()
        .catch(() => {})
        .finally(() => {
          this.running--;
          this.drain();
        });
    }
  }
}

/** The queue the configuration asks for (`backtesting.concurrency`, `backtesting.max_queue_length`). */
export function backtestQueueOf(config: AtsConfig): BacktestQueue {
  return new BacktestQueue({
    concurrency: config.backtesting.concurrency,
    maxQueueLength: config.backtesting.max_queue_length,
  });
}
