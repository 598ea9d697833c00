// The Risk Manager's control routes: limit overrides per account, strategy and symbol, the restricted
// list and the kill switch. Bodies are validated by their schemas and again by the desk; every change
// is stored before it answers and is published as a RiskLimitChanged event.
import { preTradeLimitKeys } from '@ats/engine';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { identifierSchema, symbolSchema } from '../http/schema-parts.js';
import type { RiskControlDesk } from './risk-control-desk.js';

const configKeys = Object.values(preTradeLimitKeys).map((entry) => entry.configKey);
/** Free text for the audit trail: no control characters (PostgreSQL text refuses NUL). */
const reason = {
  type: 'string',
  minLength: 1,
  maxLength: 500,
  pattern: '^[^\\u0000-\\u001f\\u007f]+$',
} as const;

const limitsBody = {
  type: 'object',
  properties: {
    scope: { type: 'string', enum: ['account', 'strategy', 'symbol'] },
    scopeId: identifierSchema(50),
    limits: {
      type: 'object',
      propertyNames: { enum: configKeys },
      additionalProperties: {
        anyOf: [{ type: 'number' }, { type: 'string', maxLength: 30 }, { type: 'null' }],
      },
      minProperties: 1,
      maxProperties: configKeys.length,
    },
    reason,
  },
  required: ['scope', 'limits'],
  additionalProperties: false,
} as const;

interface LimitsBody {
  scope: 'account' | 'strategy' | 'symbol';
  scopeId?: string;
  limits: Record<string, number | string | null>;
  reason?: string;
}

const killSwitchBody = {
  type: 'object',
  properties: { halted: { type: 'boolean' }, reason },
  required: ['halted', 'reason'],
  additionalProperties: false,
} as const;

const restrictBody = {
  type: 'object',
  properties: { reason },
  required: ['reason'],
  additionalProperties: false,
} as const;

const symbolParams = {
  type: 'object',
  properties: { symbol: symbolSchema },
  required: ['symbol'],
  additionalProperties: false,
} as const;

/** Who changed it, for the audit trail: the authenticated principal of the request. */
function operatorOf(request: FastifyRequest): string {
  return `${request.principal.kind}:${request.principal.id}`;
}

export function registerRiskControlRoutes(app: FastifyInstance, desk: RiskControlDesk): void {
  app.get('/limits/overrides', { config: { permission: 'read' } }, async () => ({
    overrides: desk.overrides(),
  }));
  app.put<{ Body: LimitsBody }>(
    '/limits',
    { config: { permission: 'risk' }, schema: { body: limitsBody } },
    async (request) => {
      const body = request.body;
      await desk.setLimits(
        body.scope,
        body.scopeId,
        body.limits,
        body.reason ?? 'changed through the API',
        operatorOf(request),
      );
      return { overrides: desk.overrides() };
    },
  );
  app.get('/day-state', { config: { permission: 'read' } }, async () => desk.dayStateView());
  app.get('/restricted', { config: { permission: 'read' } }, async () => ({ restricted: desk.restricted() }));
  app.put<{ Params: { symbol: string }; Body: { reason: string } }>(
    '/restricted/:symbol',
    { config: { permission: 'risk' }, schema: { params: symbolParams, body: restrictBody } },
    async (request) => {
      await desk.restrict(request.params.symbol, request.body.reason, operatorOf(request));
      return { restricted: desk.restricted() };
    },
  );
  app.delete<{ Params: { symbol: string } }>(
    '/restricted/:symbol',
    { config: { permission: 'risk' }, schema: { params: symbolParams } },
    async (request, reply) => {
      const removed = await desk.unrestrict(
        request.params.symbol,
        'removed through the API',
        operatorOf(request),
      );
      if (!removed)
        return reply
          .code(404)
          .send({ error: 'NOT_FOUND', message: `${request.params.symbol} is not restricted` });
      return { restricted: desk.restricted() };
    },
  );
  app.put<{ Body: { halted: boolean; reason: string } }>(
    '/kill-switch',
    { config: { permission: 'risk' }, schema: { body: killSwitchBody } },
    async (request) => {
      await desk.setKillSwitch(request.body.halted, request.body.reason, operatorOf(request));
      return { halted: request.body.halted, reason: request.body.reason };
    },
  );
}
