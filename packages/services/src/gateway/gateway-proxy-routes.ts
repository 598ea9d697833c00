// The gateway's reverse proxy: /api/<service>/<path> to that service's own port as /<path>, the way the
// one-process node serves every service under /api/<service>. The service behind authenticates, checks
// permissions, rate-limits and audits the call; the gateway only forwards it (with @fastify/reply-from).
import replyFrom from '@fastify/reply-from';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import '../security/route-security-types.js';

export interface GatewayUpstream {
  /** The path segment after /api/ (`trade-executor`). */
  readonly name: string;
  /** The service's base URL (`http://127.0.0.1:9104`). */
  readonly url: string;
}

export async function registerGatewayProxyRoutes(
  app: FastifyInstance,
  upstreams: readonly GatewayUpstream[],
): Promise<void> {
  // undici underneath, keeping connections to each service open between requests.
  await app.register(replyFrom, {});
  for (const upstream of upstreams) {
    const base = upstream.url.replace(/\/$/, '');
    const forward = (request: FastifyRequest, reply: FastifyReply) => {
      const path = request.url.slice(`/api/${upstream.name}`.length) || '/';
      return reply.from(`${base}${path}`, {
        rewriteRequestHeaders: (_original, headers) => ({
          ...headers,
          // The browser's own host, as nginx's `proxy_set_header Host $host`: the service's same-origin
          // check compares the page's Origin with it.
          ...(request.headers.host !== undefined ? { host: request.headers.host } : {}),
          // One flow keeps one correlation id across the gateway and the service.
          'x-correlation-id': request.id,
          'x-forwarded-for': request.ip,
        }),
        // A service that is not running (or not answering) is named, instead of a bare 500.
        onError: (failed, { error }) => {
          const timedOut = /timeout/i.test(error.name) || /timeout/i.test(error.message);
          void failed.code(timedOut ? 504 : 502).send({
            error: timedOut ? 'GATEWAY_TIMEOUT' : 'BAD_GATEWAY',
            message: `the ${upstream.name} service at ${base} ${timedOut ? 'did not answer in time' : 'does not answer'}: is it running? (ats service ${upstream.name})`,
          });
        },
      });
    };
    // Public here: the service checks the credentials and the permission of every route it serves.
    app.all(`/api/${upstream.name}`, { config: { permission: 'public' } }, forward);
    app.all(`/api/${upstream.name}/*`, { config: { permission: 'public' } }, forward);
  }
}
