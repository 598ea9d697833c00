// GET /logs of the Monitoring service: full-text search of the PostgreSQL log table.
import type { Queryable } from '@ats/persistence';
import type { FastifyInstance } from 'fastify';
import { instantOf, requireOrdered } from '../http/ordered-range.js';
import { instantSchema, limitSchema } from '../http/schema-parts.js';
import { searchLogs } from '../log-pipeline/log-store.js';

const logsQuery = {
  type: 'object',
  additionalProperties: false,
  properties: {
    q: { type: 'string', minLength: 1, maxLength: 500, pattern: '^[^\\u0000-\\u001f]+$' },
    level: { type: 'string', enum: ['trace', 'debug', 'info', 'warn', 'error', 'fatal'] },
    service: { type: 'string', minLength: 1, maxLength: 100, pattern: '^[A-Za-z0-9._-]+$' },
    correlation_id: { type: 'string', minLength: 1, maxLength: 100, pattern: '^[A-Za-z0-9._:-]+$' },
    from: instantSchema,
    to: instantSchema,
    limit: limitSchema(1000, 100),
  },
} as const;

interface LogsQuery {
  q?: string;
  level?: string;
  service?: string;
  correlation_id?: string;
  from?: string;
  to?: string;
  limit: number;
}

export function logSearchRoutes(database: Queryable) {
  return (app: FastifyInstance): void => {
    app.get<{ Querystring: LogsQuery }>(
      '/logs',
      { config: { permission: 'read' }, schema: { querystring: logsQuery } },
      async (request) => {
        const query = request.query;
        const from = query.from === undefined ? undefined : instantOf('from', query.from);
        const to = query.to === undefined ? undefined : instantOf('to', query.to);
        if (from !== undefined && to !== undefined) requireOrdered('from', from, 'to', to);
        const logs = await searchLogs(database, {
          ...(query.q ? { text: query.q } : {}),
          ...(query.level ? { level: query.level } : {}),
          ...(query.service ? { service: query.service } : {}),
          ...(query.correlation_id ? { correlationId: query.correlation_id } : {}),
          ...(from !== undefined ? { from: new Date(from) } : {}),
          ...(to !== undefined ? { to: new Date(to) } : {}),
          limit: query.limit,
        });
        return { logs };
      },
    );
  };
}
