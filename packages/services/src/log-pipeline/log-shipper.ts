// Ships the process's log lines to a store (the PostgreSQL log table or Elasticsearch) in batches,
// without ever blocking the line's writer: lines wait in a bounded queue, a failed batch stays queued
// and is retried with a growing wait, and only a full queue drops (the oldest lines, counted).
import { Writable } from 'node:stream';
import { type LogRecord, logRecordOfLine } from './log-record.js';

export interface LogTarget {
  readonly name: string;
  /** Stores the records; resolves with those to try again (refused for a passing reason), throws if none stored. */
  write(records: readonly LogRecord[]): Promise<readonly LogRecord[]>;
}

export interface LogShipperOptions {
  /** Lines kept waiting at most; past it the oldest are dropped and counted. */
  readonly capacity?: number;
  readonly batchSize?: number;
  readonly intervalMilliseconds?: number;
  /** The longest wait between two tries while the target fails. */
  readonly maxBackoffMilliseconds?: number;
  readonly onError?: (error: unknown) => void;
}

export class LogShipper {
  private queue: (string | LogRecord)[] = [];
  private target: LogTarget | null = null;
  private timer: NodeJS.Timeout | null = null;
  private shipping: Promise<void> | null = null;
  private backoff = 0;
  private nextTryAt = 0;
  dropped = 0;
  shipped = 0;
  failures = 0;
  private readonly capacity: number;
  private readonly batchSize: number;
  private readonly interval: number;
  private readonly maxBackoff: number;

  constructor(private readonly options: LogShipperOptions = {}) {
    this.capacity = options.capacity ?? 20_000;
    this.batchSize = options.batchSize ?? 500;
    this.interval = options.intervalMilliseconds ?? 1_000;
    this.maxBackoff = options.maxBackoffMilliseconds ?? 30_000;
  }

  get pending(): number {
    return this.queue.length;
  }

  /** Queues one line (the raw text: parsing waits until it ships). Never throws, never waits. */
  push(line: string): void {
    this.queue.push(line);
    if (this.queue.length > this.capacity) {
      const excess = this.queue.length - this.capacity;
      this.queue.splice(0, excess);
      this.dropped += excess;
    }
  }

  /** A destination for pino: every line goes to `out` as before and joins the queue. */
  tee(out: NodeJS.WritableStream): Writable {
    return new Writable({
      decodeStrings: false,
      write: (chunk: string | Buffer, _encoding, done) => {
        const line = String(chunk);
        this.push(line);
        out.write(line);
        done();
      },
    });
  }

  /** Starts shipping to the target (lines queued before are shipped too). */
  attach(target: LogTarget): void {
    this.target = target;
    this.backoff = 0;
    this.nextTryAt = 0;
    if (!this.timer) {
      this.timer = setInterval(() => void this.ship(), this.interval);
      this.timer.unref();
    }
  }

  /** Ships what is queued now (one round of batches); the timer calls it too. */
  ship(now = Date.now()): Promise<void> {
    if (this.shipping) return this.shipping;
    if (!this.target || this.queue.length === 0 || now < this.nextTryAt) return Promise.resolve();
    this.shipping = this.round(this.target).finally(() => {
      this.shipping = null;
    });
    return this.shipping;
  }

  /** Ships until the queue is empty or the target fails; then stops the timer. */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.shipping;
    while (this.target && this.queue.length > 0 && this.backoff === 0) await this.ship();
    this.target = null;
  }

  private async round(target: LogTarget): Promise<void> {
    while (this.queue.length > 0) {
      const batch = this.queue.slice(0, this.batchSize);
      const records: LogRecord[] = [];
      for (const entry of batch) {
        const record = typeof entry === 'string' ? logRecordOfLine(entry) : entry;
        if (record) records.push(record);
      }
      let retry: readonly LogRecord[];
      try {
        retry = records.length > 0 ? await target.write(records) : [];
      } catch (error) {
        // The batch stays at the head of the queue, parsed, for the next try.
        this.queue.splice(0, batch.length, ...records);
        this.failures += 1;
        this.backoff = Math.min(this.maxBackoff, this.backoff === 0 ? this.interval : this.backoff * 2);
        this.nextTryAt = Date.now() + this.backoff;
        this.options.onError?.(error);
        return;
      }
      this.queue.splice(0, batch.length, ...retry);
      this.shipped += records.length - retry.length;
      this.backoff = 0;
      this.nextTryAt = 0;
      if (retry.length > 0) return;
    }
  }
}

/** The process's shipper: the CLI tees its logger into it, the service attaches its store. */
export const processLogShipper = new LogShipper();
