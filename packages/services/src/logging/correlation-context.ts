// The correlation id of the work in progress: set around each HTTP request (its X-Correlation-Id) and
// each bus message handled (the message's correlationId), so what that work publishes or logs carries it.
import { AsyncLocalStorage } from 'node:async_hooks';

const context = new AsyncLocalStorage<string>();

/** The correlation id of the current request or message, when there is one. */
export function currentCorrelationId(): string | undefined {
  return context.getStore();
}

/** Runs `work` (and everything it starts) under the correlation id. */
export function withCorrelationId<T>(correlationId: string, work: () => T): T {
  return context.run(correlationId, work);
}
