// Run-time feature flags of strategies over HTTP: enable or disable one (stored first, then applied;
// the call is recorded in the audit trail like every API call), and list the flags.
import type { StrategyRuntime } from '@ats/engine';
import type { StrategyFlagStore } from '@ats/persistence';
import type { FastifyInstance } from 'fastify';
import type { AuditRecorder } from '../audit/audit-recorder.js';
import { identifierSchema } from '../http/schema-parts.js';

interface FlagBody {
  enabled: boolean;
  reason?: string;
}

const flagBody = {
  type: 'object',
  required: ['enabled'],
  additionalProperties: false,
  properties: {
    enabled: { type: 'boolean' },
    reason: { type: 'string', minLength: 1, maxLength: 500 },
  },
} as const;

const idParams = {
  type: 'object',
  required: ['id'],
  additionalProperties: false,
  properties: { id: identifierSchema(50) },
} as const;

export function registerStrategyFlagRoutes(
  app: FastifyInstance,
  runtime: StrategyRuntime,
  flags: StrategyFlagStore,
  audit?: AuditRecorder,
): void {
  app.get('/strategies/flags', { config: { permission: 'read' } }, async () =>
    (await flags.listFlags()).map((flag) => ({ ...flag, changedAt: flag.changedAt.toISOString() })),
  );
  app.put<{ Params: { id: string }; Body: FlagBody }>(
    '/strategies/:id/enabled',
    { config: { permission: 'trade' }, schema: { params: idParams, body: flagBody } },
    async (request, reply) => {
      const { id } = request.params;
      if (runtime.isEnabled(id) === undefined)
        return reply.code(404).send({
          error: 'NOT_FOUND',
          message: `params.id: '${id}' is not a running strategy (${runtime.strategyIds().join(', ')})`,
        });
      // Durable first: a restart keeps what the operator set; then the runtime follows at once.
      const flag = await flags.setFlag(
        id,
        request.body.enabled,
        `${request.principal.kind}:${request.principal.id}`,
        request.body.reason ?? null,
      );
      const was = runtime.isEnabled(id);
      runtime.setEnabled(id, flag.enabled);
      // The HTTP hook records the call; this record says what changed, in the same chain.
      audit?.record({
        occurredAt: Date.now(),
        actor: { kind: request.principal.kind, id: request.principal.id, role: request.principal.role },
        action: 'strategy.flag_changed',
        object: id,
        source: request.ip,
        outcome: 'success',
        detail: { enabled: flag.enabled, was: was ?? null, reason: flag.reason },
      });
      return { ...flag, changedAt: flag.changedAt.toISOString() };
    },
  );
}
