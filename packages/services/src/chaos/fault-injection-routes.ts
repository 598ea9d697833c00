// The Trade Executor's fault injection route (only when `execution.fault_injection` is on): GET and
// PUT the venue's injected latency and failure, for `ats chaos`. Admin only.
import type { FastifyInstance } from 'fastify';
import type { VenueFaults } from './fault-injecting-venue.js';

const faultsBody = {
  type: 'object',
  properties: {
    latencyMilliseconds: { type: 'integer', minimum: 0, maximum: 60_000 },
    failing: { type: 'boolean' },
  },
  additionalProperties: false,
  minProperties: 1,
} as const;

export function registerFaultInjectionRoutes(app: FastifyInstance, faults: VenueFaults): void {
  app.get('/fault-injection', { config: { permission: 'admin' } }, async () => ({ ...faults }));
  app.put<{ Body: Partial<VenueFaults> }>(
    '/fault-injection',
    { config: { permission: 'admin' }, schema: { body: faultsBody } },
    async (request) => {
      if (request.body.latencyMilliseconds !== undefined)
        faults.latencyMilliseconds = request.body.latencyMilliseconds;
      if (request.body.failing !== undefined) faults.failing = request.body.failing;
      return { ...faults };
    },
  );
}
