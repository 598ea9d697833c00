// The message bus port: one interface, an in-process and a Redis transport behind it.
import type { PlatformEvent } from '../events/platform-event.js';

/** A handler may be synchronous or return a promise; durable transports acknowledge after it settles. */
export type MessageHandler = (message: PlatformEvent, topic: string) => void | Promise<void>;

export interface SubscribeOptions {
  /**
   * The consumer group: on a durable topic, each group receives every message once, and a restarted
   * consumer of the group resumes where it acknowledged. Defaults to a group unique to the subscription.
   */
  readonly group?: string;
}

export interface Subscription {
  unsubscribe(): Promise<void>;
}

export interface MessageBus {
  /**
   * Publishes to a topic. In process, handlers run synchronously before this returns. Transports that
   * write over the network queue the write; `flush` waits until every queued message is stored.
   */
  publish(topic: string, message: PlatformEvent): void;
  /** Subscribes to an exact topic or a `prefix.*` pattern. */
  subscribe(pattern: string, handler: MessageHandler, options?: SubscribeOptions): Subscription;
  /** Resolves once every message published so far is stored by the transport. */
  flush(): Promise<void>;
  close(): Promise<void>;
}
