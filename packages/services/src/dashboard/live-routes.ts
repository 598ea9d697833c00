// The live stream's routes: GET /api/live/events (Server-Sent Events, read permission, filtered by role
// and by the topics asked for, closed when the credential that opened it expires) and
// GET /api/live/statistics (clients, drops, the process's memory).
import type { FastifyInstance } from 'fastify';
import { LiveConnection } from './live-connection.js';
import type { LiveEventHub } from './live-event-hub.js';
import '../security/route-security-types.js';

export interface LiveRoutesOptions {
  readonly hub: LiveEventHub;
  readonly bufferEvents: number;
  readonly heartbeatMilliseconds?: number;
}

const topicListPattern = '^[A-Za-z0-9_.*-]+(,[A-Za-z0-9_.*-]+){0,31}$';

export function registerLiveRoutes(app: FastifyInstance, options: LiveRoutesOptions): void {
  const { hub } = options;
  const connections = new Set<LiveConnection>();

  app.get<{ Querystring: { topics?: string } }>(
    '/api/live/events',
    {
      config: { permission: 'read' },
      schema: {
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: { topics: { type: 'string', maxLength: 1024, pattern: topicListPattern } },
        },
      },
    },
    async (request, reply) => {
      if (!hub.hasRoom())
        return reply
          .code(503)
          .header('retry-after', '10')
          .send({
            error: 'UNAVAILABLE',
            message: `the live stream serves ${hub.maxClients} browsers at most`,
          });
      const patterns = request.query.topics ? request.query.topics.split(',') : [];
      const connection = new LiveConnection(
        reply.raw,
        {
          role: request.principal.role,
          patterns,
          capacity: options.bufferEvents,
          batch: 256,
          heartbeatMilliseconds: options.heartbeatMilliseconds ?? 15_000,
          expiresAt: request.principal.expiresAt,
        },
        (closed) => {
          hub.remove(closed);
          connections.delete(closed);
        },
      );
      hub.add(connection);
      connections.add(connection);
      // From here the connection owns the socket; Fastify neither serializes nor ends the answer.
      reply.hijack();
      connection.open();
    },
  );

  app.get('/api/live/statistics', { config: { permission: 'read' } }, async () => {
    const memory = process.memoryUsage();
    return {
      ...hub.statistics(),
      connections: [...connections].map((connection) => ({
        role: connection.role,
        patterns: connection.patterns,
        ...connection.buffer.counts(),
      })),
      memory: { rss: memory.rss, heapUsed: memory.heapUsed },
    };
  });

  // Closing the app ends the streams, which would otherwise hold the server open.
  app.addHook('preClose', async () => {
    for (const connection of [...connections]) connection.close();
  });
}
