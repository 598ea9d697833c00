// The Risk Manager's manual override routes: GET the mode (read), PUT it on or off with a reason
// (permission risk; the audit hook records the call and who made it).
import type { FastifyInstance } from 'fastify';
import type { ManualOverrideDesk } from './manual-override-desk.js';

const manualOverrideBody = {
  type: 'object',
  properties: {
    on: { type: 'boolean' },
    reason: { type: 'string', minLength: 1, maxLength: 500, pattern: '^[^\\u0000-\\u001f\\u007f]+$' },
  },
  required: ['on', 'reason'],
  additionalProperties: false,
} as const;

export function registerManualOverrideRoutes(app: FastifyInstance, desk: ManualOverrideDesk): void {
  app.get('/manual-override', { config: { permission: 'read' } }, async () => desk.current());
  app.put<{ Body: { on: boolean; reason: string } }>(
    '/manual-override',
    { config: { permission: 'risk' }, schema: { body: manualOverrideBody } },
    async (request) =>
      desk.set(request.body.on, request.body.reason, `${request.principal.kind}:${request.principal.id}`),
  );
}
