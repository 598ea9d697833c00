// The Audit service over HTTP: search the trail, verify the chain, and the compliance export of orders.
import type { Database } from '@ats/persistence';
import type { FastifyInstance } from 'fastify';
import { instantOf, requireOrdered } from '../http/ordered-range.js';
import { instantSchema, limitSchema } from '../http/schema-parts.js';
import type { ServiceHealth, ServiceModule } from '../http/service-module.js';
import type { PrometheusMetrics } from '../metrics/prometheus-metrics.js';
import { verifyAuditChain } from './audit-chain-verifier.js';
import type { AuditLogWriter } from './audit-log-writer.js';
import { maxSearchLimit, searchAuditLog } from './audit-search.js';
import type { AuditSigningKey } from './audit-signing-key.js';
import { complianceCsv, complianceOrders } from './compliance-export.js';

export interface AuditModuleOptions {
  readonly database: Database;
  readonly writer: AuditLogWriter;
  readonly signingKey: AuditSigningKey;
  readonly metrics: PrometheusMetrics;
}

/** No control characters (PostgreSQL text cannot hold NUL, and none belongs in an id or a path). */
const textField = { type: 'string', minLength: 1, maxLength: 300, pattern: '^[^\\u0000-\\u001f]+$' } as const;

const searchQuery = {
  type: 'object',
  additionalProperties: false,
  properties: {
    actor: textField,
    action: { type: 'string', pattern: '^[A-Za-z0-9._-]{1,100}(\\.\\*)?$' },
    object: textField,
    from: instantSchema,
    to: instantSchema,
    before: { type: 'integer', minimum: 1, maximum: Number.MAX_SAFE_INTEGER },
    limit: limitSchema(maxSearchLimit, 100),
  },
} as const;

const exportQuery = {
  type: 'object',
  additionalProperties: false,
  required: ['from', 'to'],
  properties: {
    from: instantSchema,
    to: instantSchema,
    format: { type: 'string', enum: ['json', 'csv'], default: 'json' },
  },
} as const;

interface SearchQuery {
  actor?: string;
  action?: string;
  object?: string;
  from?: string;
  to?: string;
  before?: number;
  limit: number;
}

export class AuditModule implements ServiceModule {
  readonly name = 'audit' as const;
  readonly metrics: PrometheusMetrics;

  constructor(private readonly options: AuditModuleOptions) {
    this.metrics = options.metrics;
  }

  health(): ServiceHealth {
    const { writer } = this.options;
    return writer.failuresInRow > 0
      ? { status: 'degraded', detail: { failedBatchesInRow: writer.failuresInRow, pending: writer.pending } }
      : { status: 'up', detail: { appended: writer.appended, pending: writer.pending } };
  }

  routes(app: FastifyInstance): void {
    const { database, signingKey } = this.options;
    // The trail is for risk and compliance officers and administrators, not for every viewer.
    app.get<{ Querystring: SearchQuery }>(
      '/records',
      { config: { permission: 'risk' }, schema: { querystring: searchQuery } },
      async (request) => {
        const query = request.query;
        const from = query.from === undefined ? undefined : instantOf('from', query.from);
        const to = query.to === undefined ? undefined : instantOf('to', query.to);
        if (from !== undefined && to !== undefined) requireOrdered('from', from, 'to', to);
        const records = await searchAuditLog(database, { ...query, from, to });
        return { records };
      },
    );
    app.get('/verify', { config: { permission: 'risk' } }, async () =>
      verifyAuditChain(database, signingKey),
    );
    app.get<{ Querystring: { from: string; to: string; format: 'json' | 'csv' } }>(
      '/export',
      { config: { permission: 'risk' }, schema: { querystring: exportQuery } },
      async (request, reply) => {
        const from = instantOf('from', request.query.from);
        const to = instantOf('to', request.query.to);
        requireOrdered('from', from, 'to', to);
        const orders = await complianceOrders(database, { from, to });
        if (request.query.format === 'csv')
          return reply.type('text/csv; charset=utf-8').send(complianceCsv(orders));
        return { from: new Date(from).toISOString(), to: new Date(to).toISOString(), orders };
      },
    );
  }
}
