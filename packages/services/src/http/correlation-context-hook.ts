// Runs each request of an app under its correlation id (its request id: the caller's X-Correlation-Id
// or a fresh UUID), so what the request logs and publishes on the bus carries it.
import type { FastifyInstance } from 'fastify';
import { withCorrelationId } from '../logging/correlation-context.js';

export function registerCorrelationContext(app: FastifyInstance): void {
  // `done` is called inside the context: the rest of the request's hooks and its handler run in it.
  app.addHook('onRequest', (request, _reply, done) => withCorrelationId(String(request.id), done));
}
