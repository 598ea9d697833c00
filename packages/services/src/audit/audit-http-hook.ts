// Records every API call in the audit trail once it is answered: who (the request's principal), what
// (method and path, never the query string, which may carry tokens), from where, and the outcome.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { type AuditPrincipal, type AuditRecorder, anonymousPrincipal } from './audit-recorder.js';

/** Probes and scrapes every few seconds would bury the trail; they change nothing. */
function isProbe(path: string): boolean {
  return path === '/health' || path === '/metrics' || /^\/api\/[a-z-]+\/(health|metrics)$/.test(path);
}

/** The security layer's principal when it ran, else anonymous (read defensively: it may not be installed). */
export function principalOf(request: FastifyRequest): AuditPrincipal {
  const principal = (request as { principal?: AuditPrincipal }).principal;
  return principal && typeof principal.id === 'string' && typeof principal.kind === 'string'
    ? principal
    : anonymousPrincipal;
}

function outcomeOf(statusCode: number): string {
  if (statusCode < 400) return 'success';
  if (statusCode === 401 || statusCode === 403) return 'denied';
  return `http-${statusCode}`;
}

export function registerAuditHook(app: FastifyInstance, recorder: AuditRecorder): void {
  app.addHook('onResponse', (request, reply, done) => {
    const path = request.url.split('?', 1)[0] ?? request.url;
    if (!isProbe(path)) {
      const principal = principalOf(request);
      recorder.record({
        occurredAt: Date.now(),
        actor: { kind: principal.kind, id: principal.id, role: principal.role },
        action: `http.${request.method}`,
        object: path,
        source: request.ip,
        outcome: outcomeOf(reply.statusCode),
        detail: {
          route: request.routeOptions.url ?? null,
          status: reply.statusCode,
          milliseconds: Math.round(reply.elapsedTime * 1000) / 1000,
          requestId: request.id,
        },
      });
    }
    done();
  });
}
