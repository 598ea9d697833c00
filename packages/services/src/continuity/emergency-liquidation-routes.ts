// The Trade Executor's emergency liquidation routes: GET the risk-ranked plan (read) and POST to
// flatten every position in that order (permission risk; the audit hook records who asked).
import type { FastifyInstance } from 'fastify';
import type { EmergencyLiquidation } from './emergency-liquidation.js';

const liquidationBody = {
  type: 'object',
  properties: {
    reason: { type: 'string', minLength: 1, maxLength: 500, pattern: '^[^\\u0000-\\u001f\\u007f]+$' },
  },
  required: ['reason'],
  additionalProperties: false,
} as const;

export function registerEmergencyLiquidationRoutes(
  app: FastifyInstance,
  liquidation: EmergencyLiquidation,
): void {
  app.get('/emergency-liquidation', { config: { permission: 'read' } }, async () => ({
    policy: 'largest one-day dollar risk first: |market value| x daily volatility',
    plan: liquidation.plan(),
  }));
  app.post<{ Body: { reason: string } }>(
    '/emergency-liquidation',
    { config: { permission: 'risk' }, schema: { body: liquidationBody } },
    async (request) =>
      liquidation.liquidate(request.body.reason, `${request.principal.kind}:${request.principal.id}`),
  );
}
