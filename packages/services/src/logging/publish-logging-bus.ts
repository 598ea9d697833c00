// A bus that carries the trading flow's correlation id across processes: every flow event it publishes
// is stamped with the id (`correlationId`) and logged with it; every event it delivers that carries an
// id is handled under that id, so what the handler logs and publishes carries it too.
import type { MessageBus, MessageHandler, PlatformEvent, SubscribeOptions, Subscription } from '@ats/core';
import { CorrelationTracker } from './correlation.js';
import { withCorrelationId } from './correlation-context.js';
import type { Logger } from './create-logger.js';

export class PublishLoggingBus implements MessageBus {
  private readonly tracker = new CorrelationTracker();

  constructor(
    private readonly inner: MessageBus,
    private readonly logger: Logger,
  ) {}

  publish(topic: string, message: PlatformEvent): void {
    const correlationId = this.tracker.correlationOf(message);
    if (correlationId === null) {
      this.inner.publish(topic, message);
      return;
    }
    const fields = message as unknown as Record<string, unknown>;
    this.logger.info(
      {
        correlationId,
        topic,
        event: message.type,
        eventId: message.id,
        ...(typeof fields.orderId === 'string' ? { orderId: fields.orderId } : {}),
        ...(typeof fields.symbol === 'string' ? { symbol: fields.symbol } : {}),
      },
      `published ${message.type}`,
    );
    this.inner.publish(
      topic,
      message.correlationId === correlationId ? message : { ...message, correlationId },
    );
  }

  subscribe(pattern: string, handler: MessageHandler, options?: SubscribeOptions): Subscription {
    return this.inner.subscribe(
      pattern,
      (message, topic) => {
        const correlationId = message.correlationId;
        if (typeof correlationId !== 'string') return handler(message, topic);
        this.tracker.observe(message);
        return withCorrelationId(correlationId, () => handler(message, topic));
      },
      options,
    );
  }

  flush(): Promise<void> {
    return this.inner.flush();
  }

  close(): Promise<void> {
    return this.inner.close();
  }
}
