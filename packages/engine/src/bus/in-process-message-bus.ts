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
  /** The topic `handlersFor` answered last and its handlers (forgotten with `exact`). */
  private lastTopic: string | null = null;
  private lastHandlers: Entry[] = [];
  /**
   * Messages published while a delivery runs, in two parallel arrays (no object per message). The
   * arrays are kept at their size between deliveries and `queued` counts what they hold: emptying them
   * by setting their length gave their storage back, to be allocated again at the next signal or fill.
   */
  private readonly queuedTopics: string[] = [];
  private readonly queuedMessages: (PlatformEvent | null)[] = [];
  private queued = 0;
  private delivering = false;
  private readonly pending = new Set<Promise<void>>();

  constructor(private readonly onHandlerError: (error: unknown, topic: string) => void = rethrow) {}

  publish(topic: string, message: PlatformEvent): void {
    // A publish from inside a handler is queued by a call of its own: kept small, this method is
    // inlined into its callers (the optimizing compiler inlines up to a total size per caller).
    if (this.delivering) {
      this.enqueue(topic, message);
      return;
    }
    this.delivering = true;
    try {
      this.deliver(topic, message);
      for (let index = 0; index < this.queued; index++) {
        this.deliver(this.queuedTopics[index] as string, this.queuedMessages[index] as PlatformEvent);
      }
    } finally {
      // Delivered messages are let go (the topics are a few shared strings and may stay).
      for (let index = 0; index < this.queued; index++) this.queuedMessages[index] = null;
      this.queued = 0;
      this.delivering = false;
    }
  }

  private enqueue(topic: string, message: PlatformEvent): void {
    const slot = this.queued++;
    if (slot < this.queuedTopics.length) {
      this.queuedTopics[slot] = topic;
      this.queuedMessages[slot] = message;
    } else {
      this.queuedTopics.push(topic);
      this.queuedMessages.push(message);
    }
  }

  subscribe(pattern: string, handler: MessageHandler): Subscription {
    const entry: Entry = { pattern, handler };
    this.entries.push(entry);
    this.forgetHandlers();
    return {
      unsubscribe: async () => {
        this.entries = this.entries.filter((existing) => existing !== entry);
        this.forgetHandlers();
      },
    };
  }

  /**
   * Whether a message on `topic` would reach any handler now: a publisher may skip building a message
   * nobody receives (delivery is synchronous, so a handler subscribed later would not get it either).
   */
  hasSubscribers(topic: string): boolean {
    return this.handlersFor(topic).length > 0;
  }

  /** Waits for asynchronous handlers started so far to settle. */
  async flush(): Promise<void> {
    while (this.pending.size > 0) await Promise.all([...this.pending]);
  }

  async close(): Promise<void> {
    await this.flush();
    this.entries = [];
    this.forgetHandlers();
  }

  /** The subscriptions changed: every topic's handlers are looked up again. */
  private forgetHandlers(): void {
    this.exact.clear();
    this.lastTopic = null;
    this.lastHandlers = [];
  }

  private handlersFor(topic: string): Entry[] {
    // The last topic's handlers first: a backtest publishes one symbol's bars back to back, and the
    // lookup in `exact` made about 40 bytes of garbage a bar on the sampling heap profile (a million-bar
    // run: 40 MB) though it returned a list already made.
    if (topic === this.lastTopic) return this.lastHandlers;
    let list = this.exact.get(topic);
    if (!list) {
      list = this.entries.filter((entry) => topicMatches(entry.pattern, topic));
      this.exact.set(topic, list);
    }
    this.lastTopic = topic;
    this.lastHandlers = list;
    return list;
  }

  private deliver(topic: string, message: PlatformEvent): void {
    // An indexed loop: an array iterator inside this try/catch was not optimized away and made
    // objects at every publish (every bar of a backtest).
    const handlers = this.handlersFor(topic);
    for (let index = 0; index < handlers.length; index++) {
      const entry = handlers[index] as Entry;
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
