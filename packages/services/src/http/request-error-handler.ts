// Turns every error of a request into an answer that names the problem; a 500 hides its detail behind a correlation id.
import { AtsError, type ErrorCode, InvalidInputError } from '@ats/core';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

/** Where the detail of a failed request goes (a pino logger fits). */
export interface RequestErrorLog {
  error(fields: Record<string, unknown>, message: string): void;
}

/** Without a logger the detail still reaches an operator, as one JSON line on standard error. */
export const standardErrorLog: RequestErrorLog = {
  error(fields, message) {
    const err = fields.err as Error | undefined;
    process.stderr.write(
      `${JSON.stringify({ ...fields, err: err ? { message: err.message, stack: err.stack } : undefined, msg: message })}\n`,
    );
  },
};

/** HTTP statuses of the error codes that are the caller's doing; the rest are 503 if retryable, else 500. */
const statusOfCode: Partial<Record<ErrorCode, number>> = {
  INVALID_INPUT: 400,
  CONFIG_INVALID: 400,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  RATE_LIMITED: 429,
  QUEUE_FULL: 429,
};

interface ValidationIssue {
  readonly keyword?: string;
  readonly instancePath?: string;
  readonly message?: string;
  readonly params?: Record<string, unknown>;
}

/** `querystring.limit`, `body.trigger.type`: where in the request a schema check failed. */
function fieldOfValidation(context: string | undefined, issue: ValidationIssue): string {
  const path = (issue.instancePath ?? '').split('/').filter((part) => part !== '');
  const named = issue.params?.missingProperty ?? issue.params?.additionalProperty;
  if (typeof named === 'string') path.push(named);
  return [context ?? 'request', ...path].join('.');
}

function validationAnswer(error: FastifyError): { field: string; message: string } {
  const issue = (error.validation?.[0] ?? {}) as ValidationIssue;
  const field = fieldOfValidation(error.validationContext, issue);
  const additional = issue.params?.additionalProperty;
  const detail =
    typeof additional === 'string'
      ? 'is not an accepted field'
      : issue.keyword === 'not'
        ? 'is a reserved name'
        : (issue.message ?? error.message);
  return { field, message: `${field}: ${detail}` };
}

/**
 * The field an error names: its details, else the `field: problem` prefix the platform's messages
 * use; an INVALID_INPUT that names none is charged to the request as a whole.
 */
function fieldOfError(error: AtsError): string | null {
  if (typeof error.details.field === 'string') return error.details.field;
  const prefix = /^([A-Za-z][\w.[\]-]{0,80}): /.exec(error.message);
  if (prefix) return prefix[1] as string;
  return error.code === 'INVALID_INPUT' ? 'request' : null;
}

/** A bug or an outage: the caller gets a correlation id, the log gets the detail under the same id. */
function internalAnswer(
  reply: FastifyReply,
  request: FastifyRequest,
  log: RequestErrorLog,
  error: unknown,
  status: number,
  code: string,
): FastifyReply {
  const correlationId = String(request.id);
  log.error(
    { err: error, correlationId, method: request.method, route: request.routeOptions.url ?? request.url },
    'request failed',
  );
  const message = status === 503 ? 'service unavailable; retry later' : 'internal error';
  return reply
    .code(status)
    .header('x-correlation-id', correlationId)
    .send({ error: code, message, correlationId });
}

/** Maps platform, schema and framework errors to answers; no SQL text or stack ever reaches a caller. */
export function registerRequestErrorHandler(app: FastifyInstance, log: RequestErrorLog): void {
  app.setErrorHandler((error, request, reply) => {
    if (error instanceof InvalidInputError) {
      return reply.code(400).send({ error: error.code, field: error.field, message: error.message });
    }
    if (error instanceof AtsError) {
      const status = statusOfCode[error.code];
      if (status !== undefined) {
        const named = fieldOfError(error);
        const field = named !== null ? { field: named } : {};
        return reply.code(status).send({ error: error.code, ...field, message: error.message });
      }
      return internalAnswer(
        reply,
        request,
        log,
        error,
        error.retryable ? 503 : 500,
        error.retryable ? error.code : 'INTERNAL',
      );
    }
    const failure = error as FastifyError;
    if (failure.validation) {
      return reply.code(400).send({ error: 'INVALID_INPUT', ...validationAnswer(failure) });
    }
    const statusCode = typeof failure.statusCode === 'number' ? failure.statusCode : 500;
    if (statusCode >= 400 && statusCode < 500) {
      // The framework's own refusals (malformed JSON, unsupported media type, body too large).
      return reply
        .code(statusCode)
        .send({ error: 'BAD_REQUEST', field: 'request', message: failure.message || 'bad request' });
    }
    return internalAnswer(reply, request, log, error, 500, 'INTERNAL');
  });
  app.setNotFoundHandler((request, reply) =>
    reply.code(404).send({
      error: 'NOT_FOUND',
      field: 'url',
      message: `no route ${request.method} ${request.url.split('?')[0]}`,
    }),
  );
}
