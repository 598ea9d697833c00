// Builds the Fastify app: one service on its own port, or every service under /api/<service> on one port.
import { AtsError, type ErrorCode, InvalidInputError } from '@ats/core';
import Fastify, { type FastifyInstance } from 'fastify';
import type { PrometheusMetrics } from '../metrics/prometheus-metrics.js';
import type { ServiceModule } from './service-module.js';

function registerStandardRoutes(app: FastifyInstance, module: ServiceModule): void {
  app.get('/health', async (_request, reply) => {
    const health = await module.health();
    return reply.code(health.status === 'down' ? 503 : 200).send({ service: module.name, ...health });
  });
  app.get('/metrics', async (_request, reply) => {
    return reply.type('text/plain; version=0.0.4').send(await module.metrics.text());
  });
}

/** HTTP statuses of the error codes that are the caller's doing; the rest are 503 if retryable, else 500. */
const statusOfCode: Partial<Record<ErrorCode, number>> = {
  INVALID_INPUT: 400,
  CONFIG_INVALID: 400,
  UNAUTHORIZED: 401,
  NOT_FOUND: 404,
  CONFLICT: 409,
  RATE_LIMITED: 429,
  QUEUE_FULL: 429,
};

/** Maps platform errors to HTTP answers that name what is wrong. */
function registerErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((error, _request, reply) => {
    if (error instanceof InvalidInputError) {
      return reply.code(400).send({ error: error.code, field: error.field, message: error.message });
    }
    if (error instanceof AtsError) {
      const status = statusOfCode[error.code] ?? (error.retryable ? 503 : 500);
      return reply.code(status).send({ error: error.code, message: error.message });
    }
    const failure = error as { validation?: unknown; statusCode?: number; message?: string };
    const message = failure.message ?? String(error);
    if (failure.validation) return reply.code(400).send({ error: 'INVALID_INPUT', message });
    const statusCode = failure.statusCode ?? 500;
    return reply.code(statusCode).send({ error: statusCode >= 500 ? 'INTERNAL' : 'BAD_REQUEST', message });
  });
}

/** One service on its own app (multi-process mode): /health, /metrics and its routes at the root. */
export async function buildServiceApp(module: ServiceModule): Promise<FastifyInstance> {
  const app = Fastify({ logger: false });
  registerErrorHandler(app);
  registerStandardRoutes(app, module);
  await module.routes(app);
  return app;
}

/**
 * Every service under /api/<service> (one-process mode), plus a combined /health and /metrics at the
 * root so one scrape target and one probe cover the node.
 */
export async function buildCombinedApp(
  modules: readonly ServiceModule[],
  metrics: PrometheusMetrics,
): Promise<FastifyInstance> {
  const app = Fastify({ logger: false });
  registerErrorHandler(app);
  for (const module of modules) {
    await app.register(
      async (scope) => {
        registerStandardRoutes(scope, module);
        await module.routes(scope);
      },
      { prefix: `/api/${module.name}` },
    );
  }
  app.get('/health', async (_request, reply) => {
    const entries = await Promise.all(
      modules.map(async (module) => [module.name, await module.health()] as const),
    );
    const down = entries.some(([, health]) => health.status === 'down');
    return reply
      .code(down ? 503 : 200)
      .send({ status: down ? 'down' : 'up', services: Object.fromEntries(entries) });
  });
  app.get('/metrics', async (_request, reply) => {
    // In one process the services share one registry, so the node's metrics are that registry once.
    return reply.type('text/plain; version=0.0.4').send(await metrics.text());
  });
  return app;
}
