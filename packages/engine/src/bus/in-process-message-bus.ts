// The in-process message bus: synchronous, deterministic delivery in subscription order.
import {
  type MessageBus,
  type MessageHandler,
  type PlatformEvent,
  type Subscription,
  topicMatches,
} from '@ats/core';

interface Entry {
  readonly pattern: string;
  readonly handler: MessageHandler;
}

/**
 * Handlers run synchronously inside publish, in the order they subscribed, so a backtest and a
 * one-process node see the exact same sequence. A message published from inside a handler is delivered
 * after the current delivery finishes (breadth first), which keeps causal order per topic.
 * A handler that throws or rejects is reported to `onHandlerError` and does not stop other handlers.
 */
export class InProcessMessageBus implements MessageBus {
  private entries: Entry[] = [];
  private readonly exact = new Map<string, Entry[]>();
  private readonly queue: { topic: string; message: PlatformEvent }[] = [];
  private delivering = false;
  private readonly pending = new Set<Promise<void>>();

  constructor(private readonly onHandlerError: (error: unknown, topic: string) => void = rethrow) {}

  publish(topic: string, message: PlatformEvent): void {
    this.queue.push({ topic, message });
    if (this.delivering) return;
    this.delivering = true;
    try {
      for (let index = 0; index < this.queue.length; index++) {
        const next = this.queue[index]!;
        this.deliver(next.topic, next.message);
      }
    } finally {
      this.queue.length = 0;
      this.delivering = false;
    }
  }

  subscribe(pattern: string, handler: MessageHandler): Subscription {
    const entry: Entry = { pattern, handler };
    this.entries.push(entry);
    this.exact.clear();
    return {
      unsubscribe: async () => {
        this.entries = this.entries.filter((existing) => existing !== entry);
        this.exact.clear();
      },
    };
  }

  /** Waits for asynchronous handlers started so far to settle. */
  async flush(): Promise<void> {
    while (this.pending.size > 0) await Promise.all([...this.pending]);
  }

  async close(): Promise<void> {
    await this.flush();
    this.entries = [];
    this.exact.clear();
  }

  private handlersFor(topic: string): Entry[] {
    let list = this.exact.get(topic);
    if (!list) {
      list = this.entries.filter((entry) => topicMatches(entry.pattern, topic));
      this.exact.set(topic, list);
    }
    return list;
  }

  private deliver(topic: string, message: PlatformEvent): void {
    for (const entry of this.handlersFor(topic)) {
      try {
        const result = entry.handler(message, topic);
        if (result && typeof (result as Promise<void>).then === 'function')
          this.track(result as Promise<void>, topic);
      } catch (error) {
        this.onHandlerError(error, topic);
      }
    }
  }

  private track(promise: Promise<void>, topic: string): void {
    const tracked = promise.catch((error: unknown) => this.onHandlerError(error, topic));
    this.pending.add(tracked);
    void tracked.finally(() => this.pending.delete(tracked));
  }
}

function rethrow(error: unknown): void {
  throw error;
}
