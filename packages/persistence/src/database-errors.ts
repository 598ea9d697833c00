// Turns driver errors into the platform's typed errors: unavailable (retryable) or a rejected statement.
import { AtsError } from '@ats/core';

const connectionCodes = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'ENOTFOUND',
  'EPIPE',
  '57P01',
  '57P03',
  '08000',
  '08003',
  '08006',
  // Insufficient resources (disk full, out of memory, too many connections) and an I/O error: the
  // server is there but cannot do the work now; the same statement succeeds once it can.
  '53000',
  '53100',
  '53200',
  '53300',
  '58030',
]);

export function databaseError(error: unknown, statement: string): AtsError {
  if (error instanceof AtsError) return error;
  const code = (error as { code?: string }).code ?? '';
  const message = (error as Error).message ?? String(error);
  if (connectionCodes.has(code) || /connect|terminat|closed/i.test(message)) {
    return new AtsError('DATABASE_UNAVAILABLE', `database unavailable: ${message}`, {
      cause: error,
      details: { code },
    });
  }
  const head = statement.trim().split(/\s+/).slice(0, 4).join(' ');
  return new AtsError('DATABASE_QUERY_FAILED', `${head}...: ${message}`, { cause: error, details: { code } });
}
