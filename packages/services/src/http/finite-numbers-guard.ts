// Refuses any request whose query, params or body holds a number that is not finite, naming the field.
import { InvalidInputError } from '@ats/core';
import type { FastifyInstance, FastifyRequest } from 'fastify';

/** The path of the first non-finite number inside `value`, or null when every number is finite. */
export function firstNonFiniteNumber(value: unknown, path: string, depth = 0): string | null {
  if (typeof value === 'number') return Number.isFinite(value) ? null : path;
  if (depth > 32 || value === null || typeof value !== 'object') return null;
  for (const [key, item] of Object.entries(value)) {
    const found = firstNonFiniteNumber(item, `${path}.${key}`, depth + 1);
    if (found !== null) return found;
  }
  return null;
}

/**
 * Schema coercion turns the query text `Infinity` or `1e309` into Infinity and then skips the
 * range keywords (Ajv's coercion path), so the bound is enforced here, after validation and before
 * any handler: a number that is not finite never reaches a repository or a scheduler.
 */
export function registerFiniteNumbersGuard(app: FastifyInstance): void {
  app.addHook('preHandler', async (request: FastifyRequest) => {
    for (const [part, value] of [
      ['querystring', request.query],
      ['params', request.params],
      ['body', request.body],
    ] as const) {
      const field = firstNonFiniteNumber(value, part);
      if (field !== null) throw new InvalidInputError(field, 'must be a finite number within its range');
    }
  });
}
