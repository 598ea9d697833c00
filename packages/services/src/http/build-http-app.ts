// Builds the Fastify app: one service on its own port, or every service under /api/<service> on one port.
import { randomUUID } from 'node:crypto';
import Fastify, { type FastifyInstance } from 'fastify';
import { registerAuditHook } from '../audit/audit-http-hook.js';
import type { AuditRecorder } from '../audit/audit-recorder.js';
import { correlationHeaderOf } from '../logging/correlation.js';
import { registerHttpRequestMetrics } from '../metrics/http-request-metrics.js';
import type { PrometheusMetrics } from '../metrics/prometheus-metrics.js';
import { type RequestSecurity, registerRequestSecurity } from '../security/request-security.js';
import { registerCorrelationContext } from './correlation-context-hook.js';
import { registerFiniteNumbersGuard } from './finite-numbers-guard.js';
import {
  type RequestErrorLog,
  registerRequestErrorHandler,
  standardErrorLog,
} from './request-error-handler.js';
import type { ServiceModule } from './service-module.js';

function registerStandardRoutes(app: FastifyInstance, module: ServiceModule): void {
  app.get('/health', { config: { permission: 'public' } }, async (_request, reply) => {
    const health = await module.health();
    return reply.code(health.status === 'down' ? 503 : 200).send({ service: module.name, ...health });
  });
  app.get('/metrics', { config: { permission: 'metrics' } }, async (_request, reply) => {
    return reply.type('text/plain; version=0.0.4').send(await module.metrics.text());
  });
}

/** What every app shares: error answers, the finite-numbers guard, security, and where a 500's detail is logged. */
export interface HttpAppOptions {
  /** Receives the detail of every 500 with its correlation id; defaults to a JSON line on standard error. */
  readonly log?: RequestErrorLog;
  /** Authentication and permissions: required, so no app is ever built without them. */
  readonly security: RequestSecurity;
  /** Receives one audit entry per answered API call (probes and scrapes excepted). */
  readonly audit?: AuditRecorder;
  /** Routes outside the services' prefixes (the dashboard's files and live stream), registered last. */
  readonly rootRoutes?: (app: FastifyInstance) => void | Promise<void>;
}

/**
 * Fastify with the platform's request rules, before any route is registered (hooks apply to later routes).
 * Exported for the gateway, which has no service module of its own.
 */
export function createApp(options: HttpAppOptions, metrics: PrometheusMetrics): FastifyInstance {
  // Request ids are UUIDs: a 500's correlation id is its request's id, the same in every log line.
  // A caller's X-Correlation-Id (another service, the gateway) is kept, so one flow has one id across
  // processes; it is echoed on every answer.
  const app = Fastify({
    logger: false,
    genReqId: (request) => correlationHeaderOf(request.headers['x-correlation-id']) ?? randomUUID(),
  });
  registerCorrelationContext(app);
  app.addHook('onSend', async (request, reply) => {
    reply.header('x-correlation-id', request.id);
  });
  registerRequestErrorHandler(app, options.log ?? standardErrorLog);
  registerFiniteNumbersGuard(app);
  // Before any route, so every route of every scope (and any added later) passes the security hook.
  registerRequestSecurity(app, options.security);
  if (options.audit) registerAuditHook(app, options.audit);
  registerHttpRequestMetrics(app, metrics.registry);
  return app;
}

/** One service on its own app (multi-process mode): /health, /metrics and its routes at the root. */
export async function buildServiceApp(
  module: ServiceModule,
  options: HttpAppOptions,
): Promise<FastifyInstance> {
  const app = createApp(options, module.metrics);
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
  options: HttpAppOptions,
): Promise<FastifyInstance> {
  const app = createApp(options, metrics);
  for (const module of modules) {
    await app.register(
      async (scope) => {
        registerStandardRoutes(scope, module);
        await module.routes(scope);
      },
      { prefix: `/api/${module.name}` },
    );
  }
  app.get('/health', { config: { permission: 'public' } }, async (_request, reply) => {
    const entries = await Promise.all(
      modules.map(async (module) => [module.name, await module.health()] as const),
    );
    const down = entries.some(([, health]) => health.status === 'down');
    return reply
      .code(down ? 503 : 200)
      .send({ status: down ? 'down' : 'up', services: Object.fromEntries(entries) });
  });
  app.get('/metrics', { config: { permission: 'metrics' } }, async (_request, reply) => {
    // In one process the services share one registry, so the node's metrics are that registry once.
    return reply.type('text/plain; version=0.0.4').send(await metrics.text());
  });
  await options.rootRoutes?.(app);
  return app;
}
